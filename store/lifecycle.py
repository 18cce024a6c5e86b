"""What a change of status brings with it, wherever the change is made (a key, a form,
the agenda): the day a record was closed, cleared again when it is reopened, and the
fields a status cannot go without (an escalated complaint names whom it went to)."""

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
}
"""Per table: the date field that says when it was closed, and the statuses that close it."""

NEEDED: dict[str, dict[str, str]] = {
    "complaints": {"escalated": "escalated_to"},
}
"""Per table and status: a field that must then be filled in."""


def with_status(
    table: str, current: Mapping[str, Any] | None, values: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """``values`` with what their status brings: a closing date stamped today when none
    is given, cleared on reopening. Raises :class:`ValidationError` for a missing field."""
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
    needed = NEEDED.get(table, {}).get(str(status))
    if needed and not str(merged.get(needed) or "").strip():
        raise ValidationError(
            [FieldError(needed, f"is required when the {NOUNS[table]} is {status}")]
        )
    return out
