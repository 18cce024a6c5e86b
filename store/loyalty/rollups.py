"""Portfolio rollups: LoyaltyCards grouped by owner, division, region, tier or anything else.

Pure: cards in, one :class:`Rollup` per group out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .scores import mean, nps_of_scores
from .settings import Settings, effective_settings
from .strength import Strength

CLASS_NAMES = ("Ambassador", "Opportunist", "Defector", "Unsurveyed")


class CardLike(Protocol):
    """What a rollup reads from a card (:class:`rapport.store.loyalty.Card` has it)."""

    @property
    def account(self) -> Mapping[str, Any]: ...
    @property
    def cls(self) -> str: ...
    @property
    def strength(self) -> Strength: ...
    @property
    def in_tune(self) -> float | None: ...
    @property
    def recommend_scores(self) -> tuple[int, ...]: ...


@dataclass(frozen=True)
class Rollup:
    """One group of accounts."""

    key: Hashable
    accounts: int
    classes: Mapping[str, int]
    """How many accounts in each class (every class named, zeros included)."""
    nps: float | None
    """NPS over every customer respondent of the group's cards (each card's wave)."""
    respondents: int
    mean_strength: float | None
    """Plain mean of the strength index over the accounts that have one (provisional ones too)."""
    provisional: int
    """How many of those strength values are provisional (no survey)."""
    mean_in_tune: float | None
    """Plain mean of the in-tune index over the accounts that have one."""


def rollup(
    cards: Iterable[CardLike],
    key: Callable[[CardLike], Hashable],
    settings: Settings | None = None,
) -> dict[Hashable, Rollup]:
    """Group ``cards`` by ``key(card)`` (e.g. ``lambda c: c.account["owner"]``), groups in
    order of first appearance. Per group: the count per class, NPS at respondent level over
    the recommend answers of all its customer respondents (:func:`.scores.nps_of_scores`),
    the mean strength and the mean in-tune index over the accounts that have them."""
    s = effective_settings(settings)
    groups: dict[Hashable, list[CardLike]] = {}
    for card in cards:
        groups.setdefault(key(card), []).append(card)
    out: dict[Hashable, Rollup] = {}
    for k, members in groups.items():
        classes = dict.fromkeys(CLASS_NAMES, 0)
        scores: list[int] = []
        strengths: list[float] = []
        in_tune: list[float] = []
        provisional = 0
        for c in members:  # one pass: a portfolio's group may hold 20,000 accounts
            if c.cls in classes:
                classes[c.cls] += 1
            scores.extend(c.recommend_scores)
            st = c.strength
            if st.value is not None:
                strengths.append(st.value)
                provisional += st.provisional
            if c.in_tune is not None:
                in_tune.append(c.in_tune)
        out[k] = Rollup(
            key=k,
            accounts=len(members),
            classes=classes,
            nps=nps_of_scores(scores, s),
            respondents=len(scores),
            mean_strength=mean(strengths),
            provisional=provisional,
            mean_in_tune=mean(in_tune),
        )
    return out


def needs_attention(cards: Iterable[CardLike]) -> list[CardLike]:
    """The accounts whose strength band is weak or at risk, highest annual ``value`` first
    (then weakest strength first, then by name): the portfolio's "look here first" list."""
    weak = [c for c in cards if c.strength.band in ("weak", "at risk")]
    return sorted(
        weak,
        key=lambda c: (
            -float(c.account.get("value") or 0),
            c.strength.value if c.strength.value is not None else 0.0,
            str(c.account.get("name", "")),
        ),
    )
