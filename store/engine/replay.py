"""Checking a journal entry before it is applied, in every process, like a save.

A save is checked before it is written (``resolve.py``: fields, types, versions,
references). An entry read back from the journal may not have come from a save: a program
other than Rapport, or a hand edit, can append a well-formed line holding anything. So each
entry is checked again before anything of it is applied, against the records as they are
just before it: every record it writes must be one Rapport could have written
(:func:`~rapport.store.records.stored.stored_problems`), under the id it is filed under,
and every reference in it must point to a record that exists once the entry is applied.
An entry that fails is refused, naming the journal and its line, and nothing of it reaches
memory or the data file.

The shape of a line (JSON, ``{"ops": [[table, id, record-or-null], ...]}``) is checked by
the journal itself when it reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..records.ids import is_id
from ..records.records import Record
from ..records.references import broken_references
from ..records.schema import FIELDS, META_TABLE
from ..records.stored import stored_problems
from .layout import CHECK_TABLE

Lookup = Callable[[str, str], Record | None]
RESERVED = frozenset({META_TABLE, CHECK_TABLE})
"""Tables a save never writes: the file's meta and its check."""


def entry_problems(entry: Mapping[str, Any], lookup: Lookup) -> list[str]:
    """What is wrong with the changes of ``entry`` (already of a save's shape), or []."""
    problems: list[str] = []
    pending: dict[tuple[str, str], Any] = {}
    sound: list[tuple[str, str]] = []
    for table, record_id, record in entry["ops"]:
        name = f"{table} {record_id}"
        if table in RESERVED:
            problems.append(f"{name}: table {table!r} is never changed by a save")
            continue
        if not is_id(record_id):
            problems.append(f"{table}: {record_id!r} is not a record id")
            continue
        pending[(table, record_id)] = record
        if record is None:
            continue
        found = stored_problems(table, record)
        if record.get("id") != record_id:
            found.insert(0, f"id: {record.get('id')!r} is not the id it is filed under")
        problems.extend(f"{name}: {problem}" for problem in found)
        if not found:
            sound.append((table, record_id))

    def exists(table: str, record_id: Any) -> bool:
        if not isinstance(record_id, str):
            return False
        key = (table, record_id)
        if key in pending:
            return pending[key] is not None
        return lookup(table, record_id) is not None

    for key in sound:
        table, record_id = key
        if table in FIELDS:
            for error in broken_references(table, pending[key], exists):
                problems.append(f"{table} {record_id}: {error}")
    return problems
