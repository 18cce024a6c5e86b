"""The portfolio: every account's LoyaltyCard, added up by owner, division, region, tier or
customer group.

What the Portfolio screen and ``rapport portfolio`` show, worked out once outside Textual:

* the rollups per group (:func:`.portfolio.rollup`): accounts per class, NPS over the
  respondents, mean strength (provisional ones counted), mean in-tune index; and the same
  for the whole portfolio;
* the accounts that need attention (:func:`.portfolio.needs_attention`): weak or at risk,
  highest annual value first;
* the points of the chart "satisfaction against loyalty": one per account with customer
  answers in its card's wave, S (1-5) against the weighted recommend (0-10), with its class;
* the value up for renewal in the next :data:`RENEWAL_DAYS` days, by class (what the
  Opportunists and Defectors put at risk), with the accounts, soonest first.

Computing the cards is the slow part (about a millisecond each), so
:func:`.kept_cards.portfolio_cards` keeps them beside the file and reports progress and :func:`report` regroups the same cards without recomputing them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from ..loyalty.card import (
    CLASSES,
    Card,
    Rollup,
    effective_settings,
    needs_attention,
    rollup,
)
from ..loyalty.comments import Comment, comments_to_json, unhappy
from ..loyalty.settings import Settings
from ..records.names import fold
from ..records.schema import TIERS
from .cards import Shared
from .kept_cards import Progress, portfolio_cards
from .reader import StoreReader

GROUPINGS = ("owner", "division", "region", "tier", "group")
"""The account fields a portfolio can be grouped by."""

RENEWAL_DAYS = 90
"""The portfolio's renewals look this many days ahead."""


@dataclass(frozen=True)
class Renewals:
    """The accounts whose renewal falls in the next ``days`` days (today included)."""

    days: int
    by_class: Mapping[str, float]
    """Annual value up for renewal per class (every class named)."""
    cards: tuple[Card, ...]
    """The accounts' cards, soonest renewal first."""

    @property
    def value(self) -> float:
        return sum(self.by_class.values())


def renewals(cards: Iterable[Card], today: date, days: int = RENEWAL_DAYS) -> Renewals:
    first, last = today.isoformat(), date.fromordinal(today.toordinal() + days).isoformat()
    due = [c for c in cards if first <= str(c.account.get("renewal") or "") <= last]
    due.sort(key=lambda c: (str(c.account["renewal"]), -float(c.account.get("value") or 0)))
    by_class = dict.fromkeys(CLASSES, 0.0)
    for c in due:
        by_class[c.cls] = by_class.get(c.cls, 0.0) + float(c.account.get("value") or 0)
    return Renewals(days, by_class, tuple(due))


@dataclass(frozen=True)
class Point:
    """One account on the chart "satisfaction against loyalty"."""

    account_id: str
    account: str
    satisfaction: float
    """S, 1..5 (the chart's x axis)."""
    recommend: float
    """The account's weighted recommend, 0..10 (the chart's y axis: loyalty)."""
    cls: str


@dataclass(frozen=True)
class PortfolioReport:
    """Everything the portfolio shows, for one grouping."""

    as_of: date
    by: str
    """The account field grouped by (one of :data:`GROUPINGS`)."""
    wave: Mapping[str, Any] | None
    """The wave every card was taken in; None: each account's newest surveyed wave."""
    accounts: int
    groups: tuple[Rollup, ...]
    """One per value of ``by``, in a stable order (tiers key, growth, standard; others by
    name; accounts without a value last, keyed "")."""
    total: Rollup
    """The whole portfolio as one group (key "all")."""
    attention: tuple[Card, ...]
    """Every weak or at-risk account, highest annual value first."""
    points: tuple[Point, ...]
    left_out: int
    """Surveyed accounts missing S or recommend (customers answered neither), not charted."""
    guides: Mapping[str, tuple[float, float]]
    """The class lines for the chart: ``satisfaction`` (Defector below, Ambassador from)
    and ``recommend`` (Defector at most, Ambassador from), from the settings."""
    comments: tuple[tuple[Card, Comment], ...] = ()
    """What unhappy customers said: the comments of Defectors and of every customer who
    would not recommend us (NPS detractors), Defectors first, then by account name."""
    cards: tuple[Card, ...] = field(default=(), repr=False, compare=False)
    """The cards it was made of, in account name order, without their factor rows and plan
    progress (:func:`.card_codec.without_detail`), which the portfolio does not show."""
    settings: Settings | None = field(default=None, repr=False, compare=False)
    renewals: Renewals = field(default=Renewals(RENEWAL_DAYS, {}, ()), compare=False)

    def regrouped(self, by: str) -> PortfolioReport:
        """The same cards grouped by another field, without working them out again (the
        Portfolio screen switches grouping with a key)."""
        return report(self.cards, by, self.as_of, settings=self.settings, wave=self.wave)


def group_key(account: Mapping[str, Any], by: str) -> str:
    """The account's group: its ``by`` field as text ("" when it has none)."""
    value = account.get(by)
    return "" if value is None else str(value).strip()


def keyed(cards: Sequence[Card], by: str) -> Callable[[Any], str]:
    """How cards are grouped by ``by``: customer groups in any case and spacing, named as
    first spelt (in account name order); the other fields as they are."""
    if by != "group":
        return lambda c: group_key(c.account, by)
    spelt: dict[str, str] = {}
    for card in cards:
        name = group_key(card.account, by)
        spelt.setdefault(fold(name), name)
    return lambda c: spelt[fold(group_key(c.account, by))]


def _order(key: Hashable, by: str) -> tuple[int, int, str]:
    text = str(key)
    rank = TIERS.index(text) if by == "tier" and text in TIERS else len(TIERS)
    return (text == "", rank, fold(text))


def _empty(key: str) -> Rollup:
    return Rollup(key, 0, dict.fromkeys(CLASSES, 0), None, 0, None, 0, None)


def chart_points(cards: Iterable[Card]) -> tuple[tuple[Point, ...], int]:
    """The chart's points (accounts with customer answers in their card's wave and both S
    and recommend), and how many surveyed accounts had to be left out."""
    points: list[Point] = []
    left_out = 0
    for c in cards:
        if not c.customers:
            continue
        if c.satisfaction is None or c.recommend is None:
            left_out += 1
            continue
        points.append(
            Point(
                str(c.account["id"]),
                str(c.account.get("name", "")),
                c.satisfaction,
                c.recommend,
                c.cls,
            )
        )
    return tuple(points), left_out


def guides(settings: Settings | None) -> dict[str, tuple[float, float]]:
    c = effective_settings(settings)["classification"]
    amb, dfc = c["ambassador"], c["defector"]
    return {
        "satisfaction": (float(dfc["satisfaction_below"]), float(amb["satisfaction_min"])),
        "recommend": (float(dfc["recommend_max"]), float(amb["recommend_min"])),
    }


def report(
    cards: Sequence[Card],
    by: str,
    today: date,
    *,
    settings: Settings | None = None,
    wave: Mapping[str, Any] | None = None,
) -> PortfolioReport:
    """The portfolio of ``cards`` grouped by the account field ``by``."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: choose one of {', '.join(GROUPINGS)}")
    s = effective_settings(settings)
    groups = rollup(cards, key=keyed(cards, by), settings=s)
    total = rollup(cards, key=lambda c: "all", settings=s).get("all") or _empty("all")
    points, left_out = chart_points(cards)
    detractor = float(s["nps"]["detractor_max"])
    said = [(c, m) for c in cards for m in c.comments if unhappy(m, c.cls, detractor)]
    said.sort(key=lambda x: x[0].cls != "Defector")
    return PortfolioReport(
        as_of=today,
        by=by,
        wave=wave,
        accounts=len(cards),
        groups=tuple(groups[k] for k in sorted(groups, key=lambda k: _order(k, by))),
        total=total,
        attention=tuple(cast(list[Card], needs_attention(cards))),
        points=points,
        left_out=left_out,
        guides=guides(s),
        comments=tuple(said),
        cards=tuple(cards),
        settings=s,
        renewals=renewals(cards, today),
    )


def portfolio(
    store: StoreReader,
    today: date,
    by: str = "owner",
    *,
    wave: str | None = None,
    progress: Progress | None = None,
) -> PortfolioReport:
    """The portfolio of every account in ``store`` as of ``today``, grouped by ``by``."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: choose one of {', '.join(GROUPINGS)}")
    shared = Shared(store)
    cards = portfolio_cards(store, today, wave=wave, progress=progress, shared=shared, whole=False)
    return report(
        cards,
        by,
        today,
        settings=shared.settings,
        wave=store.get("waves", wave) if wave else None,
    )


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def rollup_to_json(group: Rollup) -> dict[str, Any]:
    return {
        "key": group.key,
        "accounts": group.accounts,
        "classes": dict(group.classes),
        "nps": _num(group.nps),
        "respondents": group.respondents,
        "mean_strength": _num(group.mean_strength),
        "provisional": group.provisional,
        "mean_in_tune": _num(group.mean_in_tune),
    }


def attention_to_json(card: Card) -> dict[str, Any]:
    a, st = card.account, card.strength
    return {
        "account": a.get("name"),
        "account_id": a.get("id"),
        "owner": a.get("owner"),
        "division": a.get("division"),
        "region": a.get("region"),
        "tier": a.get("tier"),
        "value": a.get("value"),
        "class": card.cls,
        "strength": _num(st.value),
        "band": st.band,
        "provisional": st.provisional,
        "strength_explanation": st.explanation,
    }


def report_to_json(rep: PortfolioReport, top: int | None = None) -> dict[str, Any]:
    """The report as JSON-ready data for ``rapport portfolio --format json``; ``top`` keeps
    only the first ``top`` accounts of the needs-attention list (None or 0: all)."""
    attention = rep.attention[:top] if top else rep.attention
    return {
        "as_of": rep.as_of.isoformat(),
        "by": rep.by,
        "wave": None if rep.wave is None else rep.wave.get("name"),
        "wave_id": None if rep.wave is None else rep.wave.get("id"),
        "accounts": rep.accounts,
        "groups": [rollup_to_json(g) for g in rep.groups],
        "total": rollup_to_json(rep.total),
        "needs_attention": [attention_to_json(c) for c in attention],
        "needs_attention_total": len(rep.attention),
        "comments": [
            {
                "account": card.account.get("name"),
                "class": card.cls,
                "recommend": comment.recommend,
                **comments_to_json([comment], (card.wave or {}).get("name"))[0],
            }
            for card, comment in rep.comments
        ],
        "renewals": renewals_to_json(rep.renewals),
        "chart": {
            "x": "satisfaction",
            "y": "recommend",
            "guides": {k: list(v) for k, v in rep.guides.items()},
            "left_out": rep.left_out,
            "points": [
                {
                    "account": p.account,
                    "account_id": p.account_id,
                    "satisfaction": round(p.satisfaction, 2),
                    "recommend": round(p.recommend, 2),
                    "class": p.cls,
                }
                for p in rep.points
            ],
        },
    }


def renewals_to_json(due: Renewals) -> dict[str, Any]:
    return {
        "days": due.days,
        "by_class": dict(due.by_class),
        "value": due.value,
        "accounts": [
            {
                "account": c.account.get("name"),
                "account_id": c.account.get("id"),
                "owner": c.account.get("owner"),
                "renewal": c.account.get("renewal"),
                "class": c.cls,
                "value": c.account.get("value"),
            }
            for c in due.cards
        ],
    }
