"""Changes to records, collected and then saved as one.

A :class:`Transaction` collects creates, updates and deletes; the store checks and writes
them together when the ``with`` block ends (all of them, or none). Each change may name
the version it was based on (``expect``); if someone else saved that record since, the
store raises :class:`~rapport.store.errors.ConflictError` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Protocol

from ..context import Context
from ..records.ids import new_id
from ..records.records import Record
from ..records.schema import FIELDS
from ..records.validate import clean


class Op(NamedTuple):
    """One change a save is asked to make (a named tuple: a big save makes 100,000)."""

    kind: Literal["create", "update", "delete", "put"]
    table: str
    id: str
    data: Mapping[str, Any] | None = None
    expect: int | None = None


class Change(NamedTuple):
    """One record before and after a save (``None``: it did not exist / no longer exists)."""

    table: str
    id: str
    before: Record | None
    after: Record | None


@dataclass(frozen=True)
class ChangeSet:
    """Everything one save changed; the unit that ``undo`` takes back."""

    label: str
    changes: tuple[Change, ...]
    tx: str = ""

    def __bool__(self) -> bool:
        return bool(self.changes)

    def created(self, table: str) -> list[Record]:
        return [c.after for c in self.changes if c.table == table and c.before is None and c.after]


class Committer(Protocol):
    """What a transaction is saved through: the store (kept a protocol so that this module
    does not import the store, which imports it)."""

    ctx: Context

    def commit(self, ops: list[Op], *, label: str = ..., undoable: bool = ...) -> ChangeSet: ...


@dataclass
class Transaction:
    store: Committer
    label: str = "change"
    undoable: bool = True
    ops: list[Op] = field(default_factory=list)
    result: ChangeSet | None = None

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.result = self.store.commit(self.ops, label=self.label, undoable=self.undoable)

    def create(
        self, table: str, data: Mapping[str, Any], *, id: str | None = None, checked: bool = False
    ) -> str:
        """Add a new record; return its id (usable by later changes in the same save).

        ``checked``: ``data`` is already what :func:`~rapport.store.validate.clean` returned.
        """
        record_id = id or new_id()
        values = dict(data) if checked else self._clean(table, data, partial=False)
        self.ops.append(Op("create", table, record_id, values))
        return record_id

    def update(
        self, table: str, record_id: str, changes: Mapping[str, Any], *, expect: int | None = None
    ) -> None:
        """Change some fields of a record; ``expect`` is the version the change was based on."""
        self.ops.append(
            Op("update", table, record_id, self._clean(table, changes, partial=True), expect)
        )

    def delete(self, table: str, record_id: str, *, expect: int | None = None) -> None:
        self.ops.append(Op("delete", table, record_id, None, expect))

    def _clean(self, table: str, data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
        if table not in FIELDS:
            raise KeyError(f"no table {table!r}")
        return clean(table, data, partial=partial, today=self.store.ctx.today())

    def put(self, table: str, record: Mapping[str, Any]) -> None:
        """Store a whole record as given, envelope and all (merging and restoring files)."""
        self.ops.append(Op("put", table, str(record["id"]), record))
