"""The LoyaltyCard: one account in one survey wave, every number with how it came about.

Pure: plain Mappings shaped like the records in :mod:`rapport.store.schema` in, frozen
dataclasses out; no I/O, ``today`` always given. The arithmetic lives beside it in
:mod:`.scores` (survey numbers, NPS, in-tune), :mod:`.strength` (the strength index),
:mod:`.followthrough` (closing the loop, progress against plan), :mod:`.portfolio` (rollups)
and :mod:`.loyalty_settings`; the names used by callers are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from .card_day import DayInputs, day_inputs, strengths_on
from .comments import Comment, wave_comments
from .followthrough import (
    FollowUpDraft,
    PlanProgress,
    close_the_loop,
    plan_progress,
    wave_order,
)
from .rollups import Rollup, needs_attention, rollup
from .scores import (
    Record,
    WaveSurvey,
    as_date,
    at_least,
    at_most,
    blind_spots,
    factor_names,
    gaps,
    in_tune,
    nps,
    nps_of_scores,
    survey,
)
from .settings import Settings, effective_settings, validate_settings
from .strength import Part, Strength, band, shares, strength

__all__ = [
    "CLASSES",
    "Card",
    "Comment",
    "FactorRow",
    "FollowUpDraft",
    "Part",
    "PlanProgress",
    "Rollup",
    "Strength",
    "WavePoint",
    "WaveSurvey",
    "band",
    "blind_spots",
    "classify",
    "close_the_loop",
    "effective_settings",
    "in_tune",
    "loyalty_card",
    "needs_attention",
    "nps",
    "nps_of_scores",
    "plan_progress",
    "rollup",
    "shares",
    "strength",
    "survey",
    "trend",
    "validate_settings",
]

CLASSES = ("Ambassador", "Opportunist", "Defector", "Unsurveyed")

TREND_TOLERANCE: dict[str, float] = {
    "satisfaction": 0.05,
    "recommend": 0.1,
    "switch": 0.05,
    "strength": 1.0,
    "in_tune": 1.0,
}
"""A change no larger than this is "flat": 0.05 on the 1-5 scales, 0.1 on recommend's
0-10, 1 point on the 0-100 indexes."""


def classify(
    satisfaction: float | None,
    recommend: float | None,
    switch: float | None,
    *,
    surveyed: bool = True,
    settings: Settings | None = None,
) -> str:
    """The account's class in a wave, from its customer numbers (``classification.*``):

    * Unsurveyed: no customer response in the wave (``surveyed`` false).
    * Ambassador: S >= ``satisfaction_min`` (4.0) and recommend >= ``recommend_min`` (9)
      and switch <= ``switch_max`` (2). All three must be known: a missing one is not
      evidence of loyalty.
    * Defector: S < ``satisfaction_below`` (3.0) and (recommend <= ``recommend_max`` (6) or
      switch >= ``switch_min`` (4)). S must be known; a missing recommend or switch simply
      fails its half of the "or", so the other one decides (both missing: not Defector).
    * Opportunist: every other surveyed account, including one whose customers answered
      no statement at all.

    Ambassador is tested first (valid settings keep the two apart).
    """
    if not surveyed:
        return "Unsurveyed"
    c = effective_settings(settings)["classification"]
    amb, dfc = c["ambassador"], c["defector"]
    if (
        satisfaction is not None
        and recommend is not None
        and switch is not None
        and at_least(satisfaction, amb["satisfaction_min"])
        and at_least(recommend, amb["recommend_min"])
        and at_most(switch, amb["switch_max"])
    ):
        return "Ambassador"
    if (
        satisfaction is not None
        and not at_least(satisfaction, dfc["satisfaction_below"])
        and (
            (recommend is not None and at_most(recommend, dfc["recommend_max"]))
            or (switch is not None and at_least(switch, dfc["switch_min"]))
        )
    ):
        return "Defector"
    return "Opportunist"


def trend(
    now: Mapping[str, float | None],
    before: Mapping[str, float | None] | None,
    tolerance: Mapping[str, float] = TREND_TOLERANCE,
) -> dict[str, str | None]:
    """Per number in ``tolerance``: "up" when ``now - before > tol``, "down" when
    ``before - now > tol``, else "flat"; None when either value is missing. Direction only:
    for switch, "up" is the worse way."""
    out: dict[str, str | None] = {}
    for key, tol in tolerance.items():
        a, b = now.get(key), (before or {}).get(key)
        if a is None or b is None:
            out[key] = None
        else:
            out[key] = "up" if a - b > tol + 1e-9 else "down" if b - a > tol + 1e-9 else "flat"
    return out


@dataclass(frozen=True)
class FactorRow:
    key: str
    name: str
    customer: float | None
    employee: float | None
    gap: float | None
    """``employee - customer``; positive when our staff rate us higher than the customer."""
    blind_spot: bool


@dataclass(frozen=True)
class WavePoint:
    """The account's numbers in one wave it was surveyed in (for trends and sparklines)."""

    wave: str
    name: str
    date: date
    cls: str
    satisfaction: float | None
    recommend: float | None
    switch: float | None
    strength: float | None
    in_tune: float | None


@dataclass(frozen=True)
class Card:
    """The LoyaltyCard of one account in one wave."""

    account: Record
    wave: Record | None
    as_of: date
    cls: str
    previous_cls: str | None
    satisfaction: float | None
    recommend: float | None
    switch: float | None
    nps: float | None
    recommend_scores: tuple[int, ...]
    customers: int
    employees: int
    factors: tuple[FactorRow, ...]
    strength: Strength
    in_tune: float | None
    blind_spots: tuple[str, ...]
    trend: Mapping[str, str | None]
    series: tuple[WavePoint, ...]
    sparkline: tuple[float | None, ...]
    """The strength index in each wave of ``series``."""
    plan_progress: tuple[PlanProgress, ...]
    comments: tuple[Comment, ...] = ()
    """The comments given in the card's wave (:mod:`.comments`)."""
    inputs: DayInputs | None = field(default=None, compare=False, repr=False)
    """What its strength reads, to bring the card to another day (:func:`with_day`)."""


_EMPTY = WaveSurvey({}, {}, None, None, None, (), 0, 0)


def _mine(records: Iterable[Any], account_id: str) -> list[Any]:
    """The records of this account (records without an ``account`` field are kept)."""
    return [
        r
        for r in records
        if not isinstance(r, Mapping) or "account" not in r or str(r["account"]) == account_id
    ]


def loyalty_card(
    account: Record,
    *,
    today: date,
    waves: Iterable[Record] = (),
    responses: Iterable[Record] = (),
    questionnaires: Iterable[Record] = (),
    contacts: Iterable[Record] = (),
    interactions: Iterable[str | date | Record] = (),
    promises: Iterable[Record] = (),
    complaints: Iterable[Record] = (),
    plan_items: Iterable[Record] = (),
    settings: Settings | None = None,
    wave: str | None = None,
) -> Card:
    """Everything the card shows for ``account`` in wave ``wave`` (an id).

    Without ``wave``: the newest wave with a customer response from the account, else the
    newest with any response, else none (Unsurveyed). Tables may be passed whole: records of
    other accounts are ignored. Each wave's responses are read with that wave's
    questionnaire (the highest-numbered one when it is not given; the defaults without any).
    ``settings`` are the stored ones (merged over the defaults here).

    The card is as of ``today`` when no later wave surveyed the account, else as of the
    wave's date (engagement and reliability then count what had happened by that day).
    ``series`` holds every wave up to the card's in which the account had a customer
    response; the earlier points' strength is as of their wave's date. ``trend`` compares
    with the point before the card's wave (:func:`trend`).
    """
    s = effective_settings(settings)
    acc = str(account["id"])
    ordered = sorted(waves, key=wave_order)
    mine = _mine(responses, acc)
    people = _mine(contacts, acc)
    touch, kept, raised = _mine(interactions, acc), _mine(promises, acc), _mine(complaints, acc)
    qs = {str(q.get("id")): q for q in questionnaires}
    newest_q = max(qs.values(), key=lambda q: q.get("number", 0), default=None)

    def questionnaire(w: Record) -> Record | None:
        return qs.get(str(w.get("questionnaire")), newest_q)

    surveys: dict[str, WaveSurvey] = {}
    for w in ordered:
        rs = [r for r in mine if str(r.get("wave")) == str(w["id"])]
        if rs:
            surveys[str(w["id"])] = survey(rs, questionnaire(w), people, s)
    ids = [str(w["id"]) for w in ordered]
    by_id = dict(zip(ids, ordered, strict=True))
    surveyed = [i for i in ids if i in surveys and surveys[i].customers]
    if wave is None and surveys:
        wave = (surveyed or list(surveys))[-1]
    if wave is not None and wave not in ids:
        raise KeyError(f"wave {wave!r} is not among the waves given")
    current = by_id[wave] if wave is not None else None
    ws = surveys.get(wave or "", _EMPTY)
    pos = ids.index(wave) if wave is not None else len(ids)
    later = [i for i in surveyed if ids.index(i) > pos]
    before_ids = [i for i in surveyed if ids.index(i) < pos]
    inputs = day_inputs(
        account,
        ws.customer,
        as_date(current["date"]) if later and current else None,
        [(as_date(by_id[i]["date"]), surveys[i].customer) for i in before_ids],
        touch,
        kept,
        raised,
        s,
    )

    def point(w: Record, ws: WaveSurvey) -> WavePoint:
        cls = classify(
            ws.satisfaction, ws.recommend, ws.switch, surveyed=ws.customers > 0, settings=s
        )
        return WavePoint(
            str(w["id"]),
            str(w.get("name", "")),
            as_date(w["date"]),
            cls,
            ws.satisfaction,
            ws.recommend,
            ws.switch,
            None,
            in_tune(ws.customer, ws.employee, s),
        )

    series = [point(by_id[i], surveys[i]) for i in before_ids]
    previous = series[-1] if series else None
    now = point(current, ws) if current is not None else None
    if now is not None and ws.customers:
        series.append(now)
    names = factor_names(questionnaire(current) if current else newest_q)
    for f in (*ws.customer, *ws.employee):
        names.setdefault(f, f)
    gap = gaps(ws.customer, ws.employee)
    spots = blind_spots(ws.customer, ws.employee, s)
    rows = tuple(
        FactorRow(f, n, ws.customer.get(f), ws.employee.get(f), gap.get(f), f in spots)
        for f, n in names.items()
    )
    progress = plan_progress(
        _mine(plan_items, acc),
        ordered,
        {i: surveys[i].customer for i in surveyed},
        upto=wave,
    )
    undated = Card(
        account=account,
        wave=current,
        as_of=today,
        cls=now.cls if now is not None else "Unsurveyed",
        previous_cls=previous.cls if previous else None,
        satisfaction=ws.satisfaction,
        recommend=ws.recommend,
        switch=ws.switch,
        nps=nps_of_scores(ws.recommend_scores, s),
        recommend_scores=ws.recommend_scores,
        customers=ws.customers,
        employees=ws.employees,
        factors=rows,
        strength=_NO_STRENGTH,
        in_tune=now.in_tune if now is not None else None,
        blind_spots=spots,
        trend={},
        series=tuple(series),
        sparkline=(),
        plan_progress=progress,
        comments=wave_comments(mine, people, wave),
        inputs=inputs,
    )
    return with_day(undated, today, s)


_NO_STRENGTH = Strength(None, None, True, (), "default", "")
"""The strength of a card not yet brought to a day (:func:`with_day` fills it in)."""


DAY_FIELDS = ("as_of", "strength", "trend", "series", "sparkline")
"""The fields of a card that :func:`with_day` works out again; the others stay as they are."""


def with_day(card: Card, today: date, settings: Settings | None = None) -> Card:
    """The card as it stands on ``today``: its strength, the strength in each wave of its
    series, its sparkline and its trend worked out again from its
    :attr:`~Card.inputs` (:mod:`.card_day`); the rest is the card's own (it does not move
    with the day)."""
    if card.inputs is None:
        raise ValueError("a card without its inputs cannot be brought to another day")
    day = strengths_on(card.inputs, today, effective_settings(settings))
    n = len(day.earlier)
    series = [_with(p, strength=v) for p, v in zip(card.series, day.earlier, strict=False)]
    series += [_with(p, strength=day.now.value) for p in card.series[n:]]
    numbers: dict[str, float | None] = {
        "satisfaction": card.satisfaction,
        "recommend": card.recommend,
        "switch": card.switch,
        "strength": day.now.value,
        "in_tune": card.in_tune,
    }
    previous = series[n - 1] if n else None
    before = {k: getattr(previous, k) for k in numbers} if previous else None
    return _with(
        card,
        as_of=day.as_of,
        strength=day.now,
        trend=trend(numbers, before),
        series=tuple(series),
        sparkline=tuple(p.strength for p in series),
    )


_Frozen = TypeVar("_Frozen", "Card", WavePoint)


def _with(made: _Frozen, **changes: Any) -> _Frozen:
    """``dataclasses.replace`` for the card's own frozen dataclasses (no ``__post_init__``,
    no slots), without going through ``__init__``, which sets each field through
    ``object.__setattr__``: a portfolio brings 20,000 cards and their series to a new day."""
    copy = object.__new__(type(made))
    copy.__dict__.update(made.__dict__, **changes)
    return copy
