"""The LoyaltyCard area of the account screen: where the customer stands, in words and
numbers, each number with what it is made of."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from rapport.store import Store
from rapport.store.views import account_row, settings_of

from ..formatting import BAND_WORDS, CLASS_BADGES, long_date


class CardView(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    CardView { height: auto; max-height: 40%; border-top: solid $panel; padding: 0 1; }
    CardView:focus { border-top: solid $primary; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="card-body")

    def show(self, store: Store, account_id: str, today: date) -> None:
        account = store.get("accounts", account_id)
        if account is None:
            return
        row = account_row(store, account, today, settings_of(store))
        lines: list[Text] = []
        badge, _style = CLASS_BADGES.get(row.cls, ("?", None))
        head = Text.assemble((f"{row.cls} ", "bold"), (f"[{badge}]", ""))
        if row.strength is None:
            head.append("  ·  strength: not computed yet")
        else:
            word = BAND_WORDS.get(row.band or "", (row.band or "", None))[0]
            head.append(
                f"  ·  strength {row.strength} ({word}){' provisional' if row.provisional else ''}"
            )
        if row.cls == "Unsurveyed":
            head.append("  ·  no survey responses yet")
        lines.append(head)
        if row.days_since is None:
            contact = "No interaction logged yet"
        else:
            status = {
                "ok": "",
                "losing": "  ! past its cadence",
                "lost": "  !! past twice its cadence",
            }[row.touch]
            contact = f"Last contact {row.days_since} days ago (cadence {row.cadence} days){status}"
        lines.append(Text(contact))
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
        lines.append(
            Text(
                f"{overdue}{follow} · {open_promises} open promises · {open_complaints} open complaints"
            )
        )
        self.query_one("#card-body", Static).update(Group(*lines))
