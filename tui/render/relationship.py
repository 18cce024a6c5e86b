"""The relationship facts beside an account's LoyaltyCard: its customer group, its renewal
date, what it has won with us, and the referrals it gave (opportunities naming it as their
referrer). The same words in the app and in ``rapport card``. (Plain Rich; it reads the
store only through ``views``.)"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from rapport.store import Store
from rapport.store.records import Record, counted, visible
from rapport.store.views import Referrals, won

from ..formatting import money

SOON = 90
"""Days within which a renewal is said as a count of days."""


def renewal_words(renewal: str | None, today: date) -> str:
    """``renewal 2027-07-20``; within 90 days ``renewal in 53 days`` or ``renewal due 22
    days ago``: short, for the account's header."""
    if not renewal:
        return ""
    try:
        days = (date.fromisoformat(renewal) - today).days
    except ValueError:
        return ""
    if days < 0:
        return f"! renewal due {counted(-days, 'day')} ago"
    if days <= SOON:
        return "renewal today" if days == 0 else f"renewal in {counted(days, 'day')}"
    return f"renewal {renewal}"


def won_words(value: float, count: int) -> str:
    return f"won {money(value)}" if count else ""


def referrals_text(referrals: Referrals) -> Text:
    """``Referrals given: 2 (1 won, 45k)``; that none were given, said plainly."""
    if not referrals.given:
        return Text("Referrals given: none yet", style="dim")
    won = f" ({referrals.won} won, {money(referrals.won_value)})" if referrals.won else ""
    return Text(visible(f"Referrals given: {referrals.given}{won}"))


def relationship_facts(store: Store, account: Record, today: date) -> list[str]:
    """The account header's relationship facts: group, renewal, won value."""
    value, count = won(store, account["id"])
    facts = [
        f"group {account['group']}" if account.get("group") else "",
        renewal_words(account.get("renewal"), today),
        won_words(value, count),
    ]
    return [f for f in facts if f]
