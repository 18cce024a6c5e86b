"""What x (and c) do on the agenda's relationship items: an appointment whose time has passed
opens the log form prefilled (the interaction saved closes it as held) and c cancels it; a
decision maker without a gesture opens the log form as a gift for them; an Ambassador to ask
for a referral opens it as a referral; a renewal opens the account's form to set the next date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapport.store import Store
from rapport.store.actions import cancel_appointment as cancel
from rapport.store.views import AgendaItem

if TYPE_CHECKING:
    from ..app import RapportApp

RELATIONSHIP_KINDS = frozenset({"appointment", "renewal", "gesture", "referral"})


def relationship_done(app: RapportApp, item: AgendaItem) -> None:
    from ..modals.log_interaction import LogInteraction

    store = app.store
    if store is None or store.get("accounts", item.account_id) is None:
        return
    if item.kind == "appointment" and item.record_id:
        record = store.get("appointments", item.record_id)
        if record is None:
            return
        if not item.overdue:
            app.notify("Not yet: x logs it once its time has come (c cancels it)", timeout=4)
            return
        app.push_screen(LogInteraction(item.account_id, appointment=record))
    elif item.kind == "gesture":
        preset: dict[str, Any] = {"kind": "gift", "contacts": [item.record_id]}
        app.push_screen(LogInteraction(item.account_id, preset=preset))
    elif item.kind == "referral":
        app.push_screen(LogInteraction(item.account_id, preset={"kind": "referral"}))
    elif item.kind == "renewal":
        from ..modals.account_form import AccountForm

        app.push_screen(AccountForm(item.account_id))


def cancel_appointment(app: RapportApp, item: AgendaItem) -> None:
    from ..modals.confirm import Confirm

    record_id = item.record_id
    if record_id is None:
        return

    def answer(yes: bool | None) -> None:
        if yes:
            app.save(
                lambda store: _cancel(store, record_id),
                done=lambda _: app.notify("Cancelled: kept as cancelled (u undoes it)", timeout=3),
            )

    app.push_screen(
        Confirm(f"Cancel this appointment?\n{item.what[:200]}", yes="Cancel it", no="Keep it"),
        answer,
    )


def _cancel(store: Store, record_id: str) -> Any:
    record = store.require("appointments", record_id)
    return cancel(store, record_id, expect=record["version"])
