"""Turn a transaction's changes into the records to write: versions, fingerprints, audit
entries and tombstones, after checking versions (conflicts) and references.

Pure: it reads the current records through ``lookup`` (and, where only whether a record
exists matters, as for references, through ``exists``) and returns what to write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..context import Context
from ..errors import ConflictError, NotFound, StoreError
from ..records.ids import new_id
from ..records.records import Record, content, rev_of, thaw
from ..records.references import broken_references, referred
from ..records.schema import AUDIT_TABLE, DELETED_TABLE, FIELDS
from ..records.stored import stored_problems
from ..records.validate import ValidationError
from .transaction import Change, Op

Lookup = Callable[[str, str], Record | None]
Exists = Callable[[str, str], bool]
JournalOp = list[Any]  # [table, id, record-or-None]


def resolve(
    ops: Sequence[Op],
    lookup: Lookup,
    ctx: Context,
    label: str,
    stamp: str | None = None,
    *,
    exists: Exists | None = None,
) -> tuple[list[JournalOp], list[Change]]:
    """The journal ops for ``ops`` and the changes they make. ``exists(table, id)``: whether
    a record is stored, without decoding it (else ``lookup`` is asked)."""
    stamp = stamp or ctx.timestamp()
    pending: dict[tuple[str, str], Record | None] = {}
    originals: dict[tuple[str, str], Record | None] = {}
    journal: list[JournalOp] = []
    audit: list[dict[str, Any]] = []

    def current(table: str, record_id: str) -> Record | None:
        key = (table, record_id)
        if key in pending:
            return pending[key]
        if key in originals:  # looked up already, and not changed by this save since
            return originals[key]
        return lookup(table, record_id)

    def remember(table: str, record_id: str) -> None:
        key = (table, record_id)
        if key not in originals:
            originals[key] = lookup(table, record_id)

    def envelope(
        record_id: str, version: int, body: Mapping[str, Any], created: str
    ) -> dict[str, Any]:
        return {
            "id": record_id,
            "version": version,
            "rev": rev_of(body, version),
            "created_at": created,
            "updated_at": stamp,
            "updated_by": ctx.user,
            **body,
        }

    for op in ops:
        table, record_id = op.table, op.id
        key = (table, record_id)
        if key in pending:
            cur = pending[key]
        else:
            if key not in originals:
                originals[key] = lookup(table, record_id)
            cur = originals[key]
        if op.kind == "create":
            if cur is not None:
                raise StoreError(f"{table} {record_id}: a record with this id already exists")
            tomb = current(DELETED_TABLE, record_id)
            version = int(tomb["version"]) + 1 if tomb else 1
            record = envelope(record_id, version, op.data or {}, stamp)
            if tomb:
                remember(DELETED_TABLE, record_id)
                pending[(DELETED_TABLE, record_id)] = None
                journal.append([DELETED_TABLE, record_id, None])
                audit.append(
                    _audit(table, record, tomb, "restore", {}, content(record), ctx, stamp)
                )
        elif op.kind == "update":
            _check_expect(table, record_id, op, cur)
            assert cur is not None
            old = thaw(content(cur))
            new = {**old, **thaw(op.data or {})}
            changed = [k for k in new if old.get(k) != new[k]]
            if not changed:
                continue
            version = int(cur["version"]) + 1
            record = envelope(record_id, version, new, cur.get("created_at", stamp))
            audit.append(
                _audit(
                    table,
                    record,
                    cur,
                    "update",
                    {k: old.get(k) for k in changed},
                    {k: new[k] for k in changed},
                    ctx,
                    stamp,
                )
            )
        elif op.kind == "delete":
            _check_expect(table, record_id, op, cur)
            assert cur is not None
            version = int(cur["version"]) + 1
            tomb = {
                "id": record_id,
                "version": version,
                "rev": rev_of({"deleted": True}, version),
                "table": table,
                "updated_at": stamp,
                "updated_by": ctx.user,
            }
            pending[(table, record_id)] = None
            journal.append([table, record_id, None])
            remember(DELETED_TABLE, record_id)
            pending[(DELETED_TABLE, record_id)] = tomb
            journal.append([DELETED_TABLE, record_id, tomb])
            audit.append(_audit(table, tomb, cur, "delete", thaw(content(cur)), {}, ctx, stamp))
            continue
        else:  # put: a whole record from another file (merge) or a backup
            record = thaw(op.data or {})
            # stored as given, so it must be a record Rapport could have written: the
            # journal's readers check every entry (replay.py) and would refuse it
            problems = stored_problems(table, {**record, "id": record_id})
            if problems:
                raise StoreError(
                    f"{table} {record_id}: cannot be stored as given: {'; '.join(problems)}"
                )
            if (
                cur is not None
                and cur.get("version") == record.get("version")
                and cur.get("rev") == record.get("rev")
            ):
                continue
            if cur is not None and not table.startswith("_"):
                old, new = thaw(content(cur)), content(record)
                changed = sorted(set(old) | set(new))
                changed = [k for k in changed if old.get(k) != new.get(k)]
                before = {k: old.get(k) for k in changed}
                after = {k: new.get(k) for k in changed}
                audit.append(_audit(table, record, cur, "merge", before, after, ctx, stamp))
            # A record is either live or a tombstone, never both: putting one removes the other.
            gone = str(record.get("table", "")) if table == DELETED_TABLE else ""
            live = current(gone, record_id) if gone in FIELDS else None
            if live is not None:
                remember(gone, record_id)
                pending[(gone, record_id)] = None
                journal.append([gone, record_id, None])
                before = thaw(content(live))
                audit.append(_audit(gone, record, live, "merge", before, {}, ctx, stamp))
            elif table in FIELDS and current(DELETED_TABLE, record_id) is not None:
                remember(DELETED_TABLE, record_id)
                pending[(DELETED_TABLE, record_id)] = None
                journal.append([DELETED_TABLE, record_id, None])
        pending[key] = record
        journal.append([table, record_id, record])

    stored: dict[tuple[str, str], bool] = {}

    def present(table: str, record_id: str) -> bool:
        key = (table, record_id)
        if key in pending:
            return pending[key] is not None
        found = stored.get(key)
        if found is None:
            if key in originals:
                found = originals[key] is not None
            elif exists is not None:
                found = exists(table, record_id)
            else:
                found = lookup(table, record_id) is not None
            stored[key] = found
        return found

    _check_references(pending, present)
    for entry in audit:
        journal.append([AUDIT_TABLE, entry["id"], entry])
    changes = [
        Change(table, record_id, originals.get((table, record_id)), after)
        for (table, record_id), after in pending.items()
        if not table.startswith("_")
    ]
    return journal, changes


def _check_expect(table: str, record_id: str, op: Op, cur: Record | None) -> None:
    if cur is None:
        if op.expect is not None:
            raise ConflictError(table, record_id, op.data, None, op.expect)
        raise NotFound(table, record_id)
    if op.expect is not None and int(cur["version"]) != op.expect:
        mine = {**dict(cur), **dict(op.data or {})} if op.data is not None else None
        raise ConflictError(table, record_id, mine, cur, op.expect)


def _audit(
    table: str,
    record: Record,
    previous: Record,
    op: str,
    before: dict[str, Any],
    after: dict[str, Any],
    ctx: Context,
    stamp: str,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "table": table,
        "record": record["id"],
        "op": op,
        "version": record["version"],
        "rev": record["rev"],
        "prev_rev": previous.get("rev"),
        "prev_at": previous.get("updated_at"),
        "prev_by": previous.get("updated_by"),
        "at": stamp,
        "by": ctx.user,
        "before": before,
        "after": after,
    }


def _check_references(pending: dict[tuple[str, str], Record | None], present: Exists) -> None:
    """Every reference in a written record must name a record that exists after the save:
    each id referred to is asked about once; if one is missing, the records are gone
    through in order to say which refers to it."""
    written: dict[str, list[Record]] = {}
    for (table, _record_id), record in pending.items():
        if record is not None and table in FIELDS:
            written.setdefault(table, []).append(record)
    if all(
        present(ref, target)
        for table, records in written.items()
        for ref, targets in referred(table, records).items()
        for target in targets
    ):
        return
    for (table, _record_id), record in pending.items():
        if record is not None and table in FIELDS:
            errors = broken_references(table, record, present)
            if errors:
                raise ValidationError(errors)
