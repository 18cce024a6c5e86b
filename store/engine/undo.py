"""Taking back a change this session saved (:meth:`~rapport.store.engine.Store.undo`)."""

from __future__ import annotations

from dataclasses import replace

from ..records.records import Record, content
from .transaction import Change, ChangeSet, Transaction


def rebased(earlier: ChangeSet, undone: ChangeSet, undo: ChangeSet) -> ChangeSet:
    """``earlier`` after ``undo`` took back ``undone``.

    Where ``undone`` had found a record as ``earlier`` left it, the undo put the same fields
    back under a new version: ``earlier`` now ends at that version, so undoing it next is
    not mistaken for someone else's change.
    """
    back: dict[tuple[str, str], tuple[int, Record]] = {}
    restored = {(u.table, u.id): u.after for u in undo.changes if u.after is not None}
    for c in undone.changes:
        if c.before is not None and (c.table, c.id) in restored:
            back[(c.table, c.id)] = (c.before["version"], restored[(c.table, c.id)])
    changes = []
    for change in earlier.changes:
        found = back.get((change.table, change.id))
        if found and change.after is not None and change.after["version"] == found[0]:
            change = change._replace(after=found[1])
        changes.append(change)
    return replace(earlier, changes=tuple(changes))


def reverse(tx: Transaction, change: Change) -> None:
    if change.before is None and change.after is not None:
        tx.delete(change.table, change.id, expect=change.after["version"])
    elif change.before is not None and change.after is None:
        tx.create(change.table, content(change.before), id=change.id)
    elif change.before is not None and change.after is not None:
        tx.update(change.table, change.id, content(change.before), expect=change.after["version"])
