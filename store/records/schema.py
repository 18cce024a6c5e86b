"""The records of Rapport's domain: which tables exist and which fields each record holds.

Every record also carries an envelope kept by the store itself (see :data:`ENVELOPE`):
``id``, ``version``, ``rev``, ``created_at``, ``updated_at`` and ``updated_by``.

Field values are JSON: text, numbers, booleans, ISO dates (``YYYY-MM-DD``), lists and
small objects. A reference (``ref``) holds the ``id`` of a record in another table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ENVELOPE = ("id", "version", "rev", "created_at", "updated_at", "updated_by")

TIERS = ("key", "growth", "standard")
RELATIONSHIP_TYPES = (
    "transactional",
    "long_term",
    "personal_assistance",
    "dedicated_personal_assistance",
    "self_service",
    "automated_service",
    "community",
)
STAGES = ("exploration", "awareness", "expansion", "engagement", "dissolution")
BAD_NEWS_SPEEDS = ("slow", "normal", "fast")
INTERACTION_KINDS = (
    "call",
    "email",
    "meeting",
    "visit",
    "note",
    "sale",
    "gift",
    "card",
    "complaint",
    "referral",
)
GESTURE_KINDS = ("gift", "card")
"""Interaction kinds that are gestures regular contacts do not receive (privileges)."""
INFLUENCE = ("low", "medium", "high")
FOLLOWUP_STATUSES = ("open", "done")
FOLLOWUP_ORIGINS = ("interaction", "sale", "survey", "manual", "opportunity")
PROMISE_STATUSES = ("open", "kept", "broken")
COMPLAINT_SEVERITIES = ("low", "medium", "high", "critical")
COMPLAINT_STATUSES = ("open", "escalated", "resolved")
OPPORTUNITY_STATUSES = ("open", "passed", "won", "lost")
"""open: noticed, not yet passed to sales (schema 1 called it "noticed")."""
WAVE_STATUSES = ("open", "closed")
RESPONDENTS = ("customer", "employee")
PLAN_STATUSES = ("open", "doing", "done", "dropped")
APPOINTMENT_STATUSES = ("planned", "held", "cancelled")
APPOINTMENT_KINDS = ("meeting", "call", "visit")

Kind = Literal[
    "text",
    "int",
    "number",
    "date",
    "time",
    "monthday",
    "bool",
    "enum",
    "ref",
    "refs",
    "tags",
    "scores",
    "json",
]


@dataclass(frozen=True)
class Field:
    """One field of a record type."""

    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None
    """For ``ref``/``refs``: the table the id points into."""
    default: Any = None
    low: float | None = None
    high: float | None = None
    cap: float | None = None
    """A sanity limit (a yearly value): above it is a typo, said as "is above"."""
    max_len: int = 10_000
    label: str = ""
    """How the field is named to users (defaults to the name with spaces)."""
    happened: bool = False
    """A date when something happened (a call, a complaint raised): never after today."""
    email: bool = False
    """Text that must be an email address (name@example.com) when it is given."""

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ")


def _f(name: str, kind: Kind, **kw: Any) -> Field:
    return Field(name, kind, **kw)


TABLES: dict[str, tuple[Field, ...]] = {
    "accounts": (
        _f("name", "text", required=True, max_len=200),
        _f("owner", "text", required=True, max_len=100),
        _f("tier", "enum", choices=TIERS, default="standard"),
        _f("value", "number", default=0, low=0, cap=1e12),
        _f("division", "text", default="", max_len=100),
        _f("region", "text", default="", max_len=100),
        _f(
            "type",
            "enum",
            choices=RELATIONSHIP_TYPES,
            default="long_term",
            label="relationship",
        ),
        _f("stage", "enum", choices=STAGES, default="exploration"),
        _f("bad_news", "enum", choices=BAD_NEWS_SPEEDS, default="normal", label="bad-news speed"),
        _f("tags", "tags", default=()),
        _f("b2c", "bool", default=False, label="private (B2C)"),
        _f("notes", "text", default=""),
        _f("group", "text", default="", max_len=200),
        _f("renewal", "date"),
    ),
    "stage_changes": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("stage", "enum", required=True, choices=STAGES),
        _f("previous", "enum", choices=STAGES),
        _f("date", "date", required=True, happened=True),
        _f("note", "text", default=""),
    ),
    "contacts": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("name", "text", required=True, max_len=200),
        _f("role", "text", default="", max_len=200),
        _f("decision_maker", "bool", default=False, label="decision maker"),
        _f("influence", "enum", choices=INFLUENCE, default="medium"),
        _f("email", "text", default="", max_len=320, email=True),
        _f("phone", "text", default="", max_len=60),
        _f("birthday", "monthday", happened=True),
        _f("anniversary", "monthday", happened=True),
        _f("notes", "text", default=""),
    ),
    "interactions": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("date", "date", required=True, happened=True),
        _f("kind", "enum", required=True, choices=INTERACTION_KINDS, default="call"),
        _f("staff", "text", required=True, max_len=100),
        _f("contacts", "refs", ref="contacts", default=()),
        _f("summary", "text", required=True),
        _f("sentiment", "int", default=0, low=-2, high=2),
    ),
    "followups": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("due", "date", required=True),
        _f("owner", "text", required=True, max_len=100),
        _f("what", "text", required=True),
        _f("status", "enum", choices=FOLLOWUP_STATUSES, default="open"),
        _f("done_on", "date", label="done on", happened=True),
        _f("interaction", "ref", ref="interactions"),
        _f("origin", "enum", choices=FOLLOWUP_ORIGINS, default="manual"),
        _f("ref", "text", default="", max_len=200),
    ),
    "promises": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("what", "text", required=True),
        _f("due", "date", required=True),
        _f("owner", "text", default="", max_len=100),
        _f("made_on", "date", label="made on", happened=True),
        _f("status", "enum", choices=PROMISE_STATUSES, default="open"),
        _f("closed_on", "date", label="closed on", happened=True),
        _f("interaction", "ref", ref="interactions"),
    ),
    "complaints": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("raised", "date", required=True, happened=True),
        _f("severity", "enum", choices=COMPLAINT_SEVERITIES, default="medium"),
        _f("summary", "text", required=True),
        _f("status", "enum", choices=COMPLAINT_STATUSES, default="open"),
        _f("escalated_to", "text", default="", max_len=100, label="escalated to"),
        _f("resolution", "text", default=""),
        _f("resolved_on", "date", label="resolved on", happened=True),
        _f("interaction", "ref", ref="interactions"),
    ),
    "opportunities": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("what", "text", required=True),
        _f("noticed", "date", required=True, happened=True),
        _f("noticed_by", "text", default="", max_len=100, label="noticed by"),
        _f("value", "number", default=0, low=0, cap=1e12),
        _f("passed_to", "text", default="", max_len=100, label="passed to"),
        _f("status", "enum", choices=OPPORTUNITY_STATUSES, default="open"),
        _f("passed_on", "date", label="passed on", happened=True),
        _f("closed_on", "date", label="won or lost on", happened=True),
        _f("referred_by", "ref", ref="accounts", label="referred by"),
    ),
    "appointments": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("date", "date", required=True, label="day"),
        _f("time", "time", required=True),
        _f("minutes", "int", default=60, low=5, high=24 * 60, label="length (minutes)"),
        _f("kind", "enum", choices=APPOINTMENT_KINDS, default="meeting"),
        _f("owner", "text", required=True, max_len=100, label="who (our side)"),
        _f("contacts", "refs", ref="contacts", default=(), label="with"),
        _f("place", "text", default="", max_len=300),
        _f("summary", "text", required=True),
        _f("status", "enum", choices=APPOINTMENT_STATUSES, default="planned"),
        _f("interaction", "ref", ref="interactions", label="held as"),
    ),
    "questionnaires": (
        _f("number", "int", required=True, low=1),
        _f("name", "text", default=""),
        _f("created", "date"),
        _f("factors", "json", required=True),
        _f("statements", "json", required=True),
    ),
    "waves": (
        _f("name", "text", required=True, max_len=200),
        _f("date", "date", required=True),
        _f("status", "enum", choices=WAVE_STATUSES, default="open"),
        _f("questionnaire", "ref", required=True, ref="questionnaires"),
    ),
    "responses": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("wave", "ref", required=True, ref="waves"),
        _f("contact", "ref", ref="contacts"),
        _f("respondent", "enum", required=True, choices=RESPONDENTS, default="customer"),
        _f("staff", "text", default="", max_len=100),
        _f("answers", "scores", default={}, low=1, high=5),
        _f("recommend", "int", low=0, high=10),
        _f("switch", "int", low=1, high=5),
        _f("date", "date"),
        _f("comment", "text", default="", max_len=4000),
    ),
    "survey_codes": (
        _f("code", "text", required=True, max_len=12),
        _f("wave", "ref", required=True, ref="waves"),
        _f("account", "ref", required=True, ref="accounts"),
        _f("contact", "ref", ref="contacts"),
        _f("respondent", "enum", required=True, choices=RESPONDENTS, default="customer"),
        _f("staff", "text", default="", max_len=100),
    ),
    "plan_items": (
        _f("account", "ref", required=True, ref="accounts"),
        _f("what", "text", required=True),
        _f("owner", "text", default="", max_len=100),
        _f("due", "date"),
        _f("status", "enum", choices=PLAN_STATUSES, default="open"),
        _f("factor", "text", default="", max_len=60),
        _f("target", "number", low=1, high=5, label="target score"),
        _f("wave", "ref", ref="waves", label="planned on wave"),
        _f("position", "number", default=0),
        _f("done_on", "date", label="done on", happened=True),
    ),
    "settings": (_f("values", "json", required=True),),
    "conflicts": (
        _f("table", "text", required=True),
        _f("record", "text", required=True),
        _f("kept", "json", required=True),
        _f("other", "json"),
        _f("source", "text", default=""),
        _f("resolved", "bool", default=False),
    ),
}
"""The domain tables, in the order they are written to the data file."""

FIELDS: dict[str, dict[str, Field]] = {t: {f.name: f for f in fs} for t, fs in TABLES.items()}

NOUNS = {
    "accounts": "account",
    "stage_changes": "stage change",
    "contacts": "contact",
    "interactions": "interaction",
    "followups": "follow-up",
    "promises": "promise",
    "complaints": "complaint",
    "opportunities": "opportunity",
    "appointments": "appointment",
    "questionnaires": "questionnaire",
    "waves": "survey wave",
    "responses": "survey response",
    "survey_codes": "response code",
    "plan_items": "plan item",
    "settings": "settings",
    "conflicts": "conflict",
}
"""One record of each table, as users call it."""

ACCOUNT_TABLES = tuple(
    t for t, fields in TABLES.items() if any(f.name == "account" for f in fields)
)
"""The tables whose records belong to an account (through their ``account`` field)."""

META_TABLE = "_rapport"
AUDIT_TABLE = "_audit"
DELETED_TABLE = "_deleted"
INTERNAL_TABLES = (META_TABLE, AUDIT_TABLE, DELETED_TABLE)
ALL_TABLES = (*TABLES, AUDIT_TABLE, DELETED_TABLE)

BIG_TABLES = frozenset(
    {
        *(
            t
            for t in TABLES
            if t not in ("accounts", "waves", "questionnaires", "settings", "conflicts")
        ),
        AUDIT_TABLE,
        DELETED_TABLE,
    }
)
"""Tables kept in memory as their JSON text, decoded when read, so memory stays near the
file's size: everything but the few tables read all the time (accounts, waves, ...)."""

SETTINGS_ID = "000000000001"
"""The settings table holds one record with this id."""


def dependents(table: str) -> list[tuple[str, Field]]:
    """Every (table, field) whose ``ref`` points into ``table``."""
    return [
        (t, f)
        for t, fields in TABLES.items()
        for f in fields
        if f.kind in ("ref", "refs") and f.ref == table
    ]
