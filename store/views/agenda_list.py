"""The agenda: everything that needs someone's attention, most urgent first.

Urgency, under four headings (:data:`HEADINGS`): what is **Overdue** comes first, ranked by
the value at risk (the account's annual value: an overdue item of a 2.6M account before
one of a 2,000 account), the oldest first where the value is the same; then what falls due
**Today**, **This week** (the next seven days) and **Later**, by day, and on one day the
higher value first.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from typing import Any

from .agenda_items import annotate_dates, relationship_items
from .reader import StoreReader
from .rows import account_row, settings_of

UPCOMING_DAYS = 14
DATES_AHEAD = 30
WEEK_DAYS = 7
HEADINGS = ("Overdue", "Today", "This week", "Later")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    kind: str
    """follow-up, promise, plan item, complaint, losing touch, birthday, anniversary;
    appointment, renewal, gesture, referral (``agenda_items.py``)."""
    when: str
    account_id: str
    account: str
    owner: str
    what: str
    overdue: bool
    severity: str | None
    """"red" (overdue, past twice the cadence, escalated) or "amber" (past the cadence), else None."""
    value: float
    table: str | None = None
    record_id: str | None = None
    heading: str = ""
    """Which of :data:`HEADINGS` the item falls under (set by :func:`agenda`)."""
    time: str | None = None
    """An appointment's time of day (HH:MM); None for the rest."""

    def heading_on(self, today: date) -> str:
        if self.overdue:
            return "Overdue"
        if self.when <= today.isoformat():
            return "Today"
        if self.when <= (today + timedelta(days=WEEK_DAYS)).isoformat():
            return "This week"
        return "Later"

    def sort_key(self, today: date) -> tuple[int, float, str, float, int]:
        """Overdue by value at risk, then by date; the others by date, then by value;
        where both are the same, the more severe first."""
        group = HEADINGS.index(self.heading_on(today))
        severe = 0 if self.severity == "red" else 1 if self.severity == "amber" else 2
        if group == 0:
            return (group, -self.value, self.when, 0.0, severe)
        return (group, 0.0, self.when, -self.value, severe)


def next_occurrence(day: str, today: date) -> date | None:
    """The next date (today or later) of a birthday or anniversary (YYYY-MM-DD or --MM-DD)."""
    try:
        month, dom = (
            (int(day[2:4]), int(day[5:7]))
            if day.startswith("--")
            else (int(day[5:7]), int(day[8:10]))
        )
    except (ValueError, IndexError):
        return None
    for year in (today.year, today.year + 1):
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        if not last:
            return None
        candidate = date(year, month, min(dom, last))
        if candidate >= today:
            return candidate
    return None


def _add(
    items: list[AgendaItem],
    account: Mapping[str, Any],
    kind: str,
    when: str,
    what: str,
    overdue: bool,
    severity: str | None,
    table: str | None = None,
    record_id: str | None = None,
    who: str | None = None,
) -> None:
    value = float(account.get("value") or 0)
    owner = who or account["owner"]
    items.append(
        AgendaItem(
            kind,
            when,
            account["id"],
            account["name"],
            owner,
            what,
            overdue,
            severity,
            value,
            table,
            record_id,
        )
    )


def agenda(store: StoreReader, today: date, *, owner: str | None = None) -> list[AgendaItem]:
    """Every item for accounts owned by ``owner`` (or items ``owner`` must do); all if None."""
    settings = settings_of(store)
    iso = today.isoformat()
    horizon = (today + timedelta(days=UPCOMING_DAYS)).isoformat()
    items: list[AgendaItem] = []
    for account in store.all("accounts"):
        aid = account["id"]
        mine = owner is None or account["owner"] == owner
        add = partial(_add, items, account)
        for f in store.for_account("followups", aid):
            if f["status"] == "open" and f["due"] <= horizon and (mine or f["owner"] == owner):
                late = f["due"] < iso
                add(
                    "follow-up",
                    f["due"],
                    f["what"],
                    late,
                    "red" if late else None,
                    "followups",
                    f["id"],
                    f["owner"],
                )
        for p in store.for_account("promises", aid):
            if p["status"] == "open" and p["due"] <= horizon and (mine or p.get("owner") == owner):
                late = p["due"] < iso
                add(
                    "promise",
                    p["due"],
                    p["what"],
                    late,
                    "red" if late else None,
                    "promises",
                    p["id"],
                    p.get("owner") or None,
                )
        for item in store.for_account("plan_items", aid):
            due = item.get("due")
            if (
                item["status"] in ("open", "doing")
                and due
                and due <= horizon
                and (mine or item.get("owner") == owner)
            ):
                late = due < iso
                add(
                    "plan item",
                    due,
                    item["what"],
                    late,
                    "red" if late else None,
                    "plan_items",
                    item["id"],
                    item.get("owner") or None,
                )
        if not mine:
            continue
        for c in store.for_account("complaints", aid):
            if c["status"] == "escalated":
                add(
                    "complaint",
                    c["raised"],
                    f"escalated to {c['escalated_to'] or '?'}: {c['summary']}",
                    True,
                    "red",
                    "complaints",
                    c["id"],
                )
        row = account_row(store, account, today, settings)
        if row.touch != "ok":
            since = f"{row.days_since} days" if row.days_since is not None else "ever"
            lost = row.touch == "lost"
            due = (
                (date.fromisoformat(row.last_contact) + timedelta(days=row.cadence)).isoformat()
                if row.last_contact
                else iso
            )
            add(
                "losing touch",
                due,
                f"no contact for {since} (cadence {row.cadence} days)",
                True,
                "red" if lost else "amber",
            )
        for contact in store.for_account("contacts", aid):
            for field, label in (("birthday", "birthday"), ("anniversary", "anniversary")):
                day = contact.get(field)
                nxt = next_occurrence(day, today) if day else None
                if nxt is not None and (nxt - today).days <= DATES_AHEAD:
                    add(
                        label,
                        nxt.isoformat(),
                        f"{contact['name']}'s {label}",
                        False,
                        None,
                        "contacts",
                        contact["id"],
                    )
    items += relationship_items(store, today, AgendaItem, owner=owner)
    items = annotate_dates(store, items, today)
    items.sort(key=lambda i: i.sort_key(today))
    return [replace(i, heading=i.heading_on(today)) for i in items]
