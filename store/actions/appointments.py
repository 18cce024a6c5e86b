"""Appointments as single saves: schedule a meeting or call with its day and time, cancel
it (it is kept, as cancelled), and hold it: the interaction logged for it closes it in the
same save (so one undo takes both back)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ..engine.store import Store
from ..engine.transaction import ChangeSet, Transaction
from ..records.names import close_names, fold
from ..records.records import Record
from ..records.validate import FieldError, ValidationError, clean
from .edits import log_interaction


def parse_at(text: str) -> tuple[str, str]:
    """``"2026-11-24 09:30"`` as its day and time; :class:`ValidationError` naming ``at``."""
    try:
        day, time = str(text).split()
        when = datetime.strptime(f"{day} {time}", "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValidationError(
            [FieldError("at", f"{text!r} is not a day and time (YYYY-MM-DD HH:MM)")]
        ) from None
    return when.date().isoformat(), when.strftime("%H:%M")


def contacts_named(store: Store, account_id: str, names: Iterable[str]) -> list[str]:
    """The ids of the account's contacts with these names (case and spacing folded)."""
    contacts = store.for_account("contacts", account_id)
    by_name: dict[str, list[Record]] = {}
    for c in contacts:
        by_name.setdefault(fold(c["name"]), []).append(c)
    ids, errors = [], []
    for name in names:
        found = by_name.get(fold(name), [])
        if len(found) == 1:
            ids.append(found[0]["id"])
            continue
        if found:
            errors.append(FieldError("with", f"several contacts are named {name!r}"))
            continue
        hint = close_names(name, (c["name"] for c in contacts))
        maybe = f" (did you mean {', '.join(map(repr, hint))}?)" if hint else ""
        errors.append(FieldError("with", f"no contact named {name!r} at the account{maybe}"))
    if errors:
        raise ValidationError(errors)
    return ids


def schedule_appointment(store: Store, account_id: str, values: Mapping[str, Any]) -> ChangeSet:
    """Plan a meeting or call with ``account_id``: ``date``, ``time``, ``summary`` and
    optionally ``minutes``, ``kind``, ``owner`` (default: you), ``contacts``, ``place``."""
    account = store.require("accounts", account_id)
    data = {"owner": store.ctx.user, **values, "account": account_id, "status": "planned"}
    record = clean("appointments", data)
    with store.transaction(f"schedule a {record['kind']} with {account['name']}") as tx:
        tx.create("appointments", record, checked=True)
    assert tx.result is not None
    return tx.result


def cancel_appointment(
    store: Store, appointment_id: str, *, expect: int | None = None
) -> ChangeSet:
    """The appointment did not take place: kept, as cancelled."""
    record = store.require("appointments", appointment_id)
    if record["status"] != "planned":
        raise ValidationError([FieldError("status", f"the appointment is {record['status']}")])
    with store.transaction("cancel an appointment") as tx:
        tx.update("appointments", appointment_id, {"status": "cancelled"}, expect=expect)
    assert tx.result is not None
    return tx.result


def hold_appointment(
    store: Store, appointment_id: str, *, expect: int | None = None, **log: Any
) -> ChangeSet:
    """Log the interaction the appointment became (``log`` as :func:`log_interaction`
    takes it); the appointment is closed as held, naming it, in the same save."""
    record = store.require("appointments", appointment_id)
    if record["status"] != "planned":
        raise ValidationError([FieldError("status", f"the appointment is {record['status']}")])

    def close(tx: Transaction, interaction_id: str) -> None:
        tx.update(
            "appointments",
            appointment_id,
            {"status": "held", "interaction": interaction_id},
            expect=expect if expect is not None else record["version"],
        )

    return log_interaction(store, record["account"], then=close, **log)


def appointment_log_values(record: Record, today: date) -> dict[str, Any]:
    """What the log form starts with for an appointment held: its kind, day (not after
    today), contacts and summary."""
    day = min(str(record["date"]), today.isoformat())
    return {
        "kind": record.get("kind") or "meeting",
        "date": day,
        "contacts": list(record.get("contacts") or ()),
        "summary": record.get("summary") or "",
    }
