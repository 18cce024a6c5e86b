"""Customer groups: one customer organisation served by several divisions or regions is
several accounts of one ``group``. The group view puts them side by side.

* The group's **strength** is the mean of its accounts' strength weighted by their annual
  value; accounts without a strength index are left out (and counted, so the view says so).
  When none of the accounts that have one has a value, the plain mean is taken.
* Its **class mix** counts its accounts per class.
* **Where divisions differ most**: per factor, each division's mean of its accounts'
  customer scores; the factors whose lowest and highest division are furthest apart,
  largest first ("Services scores trust 1.4 below Energy").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..engine.store import Store
from ..errors import StoreError
from ..loyalty.card import CLASSES, Card
from ..loyalty.strength import band
from ..records.names import close_names, fold, fold_search
from .cards import card_for
from .dated import shared_as_of

NO_DIVISION = "(no division)"
DIFFERENCES = 3
"""Factors named in "where divisions differ most"."""
SMALLEST_GAP = 0.05
"""A difference between divisions smaller than this is no difference."""


class GroupNotFound(StoreError):
    def __init__(self, ref: str, suggestions: list[str]) -> None:
        self.ref = ref
        self.suggestions = suggestions
        hint = f" (did you mean {', '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
        super().__init__(f"no account belongs to a group named {ref!r}{hint}")


@dataclass(frozen=True)
class GroupMember:
    """One account of a group, as the group view shows it."""

    account_id: str
    account: str
    division: str
    region: str
    owner: str
    cls: str
    strength: float | None
    band: str | None
    provisional: bool
    in_tune: float | None
    value: float
    factors: Mapping[str, float]
    """The account's customer score per factor in its card's wave."""


@dataclass(frozen=True)
class FactorGap:
    """Where two divisions of a group differ most on one factor."""

    factor: str
    name: str
    low: str
    """The division that scores it lowest."""
    low_score: float
    high: str
    high_score: float

    @property
    def gap(self) -> float:
        return self.high_score - self.low_score

    def sentence(self) -> str:
        return f"{self.low} scores {self.name} {self.gap:.1f} below {self.high}"


@dataclass(frozen=True)
class GroupReport:
    group: str
    as_of: date
    members: tuple[GroupMember, ...]
    """Strongest first (accounts without a strength last), then by name."""
    strength: float | None
    band: str | None
    weighting: str
    """"value" (weighted by annual value) or "plain" (no account with a strength has a value)."""
    left_out: int
    """Accounts without a strength index, not counted in the group's strength."""
    value: float
    classes: Mapping[str, int]
    differences: tuple[FactorGap, ...]


def group_names(store: Store) -> dict[str, int]:
    """Every group, as first spelt, with how many accounts it has (by name, folded)."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for account in store.all("accounts"):
        name = str(account.get("group") or "").strip()
        if name:
            key = fold(name)
            names.setdefault(key, name)
            counts[key] = counts.get(key, 0) + 1
    return {names[k]: counts[k] for k in sorted(names, key=lambda k: (fold_search(k), k))}


def find_group(store: Store, ref: str) -> str:
    """The group named ``ref`` (case and spacing folded); :class:`GroupNotFound` names the
    closest groups otherwise."""
    wanted = fold(ref)
    known = list(group_names(store))
    for name in known:
        if fold(name) == wanted:
            return name
    raise GroupNotFound(ref, close_names(ref, known) or known[:5])


def members_of(store: Store, group: str) -> list[Mapping[str, Any]]:
    wanted = fold(group)
    return [a for a in store.all("accounts") if fold(str(a.get("group") or "")) == wanted]


def member(card: Card) -> GroupMember:
    a, st = card.account, card.strength
    return GroupMember(
        account_id=str(a["id"]),
        account=str(a.get("name", "")),
        division=str(a.get("division") or ""),
        region=str(a.get("region") or ""),
        owner=str(a.get("owner") or ""),
        cls=card.cls,
        strength=st.value,
        band=st.band,
        provisional=st.provisional,
        in_tune=card.in_tune,
        value=float(a.get("value") or 0),
        factors={f.key: f.customer for f in card.factors if f.customer is not None},
    )


def weighted_strength(members: tuple[GroupMember, ...]) -> tuple[float | None, str, int]:
    """(strength, weighting, left out): see the module's docstring."""
    scored = [m for m in members if m.strength is not None]
    left_out = len(members) - len(scored)
    weight = sum(m.value for m in scored)
    if not scored:
        return None, "value", left_out
    if weight <= 0:
        return sum(m.strength or 0 for m in scored) / len(scored), "plain", left_out
    return sum(m.value * (m.strength or 0) for m in scored) / weight, "value", left_out


def differences(
    members: tuple[GroupMember, ...], names: Mapping[str, str], n: int = DIFFERENCES
) -> tuple[FactorGap, ...]:
    """The ``n`` factors on which the group's divisions differ most (see the docstring)."""
    by_division: dict[str, dict[str, list[float]]] = {}
    for m in members:
        scores = by_division.setdefault(m.division or NO_DIVISION, {})
        for factor, score in m.factors.items():
            scores.setdefault(factor, []).append(score)
    gaps: list[FactorGap] = []
    for factor in sorted({f for m in members for f in m.factors}):
        means = {
            division: sum(s[factor]) / len(s[factor])
            for division, s in by_division.items()
            if s.get(factor)
        }
        if len(means) < 2:
            continue
        low = min(means, key=lambda d: (means[d], fold(d)))
        high = max(means, key=lambda d: (means[d], fold(d)))
        if means[high] - means[low] >= SMALLEST_GAP:
            gaps.append(
                FactorGap(factor, names.get(factor, factor), low, means[low], high, means[high])
            )
    gaps.sort(key=lambda g: (-g.gap, g.factor))
    return tuple(gaps[:n])


def group_report(store: Store, group: str, today: date) -> GroupReport:
    """The group named ``group`` (as :func:`find_group` returns it) as of ``today``: each
    account's card in its newest wave on or before ``today``."""
    shared = shared_as_of(store, today)
    cards = [card_for(store, a["id"], today, shared=shared) for a in members_of(store, group)]
    names = {f.key: f.name for card in cards for f in card.factors}
    members = tuple(
        sorted(
            (member(c) for c in cards),
            key=lambda m: (m.strength is None, -(m.strength or 0), fold(m.account)),
        )
    )
    strength, weighting, left_out = weighted_strength(members)
    classes = {c: sum(1 for m in members if m.cls == c) for c in CLASSES}
    return GroupReport(
        group=group,
        as_of=today,
        members=members,
        strength=strength,
        band=band(strength, shared.settings),
        weighting=weighting,
        left_out=left_out,
        value=sum(m.value for m in members),
        classes=classes,
        differences=differences(members, names),
    )


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def group_to_json(report: GroupReport) -> dict[str, Any]:
    """The group for ``rapport group NAME --format json``."""
    return {
        "group": report.group,
        "as_of": report.as_of.isoformat(),
        "strength": _num(report.strength),
        "band": report.band,
        "weighting": report.weighting,
        "left_out": report.left_out,
        "value": report.value,
        "classes": dict(report.classes),
        "accounts": [
            {
                "account": m.account,
                "account_id": m.account_id,
                "division": m.division,
                "region": m.region,
                "owner": m.owner,
                "class": m.cls,
                "strength": _num(m.strength),
                "band": m.band,
                "provisional": m.provisional,
                "in_tune": _num(m.in_tune),
                "value": m.value,
            }
            for m in report.members
        ],
        "differences": [
            {
                "factor": g.factor,
                "name": g.name,
                "low": {"division": g.low, "score": _num(g.low_score)},
                "high": {"division": g.high, "score": _num(g.high_score)},
                "gap": _num(g.gap),
                "says": g.sentence(),
            }
            for g in report.differences
        ],
    }
