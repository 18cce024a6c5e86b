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
from .validate import Invalid, clean_field, parse_email, show

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


_SCALAR = frozenset({str, int, float, bool, type(None)})


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
    if type(stored) is type(cleaned) and type(stored) in _SCALAR:
        return bool(stored == cleaned)
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


_MISSING = object()
_seen: dict[tuple[Any, ...], tuple[bool, str] | None] = {}
"""What :func:`_field_problem` found for the short values already judged (the same dates,
tiers, stages and contacts recur in every record of a file)."""
_SEEN_AT_MOST = 100_000


def _judge(f: Field, value: Any) -> tuple[bool, str] | None:
    """What is wrong with a stored value of ``f``: ``(True, reason)`` when :func:`clean`
    refuses it, ``(False, reason)`` when it would have written it otherwise, else None."""
    try:
        cleaned = clean_field(f, value)
    except Invalid as e:
        return (True, str(e))
    return None if same(value, cleaned) else (False, f"{_shown(value)} is not {_expected(f)}")


_ENVELOPE = frozenset(ENVELOPE)
_PLAIN_KINDS = frozenset({"text", "ref", "refs", "tags", "scores"})


def _plain(f: Field, value: Any) -> bool:
    """Whether :func:`_judge` surely finds nothing wrong with ``value``, told without
    parsing it, for the values of text, references and lists most records hold (False:
    not surely, judge it). Each case is :func:`clean_field`'s path for such a value: text
    not empty once stripped, short enough and UTF-8 is returned as it is (an email address
    if it is one, as it is); a reference or every item of a list already stripped and not empty
    (and the items unique) are too, and scores all whole numbers in their range."""
    kind = f.kind
    if type(value) is str:
        if kind == "text":
            if len(value) > f.max_len or not value.strip() or not _utf8(value):
                return False
            return not f.email or _email(value) == value
        return kind == "ref" and bool(value) and value.strip() == value
    if type(value) is list and kind in ("refs", "tags"):
        for item in value:
            if type(item) is not str or not item or item.strip() != item or not item.isascii():
                return False
        return len(set(value)) == len(value)
    if type(value) is dict and kind == "scores":
        low, high, cap = f.low, f.high, f.cap
        for key, score in value.items():
            if type(key) is not str or type(score) is not int:
                return False
            if (low is not None and score < low) or (high is not None and score > high):
                return False
            if cap is not None and score > cap:
                return False
        return True
    return False


def _utf8(text: str) -> bool:
    try:
        return text.isascii() or bool(text.encode("utf-8"))
    except UnicodeEncodeError:
        return False


def _email(text: str) -> str | None:
    try:
        return parse_email(text)
    except Invalid:
        return None


def _field_problem(table: str, f: Field, value: Any) -> tuple[bool, str] | None:
    """:func:`_judge`, once for each short scalar value (the same dates, tiers and stages
    recur in every record of a file); not at all for the text and references :func:`_plain`
    tells sound."""
    if f.kind in _PLAIN_KINDS and _plain(f, value):
        return None
    kind = type(value)
    if kind is list and len(value) <= 8 and all(type(v) is str for v in value):
        key: tuple[Any, ...] = (table, f.name, kind, *value)  # contacts, tags
    elif kind not in _SCALAR or (kind is str and len(value) > 64):
        return _judge(f, value)
    else:
        key = (table, f.name, kind, value)
    found = _seen.get(key, _MISSING)
    if found is _MISSING:
        if len(_seen) >= _SEEN_AT_MOST:
            _seen.clear()
        found = _seen[key] = _judge(f, value)
    return found  # type: ignore[return-value]


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
    # as clean() would say it: the fields it refuses, else those it would write otherwise
    refused = (
        [f"{k}: is not a field of {table}" for k in record if k not in fields and k not in ENVELOPE]
        if record.keys() - fields.keys() - _ENVELOPE
        else []
    )
    found: dict[str, tuple[bool, str]] = {}
    get = record.get
    for name, f in fields.items():
        value = get(name, _MISSING)
        if value is _MISSING:
            if f.required and f.default is None:
                refused.append(f"{name}: is required")
            continue
        if f.kind in _PLAIN_KINDS and _plain(f, value):
            continue
        problem = _field_problem(table, f, value)
        if problem is not None:
            found[name] = problem
            if problem[0]:
                refused.append(f"{name}: {problem[1]}")
    if refused:
        problems.extend(refused)
    else:
        problems.extend(f"{name}: {found[name][1]}" for name in record if name in found)
    return problems
