"""The two files of a merge as it reads them (``merge.py`` decides and writes).

Which records differ is found from the revs the two stores hold (``Store.revs``: for a file
read in place, its index; nothing decoded, no page of the file read), table by table in
the order of their ids, so that a record the same on both sides is never decoded and the
ids are never all held at once. Only the records that differ are read, each side's version
of them looked up once (:meth:`Side.look`), and only their histories gathered (the revs a
side's audit entries and listed conflicts name).

A record is live in its table or a tombstone in ``_deleted``, never both (the engine keeps
it so), and it keeps its table for life (a tombstone names it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..engine.store import Store
from ..records.records import Record, loads
from ..records.schema import AUDIT_TABLE, DELETED_TABLE, TABLES

_AUDIT_HEAD = re.compile(r'\{"id":"[0-9a-z]{12}","table":"(?:[^"\\]|\\.)*","record":"([^"\\]*)"')
"""The start of an audit entry as Rapport writes it, up to the record it is about."""


@dataclass(frozen=True)
class Version:
    """One side's current state of a record: a live version or a tombstone."""

    table: str
    record: Record
    deleted: bool
    mine: bool

    @property
    def rev(self) -> str:
        return str(self.record.get("rev") or "")

    def order(self) -> tuple[str, int, str]:
        """Newer sorts higher: updated_at, then version, then rev."""
        version = self.record.get("version")
        return (
            str(self.record.get("updated_at") or ""),
            version if isinstance(version, int) else 0,
            self.rev,
        )


class Side:
    """One file as the merge reads it: its versions of the records that differ."""

    def __init__(self, store: Store, mine: bool) -> None:
        self.store = store
        self.mine = mine
        self._versions: dict[str, Version | None] = {}
        self._history: dict[str, set[str]] = {}

    def tombstone(self, record_id: str) -> Record | None:
        return self.store.get(DELETED_TABLE, record_id)

    def look(self, record_id: str, tables: Iterable[str], tomb: Record | None) -> Version | None:
        """This side's version of a record that differs: live in one of ``tables`` (those it
        may be in), else its tombstone ``tomb``, else None; kept for :meth:`version`."""
        found: Version | None = None
        for table in tables:
            record = self.store.get(table, record_id)
            if record is not None:
                found = Version(table, record, False, self.mine)
                break
        else:
            if tomb is not None:
                found = Version(str(tomb.get("table", "")), tomb, True, self.mine)
        self._versions[record_id] = found
        return found

    def version(self, record_id: str) -> Version | None:
        """This side's version of a record :meth:`look` looked up."""
        return self._versions[record_id]

    def gather_history(self, wanted: set[str]) -> None:
        """Note the history of each record in ``wanted``: the revs named by its audit entries
        (``rev`` and ``prev_rev``) and by its listed conflicts. Only the audit entries about
        those records are decoded."""
        if not wanted:
            return
        for text in self.store.texts(AUDIT_TABLE):
            head = _AUDIT_HEAD.match(text)
            if head is not None and head.group(1) not in wanted:
                continue
            entry = loads(text)
            record_id = str(entry.get("record"))
            if record_id in wanted:
                revs = self._history.setdefault(record_id, set())
                revs.update(r for r in (entry.get("rev"), entry.get("prev_rev")) if r)
        for c in self.store.all("conflicts"):
            if c["record"] in wanted:
                revs = self._history.setdefault(c["record"], set())
                for version in (c.get("kept"), c.get("other")):
                    if isinstance(version, Mapping) and version.get("rev"):
                        revs.add(version["rev"])

    def history(self, record_id: str) -> set[str]:
        return self._history.get(record_id, set())


@dataclass
class Differences:
    """What the other file holds that this one does not hold the same."""

    records: dict[str, set[str]] = field(default_factory=dict)
    """Record id -> the tables it is live in on either side (empty: a tombstone only), for
    every record of the other file this one lacks or holds at another rev."""
    audit: list[str] = field(default_factory=list)
    """The other file's audit entries this one lacks (entries never change: by id)."""


def differences(mine: Store, other: Store) -> Differences:
    """Compare the two stores table by table from their revs (see the module docstring)."""
    found = Differences()
    for table in (*TABLES, DELETED_TABLE):
        for record_id, _, same in _join(mine.revs(table), other.revs(table)):
            if not same:
                tables = found.records.setdefault(record_id, set())
                if table != DELETED_TABLE:
                    tables.add(table)
    found.audit = [
        entry_id
        for entry_id, held, _ in _join(mine.revs(AUDIT_TABLE), other.revs(AUDIT_TABLE))
        if not held
    ]
    return found


def _join(
    mine: Iterable[tuple[str, str | None]], theirs: Iterable[tuple[str, str | None]]
) -> Iterator[tuple[str, bool, bool]]:
    """For each of ``theirs``' ``(id, rev)`` (both in id order): the id, whether ``mine``
    holds it, and whether at the same known rev."""
    rows = iter(mine)
    here = next(rows, None)
    for record_id, rev in theirs:
        while here is not None and here[0] < record_id:
            here = next(rows, None)
        if here is not None and here[0] == record_id:
            yield record_id, True, rev is not None and here[1] == rev
        else:
            yield record_id, False, False
