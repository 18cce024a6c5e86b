"""Move an account to another stage; the change goes into its stage history with the date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapport.store import Store
from rapport.store.actions import change_stage
from rapport.store.records import FIELDS, STAGES

from ..formatting import words
from ..widgets.form import FormField
from .record_form import RecordForm

if TYPE_CHECKING:
    from ..app import RapportApp


def stage_form(app: RapportApp, account_id: str) -> RecordForm:
    assert app.store is not None
    account = app.store.require("accounts", account_id)
    specs = [
        FormField("stage", "new stage", "choice", [(words(s), s) for s in STAGES], required=True),
        FormField(
            "date",
            "on",
            "date",
            required=True,
            placeholder="YYYY-MM-DD, today, -1, mon",
            field=FIELDS["stage_changes"]["date"],
        ),
        FormField("note", "why", "long"),
    ]
    values = {"stage": account["stage"], "date": app.ctx.today().isoformat()}

    def save(store: Store, values: dict[str, Any], expect: int | None) -> Any:
        return change_stage(
            store,
            account_id,
            values["stage"],
            on=values["date"],
            note=values.get("note") or "",
            expect=expect,
        )

    return RecordForm(
        f"Change stage · {account['name']} (now {words(account['stage'])})",
        specs,
        values,
        save,
        expect=account["version"],
    )
