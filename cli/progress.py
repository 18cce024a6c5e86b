"""A progress bar on stderr for long imports and merges (only on a terminal)."""

from __future__ import annotations

from types import TracebackType

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .output import err

SHOW_ABOVE = 2_000
"""A file with more rows than this gets a progress bar."""

PHASES = {"checking": "checking rows", "writing": "saving", "reading": "reading"}


class Bar:
    """A ``store.import_plan.Progress`` callback drawing a Rich progress bar on stderr.

    It appears only when stderr is a terminal and the job has more than
    :data:`SHOW_ABOVE` items; it is removed when done, leaving the report alone.
    """

    def __init__(self, show_above: int = SHOW_ABOVE) -> None:
        self.show_above = show_above
        self.progress: Progress | None = None
        self.tasks: dict[str, int] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.progress is None:
            if total <= self.show_above or not err.is_terminal:
                return
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self.progress.start()
        task = self.tasks.get(phase)
        if task is None:
            task = self.tasks[phase] = self.progress.add_task(PHASES.get(phase, phase), total=total)
        self.progress.update(task, completed=done, total=total)
        self.progress.refresh()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def __enter__(self) -> Bar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
