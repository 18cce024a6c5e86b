"""Conflicts a merge listed (table ``conflicts``): what the app shows, and settling them
record by record.

A conflict holds the ``table`` and id (``record``) of a record that both files changed
since they parted, the version the merge ``kept`` and the ``other`` one (each a whole
record with its envelope, or a tombstone when that side deleted it), the ``source`` file
and whether it is ``resolved``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ..actions.edits import delete_record
from ..engine.store import Store
from ..engine.transaction import ChangeSet
from ..records.records import Record, content, thaw
from ..records.schema import ENVELOPE

_TOMB_KEYS = frozenset({*ENVELOPE, "table"})


def is_tombstone(record: Mapping[str, Any] | None) -> bool:
    """Whether a conflict's ``kept``/``other`` is a deletion (a tombstone: envelope and
    ``table`` only) rather than a version of the record."""
    return record is not None and "table" in record and set(record) <= _TOMB_KEYS


def open_conflicts(store: Store) -> list[Record]:
    """The conflicts not yet resolved, newest first (what the app lists)."""
    found = [c for c in store.all("conflicts") if not c.get("resolved")]
    return sorted(found, key=lambda c: (c.get("created_at", ""), c["id"]), reverse=True)


def resolve_conflict(store: Store, conflict_id: str, choose: Literal["kept", "other"]) -> ChangeSet:
    """Settle a listed conflict: keep the version the merge kept (``"kept"``), or put the
    other one back (``"other"``) as a new version of the record (its version and audit move
    on; if the other was a deletion the record is deleted, with what depends on it, as the
    app deletes it). Either way the conflict is marked resolved.
    """
    conflict = store.require("conflicts", conflict_id)
    if choose not in ("kept", "other"):
        raise ValueError(f"choose 'kept' or 'other', not {choose!r}")
    table, record_id = conflict["table"], conflict["record"]
    other = conflict.get("other")
    current = store.get(table, record_id)
    if choose == "other" and is_tombstone(other) and current is not None:
        delete_record(store, table, record_id, expect=current["version"])
    with store.transaction(f"resolve conflict: {choose}") as tx:
        if choose == "other" and other is not None and not is_tombstone(other):
            body = thaw(content(other))
            if current is None:
                tx.create(table, body, id=record_id)
            elif thaw(content(current)) != body:
                tx.update(table, record_id, body, expect=current["version"])
        if not conflict.get("resolved"):
            tx.update("conflicts", conflict_id, {"resolved": True}, expect=conflict["version"])
    assert tx.result is not None
    return tx.result
