"""Judging the blocks of records ``rapport check`` did not judge sound before
(``verdicts.py``): each record decoded and judged (``records/stored.py``), its references
looked up. What is found comes back for the block as a whole (its messages, in the order of
its records, and the references it makes if every record is sound), so that a block's
verdict is worked out in one place whoever reports or keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..records.records import loads
from ..records.references import pointing_nowhere, references
from ..records.stored import stored_problems
from .store import Store

Judged = tuple[list[str], dict[str, set[str]] | None]
"""What a block's records are found to be: the messages, and the references the block makes
if every record is sound (else None)."""


@dataclass
class Block:
    table: str
    referencing: bool
    ids: list[str]
    texts: list[str]
    stamp: str = ""


class Held:
    """The ids of each table's records (read once a table is asked about)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ids: dict[str, frozenset[str]] = {}

    def __call__(self, table: str) -> frozenset[str]:
        ids = self._ids.get(table)
        if ids is None:
            ids = self._ids[table] = frozenset(self._store.ids(table))
        return ids

    def exists(self, table: str, record_id: Any) -> bool:
        # A damaged file may hold ids that are not text: those are reported by
        # stored_problems, and not looked up.
        return not isinstance(record_id, str) or record_id in self(table)


def judge(block: Block, held: Held) -> Judged:
    """Judge each record of a block."""
    messages: list[str] = []
    sound = True
    made: dict[str, set[str]] = {}
    table = block.table
    for record_id, text in zip(block.ids, block.texts, strict=True):
        record = loads(text)
        name = f"{table} {record.get('id', '?')}"
        problems = stored_problems(table, record)
        messages.extend(f"{name}: {problem}" for problem in problems)
        sound = sound and not problems and record.get("id") == record_id
        if not block.referencing:
            continue
        try:  # a list that is not one is reported above, and not looked up
            refs = [(f.name, t, i) for f, t, i in references(table, record)]
        except TypeError:
            sound = False
            continue
        messages.extend(f"{name}: {error}" for error in pointing_nowhere(refs, held.exists))
        for _, t, i in refs:
            made.setdefault(t, set()).add(i)
    return messages, made if sound else None
