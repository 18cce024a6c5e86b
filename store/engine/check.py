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
from ..records.records import loads
from ..records.schema import AUDIT_TABLE, DELETED_TABLE, TABLES
from ..records.stored import stored_problems
from ..records.validate import pointing_nowhere, references
from .backups import list_backups
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
        report.counts["audit"] = store.count(AUDIT_TABLE)
        if report.ok:  # nothing is written beside a damaged file
            checking.verdicts.save()
    return report


class _Checking:
    """The records of one store judged, a block at a time (``verdicts.py``): a block judged
    sound before exactly as it is now is not decoded again, only its references looked up;
    any other is decoded and judged record by record."""

    def __init__(self, store: Store, report: Report) -> None:
        self.store = store
        self.report = report
        self.verdicts = Verdicts(store.derived, fingerprint())
        self._ids: dict[str, frozenset[str]] = {}

    def _held(self, table: str) -> frozenset[str]:
        ids = self._ids.get(table)
        if ids is None:
            ids = self._ids[table] = frozenset(self.store.ids(table))
        return ids

    def _exists(self, table: str, record_id: Any) -> bool:
        # A damaged file may hold ids that are not text: those are reported by
        # stored_problems, and not looked up.
        return not isinstance(record_id, str) or record_id in self._held(table)

    def table(self, table: str, *, referencing: bool) -> None:
        ids, texts = self.store.id_texts(table)
        if None in texts:  # pragma: no cover - a snapshot holds none today
            kept = [(i, t) for i, t in zip(ids, texts, strict=True) if t is not None]
            ids, texts = [i for i, _ in kept], [t for _, t in kept]
        for start, end in blocks(ids):
            block_ids, block_texts = ids[start:end], texts[start:end]
            stamp = self.verdicts.stamp(table, block_ids, block_texts)  # type: ignore[arg-type]
            refs = self.verdicts.references(table, block_ids[0], stamp)
            if refs is not None and all(self._held(t).issuperset(i) for t, i in refs.items()):
                continue
            found = self._judge(table, block_ids, block_texts, referencing=referencing)
            if found is not None:
                self.verdicts.keep(table, block_ids[0], stamp, found)

    def _judge(
        self, table: str, ids: list[str], texts: list[Any], *, referencing: bool
    ) -> dict[str, set[str]] | None:
        """Judge each record of a block; its references if every one is sound, else None."""
        add = self.report.add
        sound = True
        made: dict[str, set[str]] = {}
        for record_id, text in zip(ids, texts, strict=True):
            record = loads(text)
            name = f"{table} {record.get('id', '?')}"
            problems = stored_problems(table, record)
            for problem in problems:
                add(f"{name}: {problem}")
            sound = sound and not problems and record.get("id") == record_id
            try:  # a list that is not one is reported above, and not looked up
                refs = (
                    [(f.name, t, i) for f, t, i in references(table, record)] if referencing else []
                )
            except TypeError:
                sound = False
                continue
            for error in pointing_nowhere(refs, self._exists):
                add(f"{name}: {error}")
            for _, t, i in refs:
                made.setdefault(t, set()).add(i)
        return made if sound else None
