"""effective_settings (deep merge over the defaults) and validate_settings (named errors)."""

from __future__ import annotations

import copy

import pytest

from rapport.store.loyalty.settings import effective_settings, validate_settings
from rapport.store.records.defaults import DEFAULT_SETTINGS


def test_no_stored_settings_gives_the_defaults():
    assert effective_settings(None) == DEFAULT_SETTINGS
    assert effective_settings({}) == DEFAULT_SETTINGS


def test_one_threshold_changes_only_itself():
    s = effective_settings({"bands": {"strong": 75}})
    assert s["bands"] == {"strong": 75, "steady": 50, "weak": 30}
    assert s["nps"] == {"promoter_min": 9, "detractor_max": 6}


def test_merge_reaches_three_levels_deep():
    s = effective_settings({"classification": {"ambassador": {"recommend_min": 10}}})
    assert s["classification"]["ambassador"] == {
        "satisfaction_min": 4.0,
        "recommend_min": 10,
        "switch_max": 2,
    }
    assert s["classification"]["defector"]["satisfaction_below"] == 3.0


def test_merge_adds_keys_to_open_tables():
    s = effective_settings(
        {"strength": {"profiles": {"key": {"survey": 80}}, "factor_weights": {"extra": 2}}}
    )
    assert s["strength"]["profiles"] == {"key": {"survey": 80}}
    assert s["strength"]["factor_weights"]["extra"] == 2
    assert s["strength"]["factor_weights"]["trust"] == 1
    assert s["strength"]["weights"] == {"survey": 60, "engagement": 20, "reliability": 20}


def test_merge_modifies_neither_input_and_is_idempotent():
    before = copy.deepcopy(DEFAULT_SETTINGS)
    stored = {"bands": {"strong": 80}}
    s = effective_settings(stored)
    s["bands"]["weak"] = 1
    s["strength"]["weights"]["survey"] = 0
    assert before == DEFAULT_SETTINGS
    assert stored == {"bands": {"strong": 80}}
    once = effective_settings(stored)
    assert effective_settings(once) == once


def test_sound_settings_have_no_errors():
    assert validate_settings({}) == []
    assert validate_settings(DEFAULT_SETTINGS) == []
    assert validate_settings({"bands": {"strong": 80, "steady": 60, "weak": 40}}) == []
    assert validate_settings({"strength": {"factor_weights": {"brand_new": 3}}}) == []
    assert validate_settings({"strength": {"profiles": {"b2c": {"survey": 0}}}}) == []


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"strength": {"weights": {"survey": -5}}}, "strength.weights.survey: -5 is below 0"),
        ({"bands": {"strong": 120}}, "bands.strong: 120 is above 100"),
        ({"decision_maker_weight": 0}, "decision_maker_weight: 0 must be above 0"),
        ({"decision_maker_weight": "two"}, "decision_maker_weight: 'two' is not a number"),
        ({"decision_maker_weight": True}, "decision_maker_weight: True is not a number"),
        ({"decision_maker_weight": float("nan")}, "decision_maker_weight: nan is not a number"),
        (
            {"strength": {"reliability_window_days": 36.5}},
            "strength.reliability_window_days: 36.5 is not a whole number",
        ),
        (
            {"strength": {"engagement_zero_at": 1}},
            "strength.engagement_zero_at: 1 must be above 1",
        ),
        ({"cadence_days": {"key": 0}}, "cadence_days.key: 0 must be above 0"),
        ({"in_tune": {"blind_spot_gap": 0}}, "in_tune.blind_spot_gap: 0 must be above 0"),
        (
            {"classification": {"defector": {"recommend_max": 11}}},
            "classification.defector.recommend_max: 11 is above 10",
        ),
        (
            {"closing_the_loop": {"due_days": -1}},
            "closing_the_loop.due_days: -1 is below 0",
        ),
        (
            {"strength": {"factor_weights": {"trust": -1}}},
            "strength.factor_weights.trust: -1 is below 0",
        ),
    ],
)
def test_a_bad_value_is_named(values, error):
    assert validate_settings(values) == [error]


def test_unknown_keys_are_refused_by_name():
    errors = validate_settings(
        {
            "colour": "red",
            "bands": {"great": 90},
            "strength": {"profiles": {"vip": {"survey": 1}, "key": {"loyalty": 5}}},
            "cadence_days": {"platinum": 7},
        }
    )
    assert errors == [
        "colour: unknown setting",
        "bands.great: unknown setting",
        "strength.profiles.vip: unknown profile (use key, growth, standard or b2c)",
        "strength.profiles.key.loyalty: unknown setting",
        "cadence_days.platinum: unknown setting",
    ]


def test_a_number_where_a_table_belongs_is_refused():
    assert validate_settings({"bands": 5}) == ["bands: expected a table of settings, got 5"]
    assert validate_settings({"strength": {"profiles": {"key": 3}}}) == [
        "strength.profiles.key: expected a table of weights, got 3"
    ]
    assert validate_settings(["bands"]) == ["settings: expected a table of settings, got ['bands']"]


def test_bands_must_be_in_order():
    # strong 40 <= steady 50
    assert validate_settings({"bands": {"strong": 40}}) == ["bands: strong must be above steady"]
    # strong 50 == steady 50: equal is not above
    assert validate_settings({"bands": {"strong": 50}}) == ["bands: strong must be above steady"]
    # steady 30 <= weak 30 (equal is not above)
    assert validate_settings({"bands": {"steady": 30}}) == ["bands: steady must be above weak"]
    # one above the other is enough: steady 31 > weak 30
    assert validate_settings({"bands": {"steady": 31}}) == []


def test_nps_promoters_must_lie_above_detractors():
    assert validate_settings({"nps": {"promoter_min": 6}}) == [
        "nps: promoter_min must be above detractor_max"
    ]
    assert validate_settings({"nps": {"promoter_min": 7}}) == []


def test_ambassador_bar_may_not_sit_below_the_defector_bar():
    # 2.9 < 3.0: an account could be both
    assert validate_settings({"classification": {"ambassador": {"satisfaction_min": 2.9}}}) == [
        "classification: ambassador satisfaction_min must be at least defector satisfaction_below"
    ]
    # 3.0 == 3.0 is allowed: S >= 3.0 and S < 3.0 never meet
    assert validate_settings({"classification": {"ambassador": {"satisfaction_min": 3.0}}}) == []


def test_weights_must_not_all_be_zero():
    zero = {"survey": 0, "engagement": 0, "reliability": 0}
    assert validate_settings({"strength": {"weights": zero}}) == [
        "strength.weights: at least one part must weigh more than 0"
    ]
    # a profile is merged over the base weights: survey 0 alone still leaves 20 + 20
    assert validate_settings({"strength": {"profiles": {"growth": {"survey": 0}}}}) == []
    assert validate_settings({"strength": {"profiles": {"growth": zero}}}) == [
        "strength.profiles.growth: at least one part must weigh more than 0"
    ]


def test_several_errors_are_all_reported():
    errors = validate_settings(
        {"strength": {"weights": {"survey": -5}}, "bands": {"strong": 40}, "x": 1}
    )
    assert sorted(errors) == sorted(
        [
            "strength.weights.survey: -5 is below 0",
            "bands: strong must be above steady",
            "x: unknown setting",
        ]
    )
