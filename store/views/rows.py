"""What the screens show, computed from the records: one row per account for the list.

Pure functions of the store's records and "today"; the screens format them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..loyalty.card import TREND_TOLERANCE, Card, trend
from ..loyalty.card_day import DayInputs, strengths_on
from ..loyalty.settings import effective_settings
from ..loyalty.strength import whole
from ..records.names import fold_search
from ..records.records import Record
from .cards import Shared, card_for, stored_settings
from .reader import StoreReader

UNSURVEYED = "Unsurveyed"


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One account as the accounts list shows it."""

    id: str
    name: str
    owner: str
    tier: str
    stage: str
    region: str
    division: str
    tags: tuple[str, ...]
    value: float
    cls: str
    """Ambassador, Opportunist, Defector or Unsurveyed (from the newest wave)."""
    strength: int | None
    band: str | None
    provisional: bool
    trend: str
    """"up", "down", "flat", or "" with fewer than two waves."""
    last_contact: str | None
    days_since: int | None
    cadence: int
    touch: str
    """"ok", "losing" (past the tier's cadence), "lost" (past twice it); "" while loading."""
    next_follow_up: str | None
    overdue: bool
    """An open follow-up or promise is past due."""
    due: str | None
    """The earliest due date of an open follow-up or promise (overdue once it is past)."""
    search: str
    """Folded text that search-as-you-type matches against (name, owner, tags)."""
    name_key: str
    """The name alone, folded: rows whose name holds every word typed come first."""


PENDING = ""
"""``AccountRow.cls`` while the account's LoyaltyCard is still being worked out."""


@dataclass(frozen=True, slots=True)
class CardSummary:
    """What the accounts list shows of a LoyaltyCard."""

    cls: str
    strength: int | None
    band: str | None
    provisional: bool
    trend: str


def settings_of(store: StoreReader) -> Mapping[str, Any]:
    """The settings in force: the file's stored ones merged over the defaults, the same the
    LoyaltyCard uses (so the list, the agenda and the card agree on cadences)."""
    return effective_settings(stored_settings(store))


def card_summary(
    store: StoreReader, account_id: str, today: date, shared: Shared | None = None
) -> CardSummary:
    return summary_of(card_for(store, account_id, today, shared=shared))


def summary_of(card: Card) -> CardSummary:
    """What the accounts list shows of ``card``."""
    value = card.strength.value
    return CardSummary(
        cls=card.cls,
        strength=None if value is None else whole(value),
        band=card.strength.band,
        provisional=card.strength.provisional,
        trend=card.trend.get("strength") or "",
    )


def summary_on(
    cls: str, inputs: DayInputs, today: date, settings: Mapping[str, Any]
) -> CardSummary:
    """What the accounts list shows of a card of class ``cls`` on ``today``, worked out from
    its strength's inputs alone (:mod:`..loyalty.card_day`), as :func:`summary_of` shows the
    card itself."""
    day = strengths_on(inputs, today, settings, explained=False)
    value = day.now.value
    before = {"strength": day.earlier[-1]} if day.earlier else None
    moved = trend({"strength": value}, before, {"strength": TREND_TOLERANCE["strength"]})
    return CardSummary(
        cls=cls,
        strength=None if value is None else whole(value),
        band=day.now.band,
        provisional=day.now.provisional,
        trend=moved["strength"] or "",
    )


def _touch(days: int | None, cadence: int) -> str:
    """ "ok", "losing" past the cadence, "lost" past twice it (or never in touch)."""
    if days is None or days > 2 * cadence:
        return "lost"
    return "losing" if days > cadence else "ok"


def _days_since(last: str | None, today: date) -> int | None:
    return (today - date.fromisoformat(last)).days if last else None


def account_row(
    store: StoreReader,
    account: Record,
    today: date,
    settings: Mapping[str, Any],
    card: CardSummary | None = None,
) -> AccountRow:
    """The account's row; without ``card`` its LoyaltyCard columns are left pending."""
    account_id = account["id"]
    last = store.last_contact(account_id)
    days = _days_since(last, today)
    cadence = int(settings.get("cadence_days", {}).get(account["tier"], 90))
    open_due = [
        f["due"] for f in store.for_account("followups", account_id) if f["status"] == "open"
    ]
    promises_due = [
        p["due"] for p in store.for_account("promises", account_id) if p["status"] == "open"
    ]
    due = min((*open_due, *promises_due), default=None)
    card = card or CardSummary(PENDING, None, None, False, "")
    tags = tuple(account.get("tags") or ())
    return AccountRow(
        id=account_id,
        name=account["name"],
        owner=account["owner"],
        tier=account["tier"],
        stage=account["stage"],
        region=account.get("region", ""),
        division=account.get("division", ""),
        tags=tags,
        value=account.get("value") or 0,
        cls=card.cls,
        strength=card.strength,
        band=card.band,
        provisional=card.provisional,
        trend=card.trend,
        last_contact=last,
        days_since=days,
        cadence=cadence,
        touch=_touch(days, cadence),
        next_follow_up=min(open_due) if open_due else None,
        overdue=due is not None and due < today.isoformat(),
        due=due,
        search=fold_search(" ".join((account["name"], account["owner"], *tags))),
        name_key=fold_search(account["name"]),
    )


def row_on(
    row: AccountRow, inputs: DayInputs, today: date, settings: Mapping[str, Any]
) -> AccountRow:
    """A row worked out on another day, as :func:`account_row` with the card of that day
    would give it on ``today``: what moves with the day (days since the last contact,
    touch, overdue, the strength) worked out again, the rest as it was."""
    days = _days_since(row.last_contact, today)
    return with_card(
        row,
        summary_on(row.cls, inputs, today, settings),
        days_since=days,
        touch=_touch(days, row.cadence),
        overdue=row.due is not None and row.due < today.isoformat(),
    )


def preview_row(account: Record) -> AccountRow:
    """An account's row from its own record alone (contact and card columns pending)."""
    tags = tuple(t for t in account.get("tags") or () if isinstance(t, str))
    return AccountRow(
        id=account["id"],
        name=account["name"],
        owner=str(account.get("owner", "")),
        tier=str(account.get("tier", "")),
        stage=str(account.get("stage", "")),
        region=str(account.get("region", "")),
        division=str(account.get("division", "")),
        tags=tags,
        value=account.get("value") or 0,
        cls=PENDING,
        strength=None,
        band=None,
        provisional=False,
        trend="",
        last_contact=None,
        days_since=None,
        cadence=0,
        touch=PENDING,
        next_follow_up=None,
        overdue=False,
        due=None,
        search=fold_search(" ".join((account["name"], str(account.get("owner", "")), *tags))),
        name_key=fold_search(account["name"]),
    )


def account_rows(
    store: StoreReader, today: date, ids: Iterable[str] | None = None, *, cards: bool = True
) -> list[AccountRow]:
    """Rows for ``ids`` (default: every account); ``cards=False`` leaves the card columns pending."""
    settings = settings_of(store)
    shared = Shared(store) if cards else None
    accounts = store.all("accounts") if ids is None else (store.get("accounts", i) for i in ids)
    return [
        account_row(
            store,
            a,
            today,
            settings,
            card_summary(store, a["id"], today, shared) if cards else None,
        )
        for a in accounts
        if a is not None
    ]


def with_card(row: AccountRow, card: CardSummary, **changes: Any) -> AccountRow:
    """``row`` with ``card``'s columns (and any other ``changes`` of its fields)."""
    return replace(
        row,
        cls=card.cls,
        strength=card.strength,
        band=card.band,
        provisional=card.provisional,
        trend=card.trend,
        **changes,
    )


def class_counts(rows: Iterable[AccountRow]) -> dict[str, int]:
    counts = {"Ambassador": 0, "Opportunist": 0, "Defector": 0, UNSURVEYED: 0, PENDING: 0}
    counts.update(Counter(row.cls for row in rows))
    return counts


def current_questionnaire(store: StoreReader) -> Record | None:
    """The newest version of the questionnaire (new waves use it)."""
    return max(store.all("questionnaires"), key=lambda q: q["number"], default=None)


def factor_names(store: StoreReader) -> dict[str, str]:
    """Every factor key ever used, with its newest name."""
    names: dict[str, str] = {}
    for questionnaire in sorted(store.all("questionnaires"), key=lambda q: q["number"]):
        for factor in questionnaire["factors"]:
            names[factor["key"]] = factor["name"]
    return names


def waves_newest_first(store: StoreReader) -> list[Record]:
    return sorted(store.all("waves"), key=lambda w: (w["date"], w["name"]), reverse=True)
