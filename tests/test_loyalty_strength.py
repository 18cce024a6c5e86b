"""The account strength index: survey, engagement and reliability parts, weights and their
redistribution, profiles, bands and the sentence that explains the number."""

from __future__ import annotations

from datetime import date

import pytest

from rapport.store.loyalty.strength import (
    band,
    days_since_last,
    engagement_score,
    reliability,
    shares,
    strength,
    survey_score,
    weights_for,
)

TODAY = date(2025, 6, 30)
W = {"survey": 60.0, "engagement": 20.0, "reliability": 20.0}


# survey part -------------------------------------------------------------------------------


def test_survey_maps_s_from_1_5_to_0_100():
    # (S - 1)/4 * 100: S 4 -> 75; S 1 -> 0; S 5 -> 100; S 2.5 -> 37.5
    assert survey_score({"trust": 4.0}) == 75.0
    assert survey_score({"trust": 1.0}) == 0.0
    assert survey_score({"trust": 5.0}) == 100.0
    assert survey_score({"trust": 2.0, "value": 3.0}) == 37.5


def test_survey_uses_factor_weights():
    s = {"strength": {"factor_weights": {"trust": 3, "value": 1}}}
    # S_w = (5*3 + 1*1)/4 = 4.0 -> 75 (unweighted S would be 3.0 -> 50)
    assert survey_score({"trust": 5.0, "value": 1.0}, s) == 75.0
    # a factor missing from the weights weighs 1: (5*3 + 1*1 + 1*1)/5 = 17/5 = 3.4 -> 60
    assert survey_score({"trust": 5.0, "value": 1.0, "new": 1.0}, s) == pytest.approx(60.0)


def test_survey_without_weighted_factors_has_no_data():
    assert survey_score({}) is None
    s = {"strength": {"factor_weights": {"trust": 0}}}
    assert survey_score({"trust": 4.0}, s) is None


# engagement part ---------------------------------------------------------------------------


def test_days_since_the_newest_interaction():
    # newest on or before today: 2025-06-20 -> 10 days; the 2025-07-05 one is in the future
    items = ["2025-01-01", date(2025, 6, 20), {"date": "2025-05-01"}, "2025-07-05"]
    assert days_since_last(items, TODAY) == 10
    assert days_since_last([], TODAY) is None
    assert days_since_last(["2025-07-01"], TODAY) is None
    assert days_since_last(["2025-06-30T09:15:00"], TODAY) == 0


@pytest.mark.parametrize(
    ("days", "tier", "expected"),
    [
        (0, "key", 100.0),
        (14, "key", 100.0),  # at the cadence: 100
        (15, "key", 100 * (42 - 15) / 28),  # 96.43: one day past, (3*14 - 15)/(2*14)
        (28, "key", 50.0),  # (42 - 28)/28 = 0.5
        (41, "key", 100 * 1 / 28),  # 3.57: one day before zero
        (42, "key", 0.0),  # three cadences
        (400, "key", 0.0),
        (30, "growth", 100.0),
        (45, "growth", 75.0),  # (90 - 45)/60 = 0.75
        (90, "standard", 100.0),
        (180, "standard", 50.0),  # (270 - 180)/180 = 0.5
        (180, "unknown", 50.0),  # an unknown tier is standard
        (180, None, 50.0),
    ],
)
def test_engagement_falls_linearly_from_cadence_to_three_cadences(days, tier, expected):
    assert engagement_score(days, tier) == pytest.approx(expected)


def test_engagement_settings_and_no_data():
    assert engagement_score(None, "key") is None
    s = {"strength": {"engagement_zero_at": 2}, "cadence_days": {"key": 10}}
    # zero at 2*10 = 20: day 15 -> (20 - 15)/(20 - 10) = 0.5
    assert engagement_score(15, "key", s) == pytest.approx(50.0)


# reliability part --------------------------------------------------------------------------


def P(due, status, closed_on=None):
    return {"due": due, "status": status, "closed_on": closed_on}


def C(status, raised="2025-01-01", resolved_on=None):
    return {"status": status, "raised": raised, "resolved_on": resolved_on}


def test_reliability_is_the_kept_share():
    ps = [P("2025-03-01", "kept"), P("2025-04-01", "kept"), P("2025-05-01", "broken")]
    r = reliability(ps, [], "normal", TODAY)
    # 2 kept of 3 due: 100 * 2/3 = 66.67
    assert r.score == pytest.approx(200 / 3)
    assert (r.kept, r.due, r.complaints) == (2, 3, 0)


def test_reliability_window_edges():
    # today 2025-06-30, window 365 days: due 2024-07-01 is 364 days ago (in),
    # due 2024-06-30 is 365 days ago (out)
    inside = reliability([P("2024-07-01", "broken")], [], "normal", TODAY)
    outside = reliability([P("2024-06-30", "broken")], [], "normal", TODAY)
    assert inside.score == 0.0 and inside.due == 1
    assert outside.score is None and outside.due == 0
    # a 30-day window: 2025-06-01 is 29 days ago (in), 2025-05-31 is 30 (out)
    s = {"strength": {"reliability_window_days": 30}}
    ps = [P("2025-06-01", "kept"), P("2025-05-31", "broken")]
    assert reliability(ps, [], "normal", TODAY, s).score == 100.0


def test_open_promises_count_as_not_kept_once_overdue():
    ps = [
        P("2025-06-29", "open"),  # due yesterday, still open: overdue, not kept
        P("2025-06-30", "open"),  # due today: it can still be kept, left out
        P("2025-07-10", "open"),  # due later: not due yet
        P("2025-06-30", "kept"),  # due today and kept: counts
    ]
    r = reliability(ps, [], "normal", TODAY)
    # 1 kept of 2 counted: 50
    assert (r.kept, r.due, r.score) == (1, 2, 50.0)


def test_complaints_cost_points_doubled_when_bad_news_travels_fast():
    ps = [P("2025-03-01", "kept")]  # 100
    cs = [C("open"), C("escalated"), C("resolved", resolved_on="2025-02-01")]
    # two count (open, escalated): normal 100 - 2*10 = 80; fast 100 - 2*10*2 = 60
    assert reliability(ps, cs, "normal", TODAY).score == 80.0
    assert reliability(ps, cs, "slow", TODAY).score == 80.0
    assert reliability(ps, cs, "fast", TODAY).score == 60.0
    assert reliability(ps, cs, "fast", TODAY).penalty == 40.0


def test_reliability_is_floored_at_zero():
    ps = [P("2025-03-01", "kept"), P("2025-04-01", "broken")]  # 50
    cs = [C("open")] * 3
    # 50 - 3*10*2 = -10 -> 0
    assert reliability(ps, cs, "fast", TODAY).score == 0.0


def test_complaints_without_promises_start_from_100():
    # 100 - 10 = 90
    assert reliability([], [C("open")], "normal", TODAY).score == 90.0


def test_no_promise_due_and_no_open_complaint_is_no_data():
    r = reliability([P("2025-08-01", "open")], [C("resolved")], "normal", TODAY)
    assert r.score is None


def test_settings_for_the_penalty():
    s = {"strength": {"complaint_penalty": 15, "fast_news_multiplier": 3}}
    # 100 - 15*3 = 55
    assert reliability([], [C("open")], "fast", TODAY, s).score == 55.0


def test_reliability_as_of_an_earlier_day():
    day = date(2025, 3, 15)
    ps = [
        P("2025-03-01", "kept", closed_on="2025-03-20"),  # still open on 03-15 and overdue
        P("2025-02-01", "kept", closed_on="2025-01-30"),  # kept before 03-15
    ]
    cs = [
        C("resolved", raised="2025-03-01", resolved_on="2025-04-01"),  # open on 03-15
        C("open", raised="2025-04-10"),  # not raised yet
    ]
    r = reliability(ps, cs, "normal", day)
    # 1 kept of 2 due = 50; one complaint open then: 50 - 10 = 40
    assert (r.kept, r.due, r.complaints, r.score) == (1, 2, 1, 40.0)


# weights -----------------------------------------------------------------------------------


def test_weights_profiles():
    s = {
        "strength": {
            "profiles": {
                "key": {"survey": 40, "engagement": 40},
                "b2c": {"survey": 80, "engagement": 0, "reliability": 20},
            }
        }
    }
    assert weights_for({"tier": "standard"}, s) == ("default", W)
    # the key profile leaves reliability at the base 20
    assert weights_for({"tier": "key"}, s) == (
        "key",
        {"survey": 40.0, "engagement": 40.0, "reliability": 20.0},
    )
    # B2C before tier
    assert weights_for({"tier": "key", "b2c": True}, s) == (
        "b2c",
        {"survey": 80.0, "engagement": 0.0, "reliability": 20.0},
    )
    # a B2C account of a tier with no B2C profile set: the tier's profile
    assert weights_for({"tier": "key", "b2c": True}, {"strength": {"profiles": {}}}) == (
        "default",
        W,
    )


def test_shares_of_the_sum():
    # 60/100, 20/100, 20/100
    assert shares(W, ["survey", "engagement", "reliability"]) == {
        "survey": 0.6,
        "engagement": 0.2,
        "reliability": 0.2,
    }
    # weights 3, 1, 0: 3/4, 1/4, 0
    assert shares({"survey": 3, "engagement": 1, "reliability": 0}, W) == {
        "survey": 0.75,
        "engagement": 0.25,
        "reliability": 0.0,
    }


def test_a_part_without_data_gives_its_weight_in_proportion():
    # no survey: engagement 20/40, reliability 20/40
    assert shares(W, ["engagement", "reliability"]) == {
        "survey": 0.0,
        "engagement": 0.5,
        "reliability": 0.5,
    }
    # no engagement: survey 60/80 = 0.75, reliability 20/80 = 0.25
    assert shares(W, ["survey", "reliability"]) == {
        "survey": 0.75,
        "engagement": 0.0,
        "reliability": 0.25,
    }
    assert shares(W, ["reliability"])["reliability"] == 1.0
    assert shares(W, []) == {"survey": 0.0, "engagement": 0.0, "reliability": 0.0}


# bands -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, "strong"),
        (70, "strong"),
        (69.5, "strong"),  # shown as 70
        (69.49, "steady"),  # shown as 69
        (50, "steady"),
        (49.5, "steady"),  # shown as 50
        (49.4, "weak"),
        (30, "weak"),
        (29.5, "weak"),  # shown as 30
        (29.49, "at risk"),
        (0, "at risk"),
        (None, None),
    ],
)
def test_bands(value, expected):
    assert band(value) == expected


def test_bands_from_settings():
    s = {"bands": {"strong": 80, "steady": 60, "weak": 40}}
    assert (band(80, s), band(79, s), band(60, s), band(40, s), band(39, s)) == (
        "strong",
        "steady",
        "steady",
        "weak",
        "at risk",
    )


# the whole index ---------------------------------------------------------------------------

ACCOUNT = {"id": "a", "tier": "key", "bad_news": "normal"}


def test_strength_with_all_three_parts():
    s = strength(
        ACCOUNT,
        {"trust": 4.0, "value": 3.6},  # S 3.8 -> (3.8 - 1)*25 = 70
        ["2025-06-02"],  # 28 days, key cadence 14: (42 - 28)/28 = 50
        [P("2025-03-01", "kept"), P("2025-04-01", "kept"), P("2025-05-01", "kept")],  # 100
        [C("open")],  # 100 - 10 = 90
        TODAY,
    )
    # 70*0.6 + 50*0.2 + 90*0.2 = 42 + 10 + 18 = 70
    assert s.value == pytest.approx(70.0)
    assert s.band == "strong"
    assert not s.provisional
    assert [(p.name, p.score, p.share) for p in s.parts] == [
        ("survey", pytest.approx(70.0), 0.6),
        ("engagement", 50.0, 0.2),
        ("reliability", 90.0, 0.2),
    ]
    assert [p.contribution for p in s.parts] == [
        pytest.approx(42.0),
        pytest.approx(10.0),
        pytest.approx(18.0),
    ]
    assert s.explanation == "survey 70 x 60%, engagement 50 x 20%, reliability 90 x 20% = 70"
    assert s.parts[1].note == "28 days since the last contact (cadence 14)"
    assert s.parts[2].note == "3 of 3 promises due kept, 1 open complaint (-10)"


def test_no_survey_is_provisional_and_says_where_its_weight_went():
    s = strength(ACCOUNT, {}, ["2025-06-02"], [P("2025-03-01", "kept")], [], TODAY)
    # engagement 50, reliability 100, each 20/40 = 50%: 25 + 50 = 75
    assert s.value == 75.0
    assert s.provisional
    assert s.band == "strong"
    assert [p.redistributed for p in s.parts] == [True, False, False]
    assert s.explanation == (
        "engagement 50 x 50%, reliability 100 x 50% = 75; "
        "no survey yet: its 60% went to engagement and reliability"
    )


def test_no_interaction_gives_its_weight_to_survey_and_reliability():
    s = strength(ACCOUNT, {"trust": 3.0}, [], [P("2025-03-01", "broken")], [], TODAY)
    # survey (3 - 1)*25 = 50 at 60/80 = 75%; reliability 0 at 20/80 = 25%: 37.5 + 0 = 37.5
    assert s.value == 37.5
    assert s.band == "weak"  # shown as 38
    assert s.explanation == (
        "survey 50 x 75%, reliability 0 x 25% = 38; "
        "no interaction yet: its 20% went to survey and reliability"
    )


def test_only_one_part_known():
    s = strength(ACCOUNT, {}, [], [], [C("escalated")], TODAY)
    # reliability 100 - 10 = 90 at 100%
    assert s.value == 90.0
    assert s.explanation == (
        "reliability 90 x 100% = 90; no survey yet: its 60% went to reliability; "
        "no interaction yet: its 20% went to reliability"
    )


def test_nothing_known_is_no_index():
    s = strength(ACCOUNT, {}, [], [], [], TODAY)
    assert s.value is None and s.band is None and s.provisional
    assert s.explanation == (
        "no strength index: no survey yet; no interaction yet; no promise due and no open complaint"
    )


def test_profile_weights_apply():
    settings = {"strength": {"profiles": {"b2c": {"survey": 80, "engagement": 20}}}}
    account = {"id": "b", "tier": "standard", "b2c": True}
    s = strength(account, {"trust": 5.0}, ["2025-06-30"], [], [], TODAY, settings)
    # reliability has no data; survey 100 at 80/100, engagement 100 at 20/100 = 100
    # shares: survey 80/(80+20) = 0.8, engagement 0.2
    assert s.profile == "b2c"
    assert [p.share for p in s.parts] == [0.8, 0.2, 0.0]
    assert s.value == 100.0
    # nominal share of reliability: 20/(80 + 20 + 20) = 16.7%, shown as 17%
    assert s.explanation.endswith(
        "no promise due and no open complaint: its 17% went to survey and engagement"
    )


def test_a_part_weighing_nothing_gives_nothing_and_takes_nothing():
    settings = {"strength": {"weights": {"survey": 100, "engagement": 0, "reliability": 0}}}
    s = strength(ACCOUNT, {}, ["2025-06-30"], [], [], TODAY, settings)
    # only engagement has data and it weighs 0: no index, nothing to redistribute to
    assert s.value is None
    assert s.explanation == (
        "no strength index: no survey yet; no promise due and no open complaint"
    )
    s = strength(ACCOUNT, {"trust": 2.0}, ["2025-06-30"], [], [], TODAY, settings)
    # survey (2 - 1)*25 = 25 at 100%; engagement 100 at 0%: 25
    assert s.value == 25.0
    assert s.explanation == "survey 25 x 100%, engagement 100 x 0% = 25"
