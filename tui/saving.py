"""Saving from the app: every save runs in a thread worker and calls back on the event
loop (mixed into :class:`~rapport.tui.app.RapportApp`, whose store and store_changed
signal it uses)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import work

from rapport.store import (
    ChangeSet,
    ConflictError,
    Store,
    StoreError,
    Touched,
    ValidationError,
)

from .safe import content

T = TypeVar("T")


class Saving:
    def save(
        self,
        action: Callable[[Store], T],
        *,
        done: Callable[[T], Any] | None = None,
        invalid: Callable[[ValidationError], Any] | None = None,
        conflict: Callable[[ConflictError], Any] | None = None,
        failed: Callable[[Exception], Any] | None = None,
    ) -> None:
        """Run ``action(store)`` in a thread worker, then call back on the event loop.

        A validation error goes to ``invalid`` (forms show it at the field), a conflict to
        ``conflict``; either, if not given, and any other failure is reported in a toast.
        After a save every screen hears of it through :attr:`store_changed`.
        """
        self._run_save(action, done, invalid, conflict, failed)

    @work(thread=True, group="save", exit_on_error=False)
    def _run_save(
        self,
        action: Callable[[Store], Any],
        done: Callable[[Any], Any] | None,
        invalid: Callable[[ValidationError], Any] | None,
        conflict: Callable[[ConflictError], Any] | None,
        failed: Callable[[Exception], Any] | None,
    ) -> None:
        assert self.store is not None
        try:
            result = action(self.store)
        except ValidationError as e:
            self.call_from_thread(invalid or self._report, e)
            return
        except ConflictError as e:
            self.call_from_thread(conflict or self._report, e)
            return
        except (StoreError, OSError) as e:
            self.call_from_thread(failed or self._report, e)
            return
        self.call_from_thread(self._saved, result, done)

    def _saved(self, result: Any, done: Callable[[Any], Any] | None) -> None:
        if isinstance(result, ChangeSet) and result:
            self.store_changed.publish(touched_by(result))
        if done is not None:
            done(result)

    def _report(self, error: Exception) -> None:
        self.notify(content(str(error)), title="Not saved", severity="error", timeout=8)


def touched_by(change_set: ChangeSet) -> Touched:
    touched = Touched()
    for change in change_set.changes:
        touched.tables.add(change.table)
        for record in (change.before, change.after):
            if record is not None and record.get("account"):
                touched.accounts.add(record["account"])
        if change.table == "accounts":
            touched.accounts.add(change.id)
    return touched
