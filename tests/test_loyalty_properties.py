"""Properties that must hold for any data: bounds, monotonicity, and conservation of weight."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rapport.store.loyalty.card import (
    CLASSES,
    classify,
    effective_settings,
    in_tune,
    loyalty_card,
    nps_of_scores,
    shares,
    strength,
    survey,
    validate_settings,
)
from rapport.store.loyalty.card_json import card_to_json
from rapport.store.loyalty.strength import engagement_score
from rapport.store.records.defaults import DEFAULT_FACTORS

TODAY = date(2025, 6, 30)
FACTORS = [f["key"] for f in DEFAULT_FACTORS]
PARTS = ("survey", "engagement", "reliability")

scores = st.integers(min_value=1, max_value=5)
answers = st.dictionaries(st.sampled_from(FACTORS), scores, max_size=len(FACTORS))
means = st.dictionaries(
    st.sampled_from(FACTORS), st.floats(min_value=1, max_value=5), max_size=len(FACTORS)
)
# a weight is 0 or a real number of points (no subnormal floats like 5e-324)
weight = st.one_of(st.just(0.0), st.floats(min_value=0.001, max_value=1000))
weights = st.fixed_dictionaries({p: weight for p in PARTS})
days_ago = st.integers(min_value=-30, max_value=800)
promises = st.lists(
    st.fixed_dictionaries(
        {
            "due": days_ago.map(lambda d: TODAY - timedelta(days=d)),
            "status": st.sampled_from(["open", "kept", "broken"]),
        }
    ),
    max_size=8,
)
complaints = st.lists(
    st.fixed_dictionaries({"status": st.sampled_from(["open", "escalated", "resolved"])}),
    max_size=5,
)
interactions = st.lists(days_ago.map(lambda d: TODAY - timedelta(days=d)), max_size=5)
accounts = st.fixed_dictionaries(
    {
        "id": st.just("a"),
        "tier": st.sampled_from(["key", "growth", "standard"]),
        "bad_news": st.sampled_from(["slow", "normal", "fast"]),
        "b2c": st.booleans(),
    }
)


@given(accounts, means, interactions, promises, complaints, weights)
def test_strength_stays_within_0_and_100(account, customer, touch, ps, cs, w):
    s = strength(account, customer, touch, ps, cs, TODAY, {"strength": {"weights": w}})
    if s.value is None:
        assert s.band is None
    else:
        assert 0.0 <= s.value <= 100.0 + 1e-9
        assert s.band in ("strong", "steady", "weak", "at risk")
    assert s.provisional == (s.parts[0].score is None)


@given(accounts, means, interactions, promises, complaints, weights)
def test_the_unexplained_strength_has_the_same_numbers(account, customer, touch, ps, cs, w):
    settings = {"strength": {"weights": w}}
    full = strength(account, customer, touch, ps, cs, TODAY, settings)
    bare = strength(account, customer, touch, ps, cs, TODAY, settings, explained=False)
    assert (bare.value, bare.band, bare.provisional, bare.profile) == (
        full.value,
        full.band,
        full.provisional,
        full.profile,
    )
    assert bare.parts == () and bare.explanation == ""


# Each respondent: (is a decision maker, answers, increase per factor).
respondents = st.lists(
    st.tuples(st.booleans(), answers, st.dictionaries(st.sampled_from(FACTORS), scores)),
    min_size=1,
    max_size=6,
)


@given(respondents, accounts, interactions, promises, complaints)
def test_strength_does_not_fall_when_customer_scores_rise(people, account, touch, ps, cs):
    contacts = [{"id": f"c{i}", "decision_maker": dm} for i, (dm, _, _) in enumerate(people)]

    def responses(raised: bool):
        return [
            {
                "contact": f"c{i}",
                "respondent": "customer",
                "answers": {
                    f: min(5, a + (up.get(f, 0) if raised else 0)) for f, a in given_.items()
                },
            }
            for i, (_, given_, up) in enumerate(people)
        ]

    before = survey(responses(False), None, contacts)
    after = survey(responses(True), None, contacts)
    assert set(after.customer) == set(before.customer)
    for f in before.customer:
        assert after.customer[f] >= before.customer[f] - 1e-9
    if before.satisfaction is not None:
        assert after.satisfaction is not None
        assert after.satisfaction >= before.satisfaction - 1e-9
    s0 = strength(account, before.customer, touch, ps, cs, TODAY)
    s1 = strength(account, after.customer, touch, ps, cs, TODAY)
    if s0.value is not None:
        assert s1.value is not None
        assert s1.value >= s0.value - 1e-9


@given(means)
def test_in_tune_is_100_when_the_mirror_equals_the_customer(customer):
    result = in_tune(customer, dict(customer))
    assert result == (100.0 if customer else None)


@given(st.lists(answers, min_size=1, max_size=5))
def test_in_tune_is_100_when_each_mirror_copies_a_customer(given_answers):
    # no decision makers: the customer mean and the mirror mean are the same plain mean
    customers = [{"respondent": "customer", "answers": a} for a in given_answers]
    mirrors = [{"respondent": "employee", "answers": a} for a in given_answers]
    ws = survey(customers + mirrors)
    result = in_tune(ws.customer, ws.employee)
    if ws.customer:
        assert result is not None and math.isclose(result, 100.0)
    else:
        assert result is None


@given(weights, st.sets(st.sampled_from(PARTS)))
def test_redistributed_shares_sum_to_100_percent(w, available):
    got = shares(w, available)
    if sum(w[p] for p in available) > 0:
        assert math.isclose(sum(got.values()), 1.0)
        for p in PARTS:
            if p not in available:
                assert got[p] == 0.0
        # in proportion: each share over its weight is the same for every weighted part
        ratios = [got[p] / w[p] for p in available if w[p] > 0]
        assert all(math.isclose(r, ratios[0]) for r in ratios)
    else:
        assert sum(got.values()) == 0.0


@given(st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=10))))
def test_nps_stays_within_minus_100_and_100(answers_):
    result = nps_of_scores(answers_)
    if all(a is None for a in answers_):
        assert result is None
    else:
        assert result is not None and -100.0 <= result <= 100.0


@given(st.integers(min_value=0, max_value=1000), st.sampled_from(["key", "growth", "standard"]))
def test_engagement_never_rises_with_more_days(days, tier):
    now, later = engagement_score(days, tier), engagement_score(days + 1, tier)
    assert now is not None and later is not None
    assert 0.0 <= later <= now <= 100.0


optional_score = st.one_of(st.none(), st.floats(min_value=0, max_value=10, allow_nan=False))


@given(
    st.one_of(st.none(), st.floats(min_value=1, max_value=5)),
    optional_score,
    st.one_of(st.none(), st.floats(min_value=1, max_value=5)),
)
def test_classification_is_one_of_the_classes_and_honours_its_rules(s, recommend, switch):
    cls = classify(s, recommend, switch)
    assert cls in CLASSES and cls != "Unsurveyed"
    if cls == "Ambassador":
        assert s is not None and recommend is not None and switch is not None
        assert s >= 4.0 - 1e-9 and recommend >= 9 - 1e-9 and switch <= 2 + 1e-9
    if cls == "Defector":
        assert s is not None and s < 3.0
        assert (recommend is not None and recommend <= 6 + 1e-9) or (
            switch is not None and switch >= 4 - 1e-9
        )


leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.floats(), st.sampled_from(["", "x"])
)
table = st.dictionaries(
    st.sampled_from(["strong", "weak", "weights", "survey", "profiles", "key", "vip", "?"]),
    st.one_of(leaf, st.dictionaries(st.sampled_from(["survey", "key", "b2c", "z"]), leaf)),
    max_size=4,
)


@given(st.dictionaries(st.sampled_from(["bands", "strength", "nps", "x", "in_tune"]), table))
def test_validate_settings_never_raises_and_only_returns_sentences(values):
    errors = validate_settings(values)
    assert all(isinstance(e, str) and ": " in e for e in errors)
    if not errors:
        assert effective_settings(effective_settings(values)) == effective_settings(values)


@st.composite
def worlds(draw):
    """A few waves, two accounts, responses scattered over both, and their records."""
    n = draw(st.integers(min_value=0, max_value=4))
    waves = [
        {"id": f"w{i}", "name": f"W{i}", "date": TODAY - timedelta(days=draw(days_ago))}
        for i in range(n)
    ]
    response = st.fixed_dictionaries(
        {
            "wave": st.sampled_from([w["id"] for w in waves] + ["gone"]),
            "account": st.sampled_from(["a", "b"]),
            "contact": st.sampled_from([None, "c1", "c2"]),
            "respondent": st.sampled_from(["customer", "employee"]),
            "answers": answers,
            "recommend": st.one_of(st.none(), st.integers(0, 10)),
            "switch": st.one_of(st.none(), scores),
        }
    )
    return {
        "waves": waves,
        "responses": draw(st.lists(response, max_size=12)),
        "contacts": [{"id": "c1", "account": "a", "decision_maker": True}],
        "interactions": draw(interactions),
        "promises": draw(promises),
        "complaints": draw(complaints),
        "plan_items": [
            {"account": "a", "factor": f, "target": 3.5, "wave": w["id"]}
            for f, w in zip(FACTORS, waves, strict=False)
        ],
    }


@given(worlds(), accounts, st.sampled_from(["newest", "each"]))
def test_any_world_gives_a_well_formed_card(world, account, which):
    choices = [None] if which == "newest" else [None] + [w["id"] for w in world["waves"]]
    for wave in choices:
        card = loyalty_card(account, today=TODAY, wave=wave, **world)
        assert card.cls in CLASSES
        assert (card.cls == "Unsurveyed") == (card.customers == 0)
        value = card.strength.value
        assert value is None or 0.0 <= value <= 100.0 + 1e-9
        assert card.in_tune is None or 0.0 <= card.in_tune <= 100.0
        assert len(card.sparkline) == len(card.series)
        assert set(card.trend.values()) <= {"up", "down", "flat", None}
        json.dumps(card_to_json(card))
