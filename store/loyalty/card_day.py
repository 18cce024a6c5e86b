"""The part of a LoyaltyCard that moves with the day: the strength index.

Everything else on a card (class, satisfaction, in-tune, blind spots, progress against plan)
is read off the survey answers and does not change from one day to the next. The strength
does: engagement counts the days since the last contact, reliability the promises due in the
year ending today and the complaints open today. :class:`DayInputs` holds what the strength
reads, so a card worked out on one day is brought to another by :func:`strengths_on`
without reading the account's records again; the card itself (:func:`.card.with_day`) and
the accounts list's row both go through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .scores import Record
from .settings import Settings
from .strength import (
    ACCOUNT_FIELDS,
    COMPLAINT_FIELDS,
    PROMISE_FIELDS,
    Strength,
    interaction_day,
    strength,
)


@dataclass(frozen=True)
class Earlier:
    """A wave before the card's in which the account had customer answers."""

    date: date
    customer: Mapping[str, float]
    """The customer factor means in that wave."""
    strength: float | None
    """The strength index as of the wave's date."""


@dataclass(frozen=True)
class DayInputs:
    """What the strength of a card reads, on whatever day it is worked out."""

    account: Record
    """The account's fields that the strength reads (tier, B2C, how bad news travels)."""
    customer: Mapping[str, float]
    """The customer factor means in the card's wave."""
    fixed: date | None
    """The card's wave's date when a later wave surveyed the account (the card is then as of
    that day), else None (it is as of today)."""
    earlier: tuple[Earlier, ...]
    interactions: tuple[str, ...]
    """The days of the account's interactions (ISO, oldest first, each once)."""
    promises: tuple[Record, ...]
    complaints: tuple[Record, ...]


@dataclass(frozen=True)
class Strengths:
    """A card's strength numbers on one day."""

    as_of: date
    now: Strength
    earlier: tuple[float | None, ...]
    """The strength in each of :attr:`DayInputs.earlier`, as of its date or today if sooner."""


def _only(record: Record, names: Iterable[str]) -> dict[str, Any]:
    return {name: record[name] for name in names if name in record}


def day_inputs(
    account: Record,
    customer: Mapping[str, float],
    fixed: date | None,
    earlier: Iterable[tuple[date, Mapping[str, float]]],
    interactions: Iterable[str | date | Record],
    promises: Iterable[Record],
    complaints: Iterable[Record],
    settings: Settings,
) -> DayInputs:
    """The inputs of the card's strength; each earlier wave's strength is worked out here,
    as of its date (the day it is shown on does not change it once that day has come)."""
    lite = _only(account, ACCOUNT_FIELDS)
    days = tuple(sorted({interaction_day(i) for i in interactions}))
    kept = tuple(_only(p, PROMISE_FIELDS) for p in promises)
    raised = tuple(_only(c, COMPLAINT_FIELDS) for c in complaints)
    points = tuple(
        Earlier(
            day,
            means,
            strength(lite, means, days, kept, raised, day, settings, explained=False).value,
        )
        for day, means in earlier
    )
    return DayInputs(lite, customer, fixed, points, days, kept, raised)


def strengths_on(
    inputs: DayInputs, today: date, settings: Settings, *, explained: bool = True
) -> Strengths:
    """The card's strength numbers on ``today``: as of the wave's date when a later wave
    surveyed the account, else as of today; an earlier wave's as of its date, or today when
    that date has not come yet. ``explained=False``: the strength without its parts and
    explanation (:func:`.strength.strength`)."""
    as_of = min(today, inputs.fixed) if inputs.fixed is not None else today

    def on(day: date, customer: Mapping[str, float], explained: bool = False) -> Strength:
        args = (inputs.interactions, inputs.promises, inputs.complaints)
        return strength(inputs.account, customer, *args, day, settings, explained=explained)

    earlier = tuple(
        e.strength if e.date <= today else on(today, e.customer).value for e in inputs.earlier
    )
    return Strengths(as_of, on(as_of, inputs.customer, explained), earlier)
