"""What can go wrong with a data file, each with a message that names the file and the problem."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any


class StoreError(Exception):
    """Base of every error the store reports to users."""


class UnreadableFile(StoreError):
    """The data file (or its journal) cannot be read; it is left exactly as it is."""

    def __init__(self, path: object, problem: str, backup: object | None = None) -> None:
        self.path = path
        self.problem = problem
        self.backup = backup
        message = f"{path}: {problem}."
        if os.path.exists(str(path)):
            message += " The file was not changed."
        if backup:
            message += f" The newest backup is {backup}."
        super().__init__(message)


class NotSaved(StoreError):
    """A save was refused before any of it was written (or what was written was taken
    back): it is absent, and saying so is the truth. ``path`` names the file at fault."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}; nothing was saved.")


class StoreBusy(StoreError):
    """Another process held the lock for too long."""


class NotFound(StoreError):
    def __init__(self, table: str, record_id: str) -> None:
        self.table = table
        self.record_id = record_id
        super().__init__(f"{table}: no record with id {record_id}")


class ConflictError(StoreError):
    """Someone else saved the same record since this edit started; nothing was written.

    ``mine`` is the record as this edit would have saved it, ``theirs`` the record as it is
    now in the file (``None`` if it was deleted).
    """

    def __init__(
        self,
        table: str,
        record_id: str,
        mine: Mapping[str, Any] | None,
        theirs: Mapping[str, Any] | None,
        expected: int | None,
    ) -> None:
        self.table = table
        self.record_id = record_id
        self.mine = mine
        self.theirs = theirs
        self.expected = expected
        if theirs is None:
            what = "deleted it"
        else:
            what = f"saved version {theirs.get('version')} (by {theirs.get('updated_by', '?')})"
        super().__init__(
            f"{table} {record_id}: changed elsewhere since you opened it: "
            f"someone {what}; you edited version {expected}"
        )
