"""The LoyaltyCard area of the account screen: where the customer stands, in words and
numbers, each number with what it is made of. Focus it (tab) to scroll; z zooms it."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from rapport.store import Store
from rapport.store.cards import card_for
from rapport.store.views import AccountRow, account_row, settings_of

from ..formatting import long_date
from ..render.card import card_renderable


class CardView(VerticalScroll, can_focus=True):
    ALLOW_MAXIMIZE = True  # scroll containers refuse by default; z zooms the card
    DEFAULT_CSS = """
    CardView { height: auto; max-height: 45%; border-top: solid $panel; padding: 0 1; }
    CardView:focus { border-top: solid $primary; }
    CardView.-maximized { max-height: 100%; height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="card-body")

    def show(self, store: Store, account_id: str, today: date) -> None:
        account = store.get("accounts", account_id)
        if account is None:
            return
        card = card_for(store, account_id, today)
        row = account_row(store, account, today, settings_of(store))
        self.query_one("#card-body", Static).update(
            Group(card_renderable(card), self._touch(store, account_id, row))
        )

    @staticmethod
    def _touch(store: Store, account_id: str, row: AccountRow) -> Text:
        if row.days_since is None:
            contact = "No interaction logged yet"
        else:
            status = {
                "ok": "",
                "losing": " ! past its cadence",
                "lost": " !! past twice its cadence",
            }[row.touch]
            contact = f"Last contact {row.days_since} days ago (cadence {row.cadence}){status}"
        open_promises = sum(
            1 for p in store.for_account("promises", account_id) if p["status"] == "open"
        )
        open_complaints = sum(
            1 for c in store.for_account("complaints", account_id) if c["status"] != "resolved"
        )
        follow = (
            f"next follow-up {long_date(row.next_follow_up)}"
            if row.next_follow_up
            else "no follow-up planned"
        )
        overdue = "! overdue · " if row.overdue else ""
        return Text(
            f"{contact} · {overdue}{follow} · {open_promises} open promises · {open_complaints} open complaints"
        )
