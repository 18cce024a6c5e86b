"""What a new data file starts with: the default settings and questionnaire."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import Context
from .defaults import DEFAULT_FACTORS, DEFAULT_SETTINGS, DEFAULT_STATEMENTS
from .ids import new_id
from .records import dumps, rev_of
from .schema import SETTINGS_ID


def stamped(record_id: str, body: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """A version-1 record with its envelope."""
    stamp = ctx.timestamp()
    return {
        "id": record_id,
        "version": 1,
        "rev": rev_of(body, 1),
        "created_at": stamp,
        "updated_at": stamp,
        "updated_by": ctx.user,
        **body,
    }


def default_questionnaire(ctx: Context) -> dict[str, Any]:
    body = {
        "number": 1,
        "name": "Loyalty survey",
        "created": ctx.today().isoformat(),
        "factors": DEFAULT_FACTORS,
        "statements": DEFAULT_STATEMENTS,
    }
    return stamped(new_id(), body, ctx)


def initial_records(ctx: Context) -> Iterator[tuple[str, list[str]]]:
    yield "settings", [dumps(stamped(SETTINGS_ID, {"values": DEFAULT_SETTINGS}, ctx))]
    yield "questionnaires", [dumps(default_questionnaire(ctx))]
