"""``rapport check``: is a data file sound? Read-only; it never changes the file.

It checks that the file (and its journal) can be read, that it is a Rapport file of a
schema this Rapport knows, that every record is one Rapport could have written (envelope,
fields, types: ``records/stored.py``), that every reference between records points to a
record that exists, and that every journal line is a save that could be applied. It counts
the records of each table and lists the backups kept beside the file.

It reports every damage it is shown instead of stopping at the first: damaged or invalid
journal lines are listed (and left out), and a file whose journal cannot be read at all is
still checked without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..context import Context
from ..errors import StoreError, UnreadableFile
from ..records.records import loads
from ..records.schema import AUDIT_TABLE, DELETED_TABLE, TABLES
from ..records.stored import stored_problems
from ..records.validate import broken_references
from .backups import list_backups
from .store import Store

MAX_PROBLEMS = 200


@dataclass
class Report:
    path: Path
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    backups: list[str] = field(default_factory=list)
    pending: int = 0
    notes: list[str] = field(default_factory=list)
    more: int = 0
    """Problems found beyond the first :data:`MAX_PROBLEMS` (not listed)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "file": str(self.path),
            "problems": self.problems + ([f"... and {self.more} more"] if self.more else []),
            "counts": self.counts,
            "pending_journal_bytes": self.pending,
            "backups": self.backups,
            "notes": self.notes,
        }


def check_file(path: str | Path, ctx: Context | None = None) -> Report:
    report = Report(Path(path))
    report.backups = [str(p) for p in list_backups(Path(path).resolve())]
    try:
        store = Store.open(report.path, ctx, create=False, checking=True)
    except UnreadableFile as e:
        report.add(str(e))
        journal = Path(str(e.path))
        if not journal.name.endswith(".journal"):
            return report
        # the journal as a whole cannot be read: check the data file without it
        try:
            store = Store.open(report.path, ctx, create=False, checking=True, journal=False)
        except StoreError as again:
            report.add(str(again))
            return report
    except StoreError as e:
        report.add(str(e))
        return report
    with store:
        for problem in store.problems:
            report.add(problem)
        report.notes.extend(store.notes)
        report.pending = store.pending_bytes()
        for table in TABLES:
            report.counts[table] = store.count(table)
            for record in _records(store, table):
                _check_record(store, table, record, report)
        for table in (DELETED_TABLE, AUDIT_TABLE):
            for record in _records(store, table):
                for problem in stored_problems(table, record):
                    report.add(f"{table} {record.get('id', '?')}: {problem}")
        report.counts["audit"] = store.count(AUDIT_TABLE)
    return report


def _records(store: Store, table: str) -> Iterator[Any]:
    """Every record of ``table``, decoded from its text but not frozen: it is only read."""
    for record_id in store.ids(table):
        text = store.text(table, record_id)
        if text is not None:
            yield loads(text)


def _check_record(store: Store, table: str, record: Any, report: Report) -> None:
    name = f"{table} {record.get('id', '?')}"
    for problem in stored_problems(table, record):
        report.add(f"{name}: {problem}")
    # A damaged file may hold ids that are not text, or a list that is not one: those are
    # reported above, and not looked up. A reference is looked up without decoding the record.
    try:
        broken = broken_references(
            table, record, lambda t, i: not isinstance(i, str) or store.contains(t, i)
        )
    except TypeError:
        return
    for error in broken:
        report.add(f"{name}: {error}")
