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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..context import Context
from ..errors import StoreError, UnreadableFile
from ..records.schema import AUDIT_TABLE, DELETED_TABLE, TABLES
from .backups import list_backups
from .judging import Block, Held, judge
from .store import Store
from .verdicts import Verdicts, blocks, fingerprint

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
        checking = _Checking(store, report)
        for table in TABLES:
            report.counts[table] = store.count(table)
            checking.table(table, referencing=True)
        for table in (DELETED_TABLE, AUDIT_TABLE):
            checking.table(table, referencing=False)
        checking.judge()
        report.counts["audit"] = store.count(AUDIT_TABLE)
        if report.ok:  # nothing is written beside a damaged file
            checking.verdicts.save()
    return report


class _Checking:
    """The records of one store judged, a block at a time (``verdicts.py``): a block judged
    sound before exactly as it is now is not decoded again, only its references looked up;
    the others are decoded and judged record by record (``judging.py``)."""

    def __init__(self, store: Store, report: Report) -> None:
        self.store = store
        self.report = report
        self.verdicts = Verdicts(store.derived, fingerprint())
        self.held = Held(store)
        self._blocks: list[Block] = []

    def table(self, table: str, *, referencing: bool) -> None:
        """Note the blocks of ``table`` to judge (those not judged sound before as they are)."""
        ids, texts = self.store.id_texts(table)
        if None in texts:  # pragma: no cover - a snapshot holds none today
            kept = [(i, t) for i, t in zip(ids, texts, strict=True) if t is not None]
            ids, texts = [i for i, _ in kept], [t for _, t in kept]
        for start, end in blocks(ids):
            block = Block(table, referencing, ids[start:end], texts[start:end])  # type: ignore[arg-type]
            block.stamp = self.verdicts.stamp(table, block.ids, block.texts)
            refs = self.verdicts.references(table, block.ids[0], block.stamp)
            if refs is None or not all(self.held(t).issuperset(i) for t, i in refs.items()):
                self._blocks.append(block)

    def judge(self) -> None:
        """Judge the blocks noted, and report what is wrong in the order of the records."""
        for block in self._blocks:
            messages, made = judge(block, self.held)
            for message in messages:
                self.report.add(message)
            if made is not None:
                self.verdicts.keep(block.table, block.ids[0], block.stamp, made)
