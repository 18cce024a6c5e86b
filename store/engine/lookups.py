"""Looking up the records a save names, many at once.

A save of many new records (an import of 100,000 rows) must still check, for each, that no
record has its id yet, that no tombstone waits under it and that what it refers to exists;
each of those questions asked of a table read in place is one query of its index.
:class:`Lookups` asks each table once, for all of a save's ids together
(``Table.absent``), which of them it holds; the save (``resolve.py``) and the applying of
it (``loading.py``) then know those without asking again. Whatever it was not told about
is looked up as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..records.records import Record
from ..records.references import referred
from ..records.schema import DELETED_TABLE, FIELDS
from .table import Table
from .transaction import Op

Key = tuple[str, str]


class Lookups:
    """What a save looks up, answered from one question per table where it can be. The
    tables must not change between :meth:`ask` and the last look-up (the caller holds the
    write lock and the store's mutex)."""

    def __init__(self, table: Callable[[str], Table], lookup: Callable[[str, str], Any]) -> None:
        self._table = table
        self._lookup = lookup
        self.absent: dict[str, set[str]] = {}
        """{table: ids of records known not to exist} (taken out as they are created)."""
        self.present: dict[str, set[str]] = {}
        """{table: ids of records known to exist}."""

    def ask(self, keys: Iterable[Key]) -> None:
        """Find out in bulk which of ``keys`` name a record and which none."""
        by_table: dict[str, set[str]] = {}
        for name, record_id in keys:
            by_table.setdefault(name, set()).add(record_id)
        self._ask(by_table)

    def _ask(self, by_table: dict[str, set[str]]) -> None:
        for name, ids in by_table.items():
            missing = self._table(name).absent(list(ids))
            self.absent.setdefault(name, set()).update(missing)
            self.present.setdefault(name, set()).update(ids - missing)

    def ask_for(self, ops: Iterable[Op]) -> None:
        """Ask about the records ``ops`` change, the tombstones of those they create, and
        the records they refer to."""
        by_table: dict[str, set[str]] = {}
        tombstones = by_table[DELETED_TABLE] = set()
        data: dict[str, list[Mapping[str, Any]]] = {}
        for op in ops:
            ids = by_table.get(op.table)
            if ids is None:
                ids = by_table[op.table] = set()
            ids.add(op.id)
            if op.kind == "create":
                tombstones.add(op.id)
            if op.data is not None and op.table in FIELDS:
                data.setdefault(op.table, []).append(op.data)
        for name, records in data.items():
            for ref, targets in referred(name, records).items():
                by_table.setdefault(ref, set()).update(map(str, targets))
        self._ask({name: ids for name, ids in by_table.items() if ids})

    def get(self, table: str, record_id: str) -> Record | None:
        absent = self.absent.get(table)
        if absent is not None and record_id in absent:
            return None
        result: Record | None = self._lookup(table, record_id)
        return result

    def exists(self, table: str, record_id: str) -> bool:
        """Whether a record is stored, without decoding it."""
        present = self.present.get(table)
        if present is not None and record_id in present:
            return True
        absent = self.absent.get(table)
        if absent is not None and record_id in absent:
            return False
        return record_id in self._table(table)
