"""The rules a record keeps over its life, wherever it is changed (a key, a form, the
agenda): the day it was closed, stamped when it closes and cleared when it is reopened;
the fields a status cannot go without (an escalated complaint names whom it went to, a
resolved one how it was resolved); and
dates in their order (a complaint is not resolved before it was raised)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .schema import NOUNS
from .validate import FieldError, ValidationError

CLOSED_ON: dict[str, tuple[str, frozenset[str]]] = {
    "followups": ("done_on", frozenset({"done"})),
    "promises": ("closed_on", frozenset({"kept", "broken"})),
    "complaints": ("resolved_on", frozenset({"resolved"})),
    "plan_items": ("done_on", frozenset({"done"})),
    "opportunities": ("closed_on", frozenset({"won", "lost"})),
}
"""Per table: the date field that says when it was closed, and the statuses that close it."""

REACHED_ON: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "opportunities": ("passed_on", frozenset({"passed"}), frozenset({"won", "lost"})),
}
"""Per table: a date field stamped when the record reaches a status (the first set), kept
through the statuses that follow it (the second) and cleared when it goes back."""

NEEDED: dict[str, dict[str, str]] = {
    "complaints": {"escalated": "escalated_to", "resolved": "resolution"},
    "opportunities": {"passed": "passed_to"},
}
"""Per table and status: a field that must then be filled in."""

IN_ORDER: dict[str, tuple[tuple[str, str, str], ...]] = {
    "promises": (
        ("made_on", "due", "the day it was made"),
        ("made_on", "closed_on", "the day it was made"),
    ),
    "complaints": (("raised", "resolved_on", "the day it was raised"),),
    "opportunities": (
        ("noticed", "passed_on", "the day it was noticed"),
        ("noticed", "closed_on", "the day it was noticed"),
    ),
}
"""Per table: pairs of date fields, the second never before the first (named so)."""


def with_rules(
    table: str, current: Mapping[str, Any] | None, values: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """``values`` with what their status brings: a closing date stamped today when none
    is given, cleared on reopening. Raises :class:`ValidationError` naming every field
    that is missing or out of order."""
    out = dict(values)
    merged = {**(current or {}), **values}
    status = merged.get("status")
    if table in CLOSED_ON:
        field, closing = CLOSED_ON[table]
        was_closed = current is not None and current.get("status") in closing
        if status in closing and not merged.get(field):
            out[field] = today.isoformat()
        elif status not in closing and was_closed:
            out[field] = None
    if table in REACHED_ON:
        field, reached, after = REACHED_ON[table]
        was_there = current is not None and current.get("status") in reached | after
        if status in reached and not merged.get(field):
            out[field] = today.isoformat()
        elif status not in reached | after and was_there:
            out[field] = None
    errors: list[FieldError] = []
    needed = NEEDED.get(table, {}).get(str(status))
    if needed and not str(merged.get(needed) or "").strip():
        errors.append(FieldError(needed, f"is required when the {NOUNS[table]} is {status}"))
    merged.update(out)
    for first, then, what in IN_ORDER.get(table, ()):
        errors += not_before(then, merged.get(then), what, merged.get(first))
    if errors:
        raise ValidationError(errors)
    return out


def not_before(name: str, value: Any, what: str, earlier: Any) -> list[FieldError]:
    """An error for date field ``name`` if its ``value`` comes before ``earlier`` (``what``)."""
    if value and earlier and str(value) < str(earlier):
        return [FieldError(name, f"{value} is before {what} ({earlier})")]
    return []
