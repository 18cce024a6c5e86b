"""Is a record, as it lies in a data file or a journal entry, one Rapport could have written?

:func:`~.validate.clean` turns *input* into a record and is forgiving on purpose (``42``
typed into a name becomes ``"42"``). A *stored* record has been through it already, so it
must be exactly what it returns: a name that is the number 42, a tier spelt ``"KEY"`` or an
account without a version was not written by Rapport, and code reading it would fail (an
``AttributeError`` on ``42.lower()``). :func:`stored_problems` says what is wrong with one;
the engine refuses a file or journal entry holding such a record, and ``rapport check``
lists every one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .ids import is_id
from .schema import AUDIT_TABLE, DELETED_TABLE, ENVELOPE, FIELDS, Field
from .validate import ValidationError, clean, show

_KIND_WORDS = {
    "text": "text",
    "int": "a whole number",
    "number": "a number",
    "date": "a date (YYYY-MM-DD)",
    "monthday": "a date (YYYY-MM-DD or --MM-DD)",
    "bool": "true or false",
    "ref": "a record id",
    "refs": "a list of record ids",
    "tags": "a list of tags",
    "scores": "a set of scores",
}


def _shown(value: Any) -> str:
    """A stored value in a message, as JSON (so ``42`` and ``"42"`` read differently)."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=dict)
    except (TypeError, ValueError):
        text = repr(value)
    return show(text)


def _expected(f: Field) -> str:
    if f.kind == "enum":
        return "one of " + ", ".join(f.choices)
    return _KIND_WORDS.get(f.kind, f.kind)


def same(stored: Any, cleaned: Any) -> bool:
    """``stored`` is exactly ``cleaned``: equal, and of the same JSON type (``1`` is not
    ``true``, ``"42"`` is not ``42``; ``5`` and ``5.0`` are the same number)."""
    if isinstance(stored, bool) or isinstance(cleaned, bool):
        return type(stored) is type(cleaned) and stored == cleaned
    if isinstance(stored, int | float) and isinstance(cleaned, int | float):
        return stored == cleaned
    if isinstance(stored, str) or isinstance(cleaned, str):
        return isinstance(stored, str) and isinstance(cleaned, str) and stored == cleaned
    if stored is None or cleaned is None:
        return stored is None and cleaned is None
    if isinstance(stored, Mapping) and isinstance(cleaned, Mapping):
        return stored.keys() == cleaned.keys() and all(same(stored[k], cleaned[k]) for k in stored)
    if isinstance(stored, list | tuple) and isinstance(cleaned, list | tuple):
        return len(stored) == len(cleaned) and all(map(same, stored, cleaned))
    return False


def _text(record: Mapping[str, Any], key: str, problems: list[str], *, empty: bool = False) -> None:
    value = record.get(key)
    if not isinstance(value, str) or (not empty and not value):
        problems.append(
            f"{key}: {'is missing' if value is None else _shown(value) + ' is not text'}"
        )


def _version(record: Mapping[str, Any], problems: list[str]) -> None:
    version = record.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append(f"version: {_shown(version)} is not a positive whole number")


def _plain(value: Any) -> Any:
    """A plain copy (dicts and lists) of a record's value, frozen or not."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def stored_problems(table: str, record: Any) -> list[str]:
    """What is wrong with ``record`` as a stored record of ``table`` ("field: reason"), or []."""
    if not isinstance(record, Mapping):
        return [f"is {_shown(record)}, not a record"]
    problems: list[str] = []
    record_id = record.get("id")
    if not isinstance(record_id, str) or not is_id(record_id):
        problems.append(f"id: {_shown(record_id)} is not a record id")
    if table == DELETED_TABLE:
        _version(record, problems)
        for key in ("rev", "table", "updated_at", "updated_by"):
            _text(record, key, problems, empty=key == "updated_by")
        return problems
    if table == AUDIT_TABLE:
        for key in ("table", "record", "op", "at"):
            _text(record, key, problems)
        _text(record, "by", problems, empty=True)
        _version(record, problems)
        for key in ("before", "after"):
            if not isinstance(record.get(key), Mapping):
                problems.append(f"{key}: {_shown(record.get(key))} is not a set of fields")
        return problems
    fields = FIELDS.get(table)
    if fields is None:  # a table of another program kept in the file: not Rapport's to judge
        return problems
    _version(record, problems)
    _text(record, "rev", problems)
    _text(record, "updated_at", problems)
    _text(record, "updated_by", problems)
    if "created_at" in record:
        _text(record, "created_at", problems)
    data = {k: _plain(v) for k, v in record.items() if k not in ENVELOPE}
    try:
        cleaned = clean(table, data)
    except ValidationError as e:
        problems.extend(str(error) for error in e.errors)
        return problems
    for name, value in data.items():
        if not same(value, cleaned[name]):
            problems.append(f"{name}: {_shown(value)} is not {_expected(fields[name])}")
    return problems
