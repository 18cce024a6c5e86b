"""Merging another data file (a laptop's copy, or a separate file) into this one.

Records are matched by id (ids are random, so two files never invent the same one). For
each record the merge looks at both sides' current version (a live record, or a
tombstone in ``_deleted`` if it was deleted) and at each side's history of it: the revs
named by its audit entries (``rev`` and ``prev_rev``) and by its listed conflicts.

* Present on one side only: kept (brought in, if it is the other file's).
* Same rev on both: nothing to do.
* One side *descends* from the other (the other's rev is in its history): the
  descendant wins, silently. So a record changed only on the laptop comes in, and a
  record deleted on one side and unchanged on the other is deleted.
* Neither descends (both changed since they parted): for two live versions the newer
  ``updated_at`` wins (then the higher version, then the higher rev); a changed record
  beats a deletion ("deletions win only over unchanged records"); of two deletions the
  later is kept. The losing version is listed in the ``conflicts`` table (``table``,
  ``record``, ``kept``, ``other``, ``source``, ``resolved``), where the app shows it and
  :func:`resolve_conflict` settles it record by record. A conflict already listed is
  not listed again.
* A deletion that would leave a kept record pointing at nothing (the laptop logged a call
  with a contact deleted here) does not win: the deleted record is kept and listed.

Audit entries and tombstones are unioned. Everything is written as whole records with
their envelope (``put``) in one transaction, after a backup of this file is kept.
Listed conflicts are settled with ``conflicts.resolve_conflict``.
Merging the same file again changes nothing; merging A into B and B into A gives the same
records, versions and conflicts.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine.store import Store
from ..engine.transaction import Op
from ..errors import StoreError
from ..postgres import Location, is_url, open_target, safe_url
from ..records.ids import new_id
from ..records.names import fold
from ..records.records import Record, content, freeze, loads, thaw
from ..records.schema import AUDIT_TABLE, DELETED_TABLE, FIELDS, TABLES
from ..records.validate import ValidationError, clean
from .merge_sides import Side, Version, differences


def decide(a: Version | None, b: Version | None, ha: set[str], hb: set[str]) -> tuple[int, bool]:
    """Which of ``a`` (0) and ``b`` (1) wins, and whether the other is a conflict.
    Symmetric: ``decide(b, a, hb, ha)`` names the same version."""
    if b is None:
        return 0, False
    if a is None:
        return 1, False
    if a.rev == b.rev:
        return 0, False
    a_descends, b_descends = b.rev in ha, a.rev in hb
    if a_descends != b_descends:
        return (0 if a_descends else 1), False
    if a.deleted and b.deleted:
        return (0 if a.order() > b.order() else 1), False
    if a.deleted != b.deleted:
        return (1 if a.deleted else 0), True
    return (0 if a.order() > b.order() else 1), True


@dataclass
class Conflict:
    table: str
    record: str
    kept: Version
    other: Version
    why: str


@dataclass
class MergePlan:
    """What a merge does (or did): counts per table, conflicts, and the changes to save."""

    source: str
    added: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    history: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    """The conflicts this merge lists (new ones only)."""
    listed_before: int = 0
    """Conflicts found again that either file already lists (not listed twice)."""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)
    revision: int = 0
    written: bool = False
    backup: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "ok": self.ok,
            "added": dict(self.added),
            "changed": dict(self.changed),
            "deleted": dict(self.deleted),
            "history": dict(self.history),
            "conflicts": [
                {
                    "table": c.table,
                    "record": c.record,
                    "kept": "this file" if c.kept.mine else "other file",
                    "why": c.why,
                    "name": label(c.kept.record) or label(c.other.record),
                }
                for c in self.conflicts
            ],
            "conflicts_listed_before": self.listed_before,
            "problems": self.problems,
            "notes": self.notes,
            "written": self.written,
            "backup": self.backup,
        }


def label(record: Mapping[str, Any]) -> str:
    """A record's most telling text, for reports."""
    for key in ("name", "summary", "what", "date"):
        value = record.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _refs(table: str, record: Mapping[str, Any]) -> Iterator[str]:
    for f in FIELDS[table].values():
        if f.kind == "ref" and record.get(f.name):
            yield str(record[f.name])
        elif f.kind == "refs":
            yield from (str(v) for v in record.get(f.name) or ())


def _incoming_problems(version: Version) -> list[str]:
    """Why a record from the other file cannot be written here (a damaged file)."""
    record, name = version.record, f"{version.table} {version.record.get('id')}"
    if version.table not in FIELDS:
        return [f"{name}: no such table"]
    problems = []
    if not isinstance(record.get("version"), int) or not isinstance(record.get("rev"), str):
        problems.append(f"{name}: version or rev is missing")
    if not version.deleted:
        try:
            clean(version.table, thaw(content(record)), formats=False)
        except ValidationError as e:
            problems.extend(f"{name}: {x}" for x in e.errors)
    return problems


def plan_merge(store: Store, other: Store, *, source: str = "") -> MergePlan:
    """Work out the merge of ``other`` into ``store``; write nothing."""
    plan = MergePlan(source or str(other.path), revision=store.revision)
    a, b = Side(store, True), Side(other, False)
    found = differences(store, other)
    pairs: dict[str, tuple[Version | None, Version]] = {}
    for record_id in sorted(found.records):
        tombs = a.tombstone(record_id), b.tombstone(record_id)
        named = {str(t.get("table")) for t in tombs if t is not None} & TABLES.keys()
        tables = sorted(found.records[record_id] | named)
        va, vb = a.look(record_id, tables, tombs[0]), b.look(record_id, tables, tombs[1])
        if vb is None or (va is not None and va.rev == vb.rev):
            continue
        pairs[record_id] = va, vb
    both = {record_id for record_id, (va, _) in pairs.items() if va is not None}
    a.gather_history(both)
    b.gather_history(both)
    merged: dict[str, Version] = {}
    for record_id, (va, vb) in pairs.items():
        winner, conflict = decide(va, vb, a.history(record_id), b.history(record_id))
        kept, lost = (va, vb) if winner == 0 else (vb, va)
        assert kept is not None
        merged[record_id] = kept
        if conflict and lost is not None:
            why = (
                "deleted on one side, changed on the other"
                if lost.deleted
                else "changed on both sides"
            )
            plan.conflicts.append(Conflict(kept.table, record_id, kept, lost, why))
    _keep_what_is_used(a, b, merged, plan)
    _write_ops(store, a, b, merged, found.audit, plan)
    return plan


_ID = re.compile(r'"([0-9a-z]{12})"')
"""A record id as it appears in a record's text (a reference is one)."""


def _keep_what_is_used(a: Side, b: Side, merged: dict[str, Version], plan: MergePlan) -> None:
    """A deletion does not win while a kept record still points at the deleted record."""
    contested: dict[str, Version] = {}
    for record_id, version in merged.items():
        if version.deleted:
            live = next(
                (v for v in (a.version(record_id), b.version(record_id)) if v and not v.deleted),
                None,
            )
            if live is not None:
                contested[record_id] = live
    if not contested:
        return
    targets = {v.table for v in contested.values()}
    frontier: list[tuple[str, Record]] = []
    for table in TABLES:
        if not any(f.ref in targets for f in FIELDS[table].values() if f.kind in ("ref", "refs")):
            continue
        # the records as they will be: what the merge keeps, else this file's; of this
        # file's, only those whose text names a contested record are decoded
        frontier.extend(
            (table, v.record) for v in merged.values() if v.table == table and not v.deleted
        )
        for text in a.store.texts(table):
            if contested.keys().isdisjoint(_ID.findall(text)):
                continue
            record = freeze(loads(text))
            if record["id"] not in merged:
                frontier.append((table, record))
    while frontier:
        found: list[tuple[str, Record]] = []
        for table, record in frontier:
            for target in _refs(table, record):
                live = contested.pop(target, None)
                if live is None:
                    continue
                tomb = merged[target]
                merged[target] = live
                plan.conflicts = [c for c in plan.conflicts if c.record != target]
                why = f"deleted on one side, still used by {table} {record['id']} on the other"
                plan.conflicts.append(Conflict(live.table, target, live, tomb, why))
                found.append((live.table, live.record))
        frontier = found


def _write_ops(
    store: Store,
    a: Side,
    b: Side,
    merged: dict[str, Version],
    audit: list[str],
    plan: MergePlan,
) -> None:
    for record_id, version in merged.items():
        if version.mine:
            continue
        problems = _incoming_problems(version)
        if problems:
            plan.problems.extend(problems)
            continue
        mine = a.version(record_id)
        table = DELETED_TABLE if version.deleted else version.table
        plan.ops.append(Op("put", table, record_id, thaw(version.record)))
        if version.deleted:
            if mine is not None and not mine.deleted:
                plan.deleted[version.table] += 1
            else:
                plan.history["tombstones"] += 1
        elif mine is None or mine.deleted:
            plan.added[version.table] += 1
        else:
            plan.changed[version.table] += 1
    for entry_id in audit:
        entry = b.store.get(AUDIT_TABLE, entry_id)
        if entry is not None:
            plan.ops.append(Op("put", AUDIT_TABLE, entry_id, thaw(entry)))
            plan.history["audit entries"] += 1
    listed = {
        (
            c["table"],
            c["record"],
            (c.get("kept") or {}).get("rev"),
            (c.get("other") or {}).get("rev"),
        )
        for side in (a, b)
        for c in side.store.all("conflicts")
    }
    found, plan.conflicts = plan.conflicts, []
    for c in found:
        if (c.table, c.record, c.kept.rev, c.other.rev) in listed:
            plan.listed_before += 1
            continue
        plan.conflicts.append(c)
        data = {
            "table": c.table,
            "record": c.record,
            "kept": thaw(c.kept.record),
            "other": thaw(c.other.record),
            "source": plan.source,
            "resolved": False,
        }
        plan.ops.append(Op("create", "conflicts", new_id(), clean("conflicts", data)))
    if plan.problems:
        plan.ops = []
        return
    names = Counter(fold(name) for name in _names_after(a, merged))
    for name, count in sorted(names.items()):
        if count > 1:
            plan.notes.append(f"{count} accounts are now named {name!r}: rename or delete one")


def _names_after(a: Side, merged: dict[str, Version]) -> Iterator[str]:
    """The accounts' names after the merge (each of this file's decoded only for its name,
    not kept)."""
    for text in a.store.texts("accounts"):
        account = loads(text)
        if account["id"] not in merged:
            yield account["name"]
    for version in merged.values():
        if version.table == "accounts" and not version.deleted:
            yield version.record["name"]


def merge_file(
    store: Store,
    other_path: str | Path,  # a data file, or a database's postgresql:// URL
    *,
    dry_run: bool = False,
) -> MergePlan:
    """Merge the data file at ``other_path`` into ``store`` (see the module docstring).

    Raises :class:`StoreError` if the other file cannot be read or is this file itself.
    Writes nothing if ``dry_run`` or if any record of the other file is damaged (listed
    in ``problems``).
    """
    if is_url(other_path):
        shown = safe_url(str(other_path))
        if shown == str(store.path):
            raise StoreError(f"{shown}: is this database itself; merge another into it")
        name = Location(str(other_path)).name
    else:
        other_path = Path(other_path)
        if (
            isinstance(store.path, Path)
            and other_path.exists()
            and store.path.exists()
            and os.path.samefile(other_path, store.path)
        ):
            raise StoreError(f"{other_path}: is this data file itself; merge another file into it")
        shown, name = str(other_path), other_path.name
    with open_target(other_path, store.ctx, create=False, read_only=True) as other:
        plan = plan_merge(store, other, source=shown)
        if dry_run or not plan.ops:
            return plan
        with store.exclusive():
            store.refresh()
            if store.revision != plan.revision:
                plan = plan_merge(store, other, source=shown)
                if not plan.ops:
                    return plan
            plan.backup = str(store.backup("merge"))
            store.commit(plan.ops, label=f"merge {name}")
            plan.written = True
    return plan
