"""Opportunities handed to sales, as single saves: pass one to a person in sales (with a
follow-up for them, which shows in their agenda), and close it as won or lost (value and
day kept)."""

from __future__ import annotations

from datetime import timedelta

from ..engine.store import Store
from ..engine.transaction import ChangeSet
from ..records.lifecycle import with_rules
from ..records.names import fold
from ..records.validate import FieldError, ValidationError

HAND_OFF_DAYS = 3
"""Days sales has to take up an opportunity passed to them."""


def pass_to_sales(
    store: Store, opportunity_id: str, person: str, *, expect: int | None = None
) -> ChangeSet:
    """Pass the opportunity to ``person`` (the caller has checked the name): it becomes
    ``passed`` (dated today) and ``person`` gets a follow-up due in a few days, unless one
    for this hand-off is open already."""
    person = " ".join(person.split())
    if not person:
        raise ValidationError([FieldError("passed_to", "is required: whom is it passed to?")])
    record = store.require("opportunities", opportunity_id)
    if record["status"] in ("won", "lost"):
        raise ValidationError(
            [FieldError("status", f"the opportunity was {record['status']} already")]
        )
    today = store.ctx.today()
    changes = with_rules("opportunities", record, {"status": "passed", "passed_to": person}, today)
    if record["status"] == "passed" and fold(record["passed_to"]) != fold(person):
        changes["passed_on"] = today.isoformat()  # a new hand-off
    ref = f"opportunity:{opportunity_id}:{fold(person)}"
    taken = any(
        f.get("ref") == ref and f["status"] == "open"
        for f in store.for_account("followups", record["account"])
    )
    value = float(record.get("value") or 0)
    worth = f" (worth {value:,.0f})" if value else ""
    with store.transaction(f"pass an opportunity to {person}") as tx:
        tx.update("opportunities", opportunity_id, changes, expect=expect)
        if not taken:
            tx.create(
                "followups",
                {
                    "account": record["account"],
                    "due": today + timedelta(days=HAND_OFF_DAYS),
                    "owner": person,
                    "what": f"Sales lead from {store.ctx.user}: {record['what']}{worth}",
                    "origin": "opportunity",
                    "ref": ref,
                },
            )
    assert tx.result is not None
    return tx.result
