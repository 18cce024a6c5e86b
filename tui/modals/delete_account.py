"""Deleting an account takes everything that belongs to it; say how much, ask first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapport.store.actions import belongings, delete_account
from rapport.store.records import NOUNS

from .confirm import Confirm

if TYPE_CHECKING:
    from ..app import RapportApp


def confirm_delete_account(app: RapportApp, account_id: str) -> None:
    assert app.store is not None
    account = app.store.require("accounts", account_id)
    counts = belongings(app.store, account_id)
    what = (
        ", ".join(f"{n} {NOUNS[t]}{'s' if n != 1 else ''}" for t, n in counts.items())
        or "nothing else"
    )
    version = account["version"]

    def answer(yes: bool | None) -> None:
        if yes:
            app.save(
                lambda store: delete_account(store, account_id, expect=version),
                done=lambda _: app.notify("Account deleted (u undoes it)", timeout=4),
            )

    app.push_screen(
        Confirm(f"Delete the account {account['name']}?\nWith it go: {what}.", yes="Delete"),
        answer,
    )
