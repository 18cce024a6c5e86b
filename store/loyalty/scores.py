"""Survey arithmetic of the LoyaltyCard: factor means, satisfaction S, recommend and switch,
NPS, the in-tune index and blind spots.

Pure: plain Mappings shaped like the records in :mod:`rapport.store.schema` in, numbers out.
Thresholds come from the settings (see :func:`rapport.store.loyalty_settings.effective_settings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..records.defaults import DEFAULT_FACTORS, DEFAULT_STATEMENTS
from .settings import Settings, effective_settings

Record = Mapping[str, Any]

EPS = 1e-9
"""Threshold comparisons forgive this much floating-point noise: a mean that is 4.0 on paper
but 3.9999999999999996 in binary counts as 4.0."""


def at_least(x: float, threshold: float) -> bool:
    """``x >= threshold``, forgiving :data:`EPS` of rounding noise."""
    return x >= threshold - EPS


def at_most(x: float, threshold: float) -> bool:
    """``x <= threshold``, forgiving :data:`EPS` of rounding noise."""
    return x <= threshold + EPS


def as_date(value: str | date) -> date:
    """A ``date`` from a date, a datetime or an ISO text (``YYYY-MM-DD``, time ignored)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """``sum(value * weight) / sum(weight)`` over (value, weight) pairs; None without weight."""
    total = weights = 0.0
    for value, weight in pairs:
        total += value * weight
        weights += weight
    return total / weights if weights > 0 else None


def mean(values: Iterable[float]) -> float | None:
    """The plain mean; None for no values."""
    return weighted_mean((v, 1.0) for v in values)


def _is_score(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def statement_factors(questionnaire: Record | None) -> dict[str, str]:
    """statement key -> factor key, for every statement of the questionnaire.

    Retired statements are kept: answers given to them in old waves still count.
    Without a questionnaire the defaults apply (each default statement is its own factor).
    """
    statements = (questionnaire or {}).get("statements")
    if statements is None:
        statements = DEFAULT_STATEMENTS
    return {str(s["key"]): str(s.get("factor") or s["key"]) for s in statements}


def factor_names(questionnaire: Record | None) -> dict[str, str]:
    """factor key -> name, in the questionnaire's order (the defaults without one)."""
    factors = (questionnaire or {}).get("factors")
    if factors is None:
        factors = DEFAULT_FACTORS
    return {str(f["key"]): str(f.get("name") or f["key"]) for f in factors}


def respondent_factor_scores(
    answers: Mapping[str, Any], statements: Mapping[str, str]
) -> dict[str, float]:
    """One response's score per factor: the plain mean of its answers to that factor's statements.

    Averaging per respondent first means a factor asked through three statements does not let
    one respondent count three times. Answers to statements the questionnaire does not know,
    and empty answers (None), are ignored.
    """
    per_factor: dict[str, list[float]] = {}
    for key, value in answers.items():
        factor = statements.get(key)
        if factor is not None and _is_score(value):
            per_factor.setdefault(factor, []).append(float(value))
    return {f: sum(v) / len(v) for f, v in per_factor.items()}


def decision_makers(contacts: Iterable[Record]) -> frozenset[str]:
    """The ids of the contacts marked decision maker."""
    return frozenset(str(c["id"]) for c in contacts if c.get("decision_maker") and "id" in c)


def response_weight(response: Record, deciders: frozenset[str], settings: Settings) -> float:
    """How many times a response counts: ``decision_maker_weight`` for a customer response from
    a decision maker (default 2), 1 for any other response (employee mirrors always 1)."""
    if response.get("respondent", "customer") == "customer" and response.get("contact") in deciders:
        return float(settings["decision_maker_weight"])
    return 1.0


@dataclass(frozen=True)
class WaveSurvey:
    """One account's survey numbers in one wave."""

    customer: Mapping[str, float]
    """factor -> weighted mean of the customer scores (decision makers count extra)."""
    employee: Mapping[str, float]
    """factor -> plain mean of the employee-mirror scores."""
    satisfaction: float | None
    """S: the plain mean of the customer factor means over the factors answered."""
    recommend: float | None
    """Weighted mean of the customers' recommend (0-10) over those who answered it."""
    switch: float | None
    """Weighted mean of the customers' switch (1-5) over those who answered it."""
    recommend_scores: tuple[int, ...]
    """Each customer respondent's recommend, unweighted, for NPS."""
    customers: int
    employees: int


def survey(
    responses: Iterable[Record],
    questionnaire: Record | None = None,
    contacts: Iterable[Record] = (),
    settings: Settings | None = None,
) -> WaveSurvey:
    """The survey numbers of ``responses`` (one account's responses in one wave).

    Customer factor mean: ``sum(w_i * x_i) / sum(w_i)`` over the customer respondents i who
    answered the factor, x_i their score for it (:func:`respondent_factor_scores`) and w_i
    ``decision_maker_weight`` for a decision maker, else 1.
    Mirror factor mean: the plain mean of the employee responses' scores for the factor.
    S = mean of the customer factor means. Recommend and switch: the same weighted mean
    over the customers who answered them.
    """
    s = effective_settings(settings)
    statements = statement_factors(questionnaire)
    deciders = decision_makers(contacts)
    cust: dict[str, list[tuple[float, float]]] = {}
    emp: dict[str, list[float]] = {}
    recommend: list[tuple[float, float]] = []
    switch: list[tuple[float, float]] = []
    customers = employees = 0
    for r in responses:
        scores = respondent_factor_scores(r.get("answers") or {}, statements)
        if r.get("respondent", "customer") == "employee":
            employees += 1
            for f, x in scores.items():
                emp.setdefault(f, []).append(x)
            continue
        customers += 1
        w = response_weight(r, deciders, s)
        for f, x in scores.items():
            cust.setdefault(f, []).append((x, w))
        if _is_score(r.get("recommend")):
            recommend.append((float(r["recommend"]), w))
        if _is_score(r.get("switch")):
            switch.append((float(r["switch"]), w))
    customer = {f: m for f, pairs in cust.items() if (m := weighted_mean(pairs)) is not None}
    employee = {f: m for f, xs in emp.items() if (m := mean(xs)) is not None}
    return WaveSurvey(
        customer=customer,
        employee=employee,
        satisfaction=mean(customer.values()),
        recommend=weighted_mean(recommend),
        switch=weighted_mean(switch),
        recommend_scores=tuple(int(x) for x, _ in recommend),
        customers=customers,
        employees=employees,
    )


def nps_of_scores(scores: Iterable[float | None], settings: Settings | None = None) -> float | None:
    """Net promoter score: ``100 * (promoters - detractors) / answers``.

    Respondent level (a decision maker counts once). A promoter answered recommend >=
    ``nps.promoter_min`` (9), a detractor <= ``nps.detractor_max`` (6); None is skipped.
    None when nobody answered. Always within -100..100.
    """
    s = effective_settings(settings)["nps"]
    answered = [float(x) for x in scores if x is not None]
    if not answered:
        return None
    promoters = sum(1 for x in answered if at_least(x, s["promoter_min"]))
    detractors = sum(1 for x in answered if at_most(x, s["detractor_max"]))
    return 100.0 * (promoters - detractors) / len(answered)


def nps(responses: Iterable[Record], settings: Settings | None = None) -> float | None:
    """:func:`nps_of_scores` over the recommend of the customer responses (mirrors ignored)."""
    return nps_of_scores(
        (
            r.get("recommend")
            for r in responses
            if r.get("respondent", "customer") == "customer" and _is_score(r.get("recommend"))
        ),
        settings,
    )


def gaps(customer: Mapping[str, float], employee: Mapping[str, float]) -> dict[str, float]:
    """factor -> ``employee - customer`` over the factors both answered (positive: our staff
    think the customer happier than the customer says)."""
    return {f: employee[f] - customer[f] for f in customer if f in employee}


def in_tune(
    customer: Mapping[str, float],
    employee: Mapping[str, float],
    settings: Settings | None = None,
) -> float | None:
    """In-tune index: ``100 - points_per_gap * mean(|employee - customer|)`` over the factors
    both answered, clamped to 0..100 (``in_tune.points_per_gap``: 25). ``employee`` holds the
    mirror means (several mirrors averaged per factor first). None without a common factor."""
    gap = mean(abs(g) for g in gaps(customer, employee).values())
    if gap is None:
        return None
    points = float(effective_settings(settings)["in_tune"]["points_per_gap"])
    return min(100.0, max(0.0, 100.0 - points * gap))


def blind_spots(
    customer: Mapping[str, float],
    employee: Mapping[str, float],
    settings: Settings | None = None,
) -> tuple[str, ...]:
    """The factors where ``employee - customer >= in_tune.blind_spot_gap`` (1.0): our staff
    rate us that much higher than the customer does. Largest gap first, ties in the order
    the customer factors are given."""
    limit = float(effective_settings(settings)["in_tune"]["blind_spot_gap"])
    found = [(f, g) for f, g in gaps(customer, employee).items() if at_least(g, limit)]
    return tuple(f for f, _ in sorted(found, key=lambda fg: -fg[1]))
