"""Fast entry of survey scores: one key per statement.

``1``..``5`` scores the statement under the cursor and moves on; ``0`` or space leaves it
unanswered and moves on; backspace goes back and clears; up/down (k/j) move. After the
last statement the focus moves on to the next field, so a whole response is a dozen keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rapport.store.records import visible

SCALE = {1: "strongly disagree", 2: "disagree", 3: "neutral", 4: "agree", 5: "strongly agree"}


class ScoreGrid(Widget, can_focus=True):
    DEFAULT_CSS = """
    ScoreGrid { height: auto; padding: 0 1; background: $boost; }
    ScoreGrid:focus { background: $panel; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous statement", show=False, id="scores.up"),
        Binding("down,j", "move(1)", "Next statement", show=False, id="scores.down"),
    ]
    cursor: reactive[int] = reactive(0)
    mirror: reactive[bool] = reactive(False, layout=True)
    """An employee mirror: each statement is scored as our staff expect the customer to
    answer it, and the grid says so (the customer's wording is quoted, not ours)."""

    class Changed(Message):
        def __init__(self, grid: ScoreGrid) -> None:
            super().__init__()
            self.grid = grid

        @property
        def control(self) -> ScoreGrid:
            return self.grid

    def __init__(
        self,
        statements: Sequence[tuple[str, str, str]],
        scores: dict[str, int] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """``statements``: (key, factor name, text) in the order they are asked."""
        super().__init__(id=id)
        self.statements = list(statements)
        self.scores: dict[str, int] = dict(scores or {})

    def render(self) -> Text:
        out = Text(end="")
        width = max(10, self.size.width - 8)
        if self.mirror:
            out.append(
                "As you expect the customer to answer: how would they rate each statement?\n",
                style="bold",
            )
        for i, (key, factor, text) in enumerate(self.statements):
            score = self.scores.get(key)
            here = i == self.cursor and self.has_focus
            mark = "▶" if here else " "
            line = Text(
                f"{mark} {score if score is not None else '·'}  ", style="bold" if here else ""
            )
            label = visible(
                f"{factor}: they'd say “{text}”" if self.mirror else f"{factor}: {text}"
            )
            line.append(
                label[:width] + ("…" if len(label) > width else ""), style="reverse" if here else ""
            )
            out.append_text(line)
            out.append("\n")
        scale = "1-5 as they would score it" if self.mirror else "1-5 score"
        out.append(f"{scale} · 0/space not answered · backspace back", style="dim")
        return out

    def get_content_height(self, container, viewport, width):  # type: ignore[no-untyped-def]
        return len(self.statements) + 1 + self.mirror

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char and char in "12345":
            self._set(int(char))
        elif char in ("0", " "):
            self._set(None)
        elif event.key == "backspace":
            self.cursor = max(0, self.cursor - 1)
            self.scores.pop(self.statements[self.cursor][0], None)
            self.refresh()
            self.post_message(self.Changed(self))
        else:
            return
        event.stop()
        event.prevent_default()

    def _set(self, score: int | None) -> None:
        key = self.statements[self.cursor][0]
        if score is None:
            self.scores.pop(key, None)
        else:
            self.scores[key] = score
        self.post_message(self.Changed(self))
        if self.cursor < len(self.statements) - 1:
            self.cursor += 1
        else:
            self.refresh()
            self.screen.focus_next()

    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(len(self.statements) - 1, self.cursor + delta))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
