"""The account strength index (0-100) and its three parts: survey, engagement, reliability.

Pure: plain Mappings in, numbers out; ``today`` is always given. Every result carries what
it is made of, so the card can say how each number came about.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .scores import Record, as_date, weighted_mean
from .settings import Settings, effective_settings

PARTS = ("survey", "engagement", "reliability")
NO_DATA = {
    "survey": "no survey yet",
    "engagement": "no interaction yet",
    "reliability": "no promise due and no open complaint",
}
BANDS = ("strong", "steady", "weak", "at risk")


def whole(x: float) -> int:
    """``x`` rounded to a whole number, halves up (69.5 -> 70), as the card shows it."""
    return math.floor(x + 0.5)


def survey_score(customer: Mapping[str, float], settings: Settings | None = None) -> float | None:
    """Survey part: ``(S_w - 1) / 4 * 100``, clamped to 0..100, where S_w is the mean of the
    customer factor means weighted by ``strength.factor_weights`` (a factor missing there
    weighs 1). None when no factor with a weight above 0 was answered."""
    weights = effective_settings(settings)["strength"]["factor_weights"]
    s_w = weighted_mean((m, float(weights.get(f, 1))) for f, m in customer.items())
    return None if s_w is None else min(100.0, max(0.0, (s_w - 1.0) * 25.0))


ACCOUNT_FIELDS = ("tier", "b2c", "bad_news")
"""The account's fields the strength index reads."""
PROMISE_FIELDS = ("due", "status", "closed_on")
"""A promise's fields the reliability part reads."""
COMPLAINT_FIELDS = ("raised", "status", "resolved_on")
"""A complaint's fields the reliability part reads."""


def interaction_day(item: str | date | Record) -> str:
    """The day of an interaction given as a date, an ISO text or a record with a ``date``."""
    value = item["date"] if isinstance(item, Mapping) else item
    return value[:10] if isinstance(value, str) else as_date(value).isoformat()


def days_since_last(interactions: Iterable[str | date | Record], today: date) -> int | None:
    """Whole days from the newest interaction on or before ``today`` to ``today``.

    ``interactions`` are dates, ISO texts, or records with a ``date``. Interactions dated
    after ``today`` are ignored (a card is as of ``today``). None when there is none."""
    # ISO dates order as text, so only the newest one is parsed (this runs for every card).
    limit = today.isoformat()
    newest = ""
    for item in interactions:
        text = item if type(item) is str and len(item) == 10 else interaction_day(item)
        if newest < text <= limit:
            newest = text
    return (today - date.fromisoformat(newest)).days if newest else None


def cadence(tier: str | None, settings: Settings | None = None) -> float:
    """The tier's contact cadence in days (``cadence_days``; an unknown tier is standard)."""
    days = effective_settings(settings)["cadence_days"]
    return float(days.get(tier or "standard", days["standard"]))


def engagement_score(
    days: int | None, tier: str | None, settings: Settings | None = None
) -> float | None:
    """Engagement part, with c the tier's cadence and z ``strength.engagement_zero_at`` (3):
    100 when ``days <= c``; 0 when ``days >= z * c``; between, falling linearly:
    ``100 * (z * c - days) / ((z - 1) * c)``. None when there was no interaction."""
    if days is None:
        return None
    c = cadence(tier, settings)
    z = float(effective_settings(settings)["strength"]["engagement_zero_at"])
    if days <= c:
        return 100.0
    if days >= z * c:
        return 0.0
    return 100.0 * (z * c - days) / ((z - 1.0) * c)


def _on(record: Record, field: str) -> date | None:
    value = record.get(field)
    return as_date(value) if value else None


def promise_status_on(promise: Record, day: date) -> str:
    """A promise's status as it stood on ``day``: one closed (kept or broken) after ``day``
    was still open then."""
    status = str(promise.get("status") or "open")
    closed = _on(promise, "closed_on")
    return "open" if status != "open" and closed is not None and closed > day else status


def complaint_open_on(complaint: Record, day: date) -> bool:
    """Was the complaint open or escalated on ``day``? Raised on or before it, and not
    resolved (or resolved only after it)."""
    raised = _on(complaint, "raised")
    if raised is not None and raised > day:
        return False
    if complaint.get("status", "open") in ("open", "escalated"):
        return True
    resolved = _on(complaint, "resolved_on")
    return resolved is not None and resolved > day


@dataclass(frozen=True)
class Reliability:
    """The reliability part and what it is made of."""

    score: float | None
    kept: int
    due: int
    complaints: int
    penalty: float


def reliability(
    promises: Iterable[Record],
    complaints: Iterable[Record],
    bad_news: str | None,
    today: date,
    settings: Settings | None = None,
) -> Reliability:
    """Reliability part: ``100 * kept / due`` minus the complaint penalty, floored at 0.

    Due: promises whose due date lies within the ``strength.reliability_window_days`` (365)
    days ending today, ``0 <= (today - due).days < window``. Of those, kept ones count as
    kept; broken ones and open ones already past due (due before today) count as not kept;
    an open promise due today is left out, it can still be kept today.
    Penalty: ``complaint_penalty`` (10) per complaint open or escalated today, times
    ``fast_news_multiplier`` (2) when the account's bad news travels fast.
    With complaints but no promise due the part starts from 100. With neither: None.
    """
    st = effective_settings(settings)["strength"]
    window = int(st["reliability_window_days"])
    kept = counted = 0
    for p in promises:
        due = _on(p, "due")
        if due is None or not 0 <= (today - due).days < window:
            continue
        status = promise_status_on(p, today)
        if status == "open" and due >= today:
            continue
        counted += 1
        kept += status == "kept"
    n_complaints = sum(1 for c in complaints if complaint_open_on(c, today))
    penalty = float(st["complaint_penalty"]) * n_complaints
    if bad_news == "fast":
        penalty *= float(st["fast_news_multiplier"])
    if counted == 0 and n_complaints == 0:
        return Reliability(None, 0, 0, 0, 0.0)
    base = 100.0 * kept / counted if counted else 100.0
    return Reliability(max(0.0, base - penalty), kept, counted, n_complaints, penalty)


def weights_for(account: Record, settings: Settings | None = None) -> tuple[str, dict[str, float]]:
    """The weight profile in force and its weights: ``strength.profiles["b2c"]`` for a B2C
    account if set, else ``strength.profiles[tier]`` if set, else ``strength.weights``
    (named "default"). A profile is merged over ``strength.weights``: it may name one part."""
    st = effective_settings(settings)["strength"]
    base = {p: float(st["weights"][p]) for p in PARTS}
    profiles = st.get("profiles") or {}
    for name in ("b2c" if account.get("b2c") else None, account.get("tier")):
        if name and name in profiles:
            return name, {p: float(profiles[name].get(p, base[p])) for p in PARTS}
    return "default", base


def shares(weights: Mapping[str, float], available: Iterable[str]) -> dict[str, float]:
    """Each available part's share: ``weight / sum(weights of the available parts)``; a part
    with no data gets 0, its weight going to the others in proportion to theirs. The shares
    sum to 1, unless no available part weighs anything (then all are 0)."""
    have = set(available)
    total = sum(w for p, w in weights.items() if p in have)
    return {p: (w / total if p in have and total > 0 else 0.0) for p, w in weights.items()}


def band(value: float | None, settings: Settings | None = None) -> str | None:
    """The band of a strength value, judged on the whole number the card shows:
    strong >= ``bands.strong`` (70), steady >= ``bands.steady`` (50), weak >= ``bands.weak``
    (30), else at risk. None for no value."""
    if value is None:
        return None
    b = effective_settings(settings)["bands"]
    shown = whole(value)
    for name in ("strong", "steady", "weak"):
        if shown >= b[name]:
            return name
    return "at risk"


@dataclass(frozen=True)
class Part:
    """One part of the strength index."""

    name: str
    score: float | None
    """0..100; None when the part has no data."""
    weight: float
    """The raw weight from the profile in force."""
    nominal_share: float
    """``weight / sum of all three weights``: the share it would have with every part known."""
    share: float
    """The share it has: its weight over the weights of the parts with data (0 without data)."""
    contribution: float
    """``score * share``: the points it adds to the index."""
    note: str
    """What the score is made of, in words."""

    @property
    def redistributed(self) -> bool:
        """True when the part had no data and its weight went to the others."""
        return self.score is None and self.nominal_share > 0


@dataclass(frozen=True)
class Strength:
    """The account strength index, its band and its parts."""

    value: float | None
    band: str | None
    provisional: bool
    """True when there is no survey part (the index rests on the other two)."""
    parts: tuple[Part, ...]
    profile: str
    explanation: str


def _pct(x: float) -> str:
    return f"{whole(100 * x)}%"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def explain(parts: Iterable[Part], value: float | None) -> str:
    """ "survey 72 x 60%, engagement 40 x 20%, reliability 90 x 20% = 66", followed by one
    clause per weighted part without data, e.g. "no survey yet: its 60% went to engagement
    and reliability" (a part that weighs 0 changes nothing and goes unmentioned). With no
    index at all: "no strength index: " and what is missing."""
    parts = list(parts)
    known = [p for p in parts if p.score is not None]
    clauses = []
    if value is not None:
        terms = ", ".join(f"{p.name} {whole(p.score or 0)} x {_pct(p.share)}" for p in known)
        clauses.append(f"{terms} = {whole(value)}")
    receivers = [p.name for p in known if p.share > 0]
    for p in parts:
        if p.redistributed and receivers:
            clauses.append(
                f"{NO_DATA[p.name]}: its {_pct(p.nominal_share)} went to {_and(receivers)}"
            )
        elif p.score is None and value is None:
            clauses.append(NO_DATA[p.name])
    return "; ".join(clauses) if value is not None else "no strength index: " + "; ".join(clauses)


def strength(
    account: Record,
    customer: Mapping[str, float],
    interactions: Iterable[str | date | Record],
    promises: Iterable[Record],
    complaints: Iterable[Record],
    today: date,
    settings: Settings | None = None,
    *,
    explained: bool = True,
) -> Strength:
    """The account strength index: ``sum(score_p * share_p)`` over the parts with data
    (:func:`survey_score`, :func:`engagement_score`, :func:`reliability`), the shares from
    the profile's weights (:func:`weights_for`, :func:`shares`). Provisional without a survey
    part. None (and no band) when no part with a weight above 0 has data.

    ``explained=False`` gives the same value, band and profile without the parts and the
    explanation (for the accounts list, which shows only the number)."""
    s = effective_settings(settings)
    profile, weights = weights_for(account, s)
    days = days_since_last(interactions, today)
    tier = account.get("tier")
    rel = reliability(promises, complaints, account.get("bad_news"), today, s)
    scores = {
        "survey": survey_score(customer, s),
        "engagement": engagement_score(days, tier, s),
        "reliability": rel.score,
    }
    share = shares(weights, [p for p in PARTS if scores[p] is not None])
    value = sum((scores[p] or 0.0) * share[p] for p in PARTS) if any(share.values()) else None
    if not explained:
        return Strength(value, band(value, s), scores["survey"] is None, (), profile, "")
    survey_s = None if scores["survey"] is None else scores["survey"] / 25 + 1
    notes = {
        "survey": f"weighted S {survey_s or 0:.2f} over {_n(len(customer), 'factor')}",
        "engagement": f"{_n(days or 0, 'day')} since the last contact"
        f" (cadence {whole(cadence(tier, s))})",
        "reliability": f"{rel.kept} of {_n(rel.due, 'promise')} due kept, "
        f"{_n(rel.complaints, 'open complaint')}"
        + (f" (-{whole(rel.penalty)})" if rel.penalty else ""),
    }
    total = sum(weights.values())
    parts = tuple(
        Part(
            name=p,
            score=scores[p],
            weight=weights[p],
            nominal_share=weights[p] / total if total > 0 else 0.0,
            share=share[p],
            contribution=(scores[p] or 0.0) * share[p],
            note=notes[p] if scores[p] is not None else NO_DATA[p],
        )
        for p in PARTS
    )
    return Strength(
        value=value,
        band=band(value, s),
        provisional=scores["survey"] is None,
        parts=parts,
        profile=profile,
        explanation=explain(parts, value),
    )
