"""A response given at the survey kiosk: the customer's person picks their name (or types
it: a contact of the account is added for a name it does not know yet) and answers; saved
as any response is, closing the loop in the same save."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine.store import Store
from ..engine.transaction import ChangeSet
from ..records.names import fold
from ..records.records import Record
from ..records.validate import FieldError, ValidationError
from .edits import save_record
from .surveys import record_response


def contact_named(store: Store, account_id: str, name: str) -> Record | None:
    """The account's contact with this name (case and spacing folded), if there is one."""
    wanted = fold(name)
    return next(
        (c for c in store.for_account("contacts", account_id) if fold(c["name"]) == wanted), None
    )


def earlier_answer(store: Store, wave_id: str, account_id: str, contact_id: str) -> Record | None:
    """The contact's answer in the wave, if they gave one already."""
    for r in store.for_account("responses", account_id):
        if (r["wave"], r["respondent"], r.get("contact")) == (wave_id, "customer", contact_id):
            return r
    return None


def kiosk_answer(
    store: Store,
    wave_id: str,
    account_id: str,
    answer: Mapping[str, Any],
    *,
    contact: str | None = None,
    name: str = "",
) -> ChangeSet:
    """Save one kiosk response (``answer``: answers, recommend, switch, comment) for the
    contact picked (an id), or for the one named ``name`` (added to the account if new)."""
    contact_id = contact
    if contact_id is None:
        name = " ".join(name.split())
        if not name:
            raise ValidationError([FieldError("name", "is needed: pick your name or type it")])
        known = contact_named(store, account_id, name)
        if known is not None:
            contact_id = known["id"]
        else:
            wave = store.require("waves", wave_id)
            added = save_record(
                store,
                "contacts",
                {
                    "account": account_id,
                    "name": name,
                    "notes": f"Added at the survey kiosk ({wave['name']})",
                },
                label="add a contact at the survey kiosk",
            )
            contact_id = added.created("contacts")[0]["id"]
    return record_response(
        store,
        {
            **answer,
            "wave": wave_id,
            "account": account_id,
            "contact": contact_id,
            "respondent": "customer",
        },
    )
