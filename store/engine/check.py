"""``rapport check``: is a data file sound? Read-only; it never changes the file.

It checks that the file (and its journal) can be read, that its schema is one this
Rapport knows, that every record has its envelope and valid fields, and that every
reference between records points to a record that exists. It counts the records of each
table and lists the backups kept beside the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..context import Context
from ..errors import StoreError
from ..records.records import content, thaw
from ..records.schema import TABLES
from ..records.validate import ValidationError, broken_references, clean
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
    report.backups = [str(p) for p in list_backups(report.path)]
    try:
        store = Store.open(report.path, ctx, create=False, read_only=True)
    except StoreError as e:
        report.add(str(e))
        return report
    report.notes.extend(store.notes)
    report.pending = store.pending_bytes()
    for table in TABLES:
        report.counts[table] = store.count(table)
        for record in store.all(table):
            _check_record(store, table, record, report)
    report.counts["audit"] = store.count("_audit")
    return report


def _check_record(store: Store, table: str, record: Any, report: Report) -> None:
    name = f"{table} {record.get('id', '?')}"
    version = record.get("version")
    if not isinstance(version, int) or version < 1:
        report.add(f"{name}: version: {version!r} is not a positive whole number")
    for key in ("rev", "updated_at", "updated_by"):
        if not isinstance(record.get(key), str) or not record.get(key):
            report.add(f"{name}: {key}: is missing")
    try:
        clean(table, thaw(content(record)))
    except ValidationError as e:
        for error in e.errors:
            report.add(f"{name}: {error}")
    # A damaged file may hold ids that are not text: those are not looked up.
    for error in broken_references(
        table, record, lambda t, i: not isinstance(i, str) or store.get(t, i) is not None
    ):
        report.add(f"{name}: {error}")
