"""The LoyaltyCard end to end: one account's numbers in a wave, worked out by hand from a
small world of records, plus trend, wave choice, history and the JSON form."""

from __future__ import annotations

import json
from datetime import date

import pytest

from rapport.store.loyalty.card import loyalty_card, trend
from rapport.store.loyalty.card_json import card_to_json

TODAY = date(2025, 6, 30)
ACME = {"id": "a1", "name": "Acme", "owner": "ann", "tier": "growth", "bad_news": "normal"}
Q1 = {
    "id": "q1",
    "number": 1,
    "factors": [
        {"key": "trust", "name": "trust and commitment"},
        {"key": "value", "name": "value"},
    ],
    "statements": [{"key": "trust", "factor": "trust"}, {"key": "value", "factor": "value"}],
}
Q2 = {
    "id": "q2",
    "number": 2,
    "factors": [
        {"key": "trust", "name": "trust and commitment"},
        {"key": "value", "name": "value"},
        {"key": "needs", "name": "knows our needs"},
    ],
    "statements": [
        {"key": "trust2", "factor": "trust"},
        {"key": "value", "factor": "value"},
        {"key": "needs", "factor": "needs"},
    ],
}
WAVES = [
    {"id": "w3", "name": "Autumn 2025", "date": "2025-09-01", "questionnaire": "q2"},
    {"id": "w1", "name": "Autumn 2024", "date": "2024-10-01", "questionnaire": "q1"},
    {"id": "w2", "name": "Spring 2025", "date": "2025-04-01", "questionnaire": "q2"},
]
CONTACTS = [
    {"id": "c1", "account": "a1", "decision_maker": True},
    {"id": "c2", "account": "a1", "decision_maker": False},
    {"id": "c9", "account": "a2", "decision_maker": True},
]


def r(wave, contact, answers, recommend=None, switch=None, account="a1", who="customer"):
    return {
        "wave": wave,
        "account": account,
        "contact": contact,
        "respondent": who,
        "answers": answers,
        "recommend": recommend,
        "switch": switch,
    }


RESPONSES = [
    r("w1", "c1", {"trust": 3, "value": 3}, 7, 3),
    r("w1", "c2", {"trust": 3, "value": 2}, 6, 4),
    r("w2", "c1", {"trust2": 5, "value": 4, "needs": 4}, 9, 2),
    # "trust" is a statement of q1 only: ignored in w2, which uses q2
    r("w2", "c2", {"trust2": 2, "value": 4, "trust": 1}, 9, 2),
    r("w2", None, {"trust2": 5, "value": 5, "needs": 3}, who="employee"),
    r("w2", None, {"trust2": 5, "value": 3}, who="employee"),
    r("w3", None, {"trust2": 1}, who="employee"),
    # another account's answers, never counted for Acme
    r("w2", "c9", {"trust2": 1, "value": 1}, 0, 5, account="a2"),
]
INTERACTIONS = [
    {"account": "a1", "date": "2024-09-15"},
    {"account": "a1", "date": "2025-05-16"},
    {"account": "a2", "date": "2025-06-29"},
]
PROMISES = [
    {"account": "a1", "due": "2024-08-01", "status": "kept", "closed_on": "2024-07-30"},
    {"account": "a1", "due": "2025-03-01", "status": "broken", "closed_on": "2025-03-05"},
    {"account": "a1", "due": "2025-06-15", "status": "kept", "closed_on": "2025-06-14"},
    {"account": "a1", "due": "2025-06-29", "status": "open"},
    {"account": "a2", "due": "2025-06-01", "status": "broken"},
]
COMPLAINTS = [
    {"account": "a1", "raised": "2025-05-01", "status": "open"},
    {"account": "a2", "raised": "2025-05-01", "status": "escalated"},
]
PLAN = [
    {
        "id": "pl1",
        "account": "a1",
        "what": "weekly call",
        "factor": "trust",
        "target": 4.0,
        "wave": "w1",
        "status": "doing",
    },
    {
        "id": "pl2",
        "account": "a1",
        "what": "value review",
        "factor": "value",
        "target": 3.0,
        "wave": "w2",
        "status": "open",
    },
    {"id": "pl9", "account": "a2", "what": "x", "factor": "trust", "target": 1, "wave": "w1"},
]


def card(account=ACME, **kw):
    world = dict(
        today=TODAY,
        waves=WAVES,
        responses=RESPONSES,
        questionnaires=[Q1, Q2],
        contacts=CONTACTS,
        interactions=INTERACTIONS,
        promises=PROMISES,
        complaints=COMPLAINTS,
        plan_items=PLAN,
    )
    return loyalty_card(account, **(world | kw))


def test_default_wave_is_the_newest_with_a_customer_response():
    c = card()
    # w3 holds only a mirror for Acme: the card shows w2
    assert c.wave is not None and c.wave["id"] == "w2"
    assert c.as_of == TODAY
    assert (c.customers, c.employees) == (2, 2)


def test_survey_numbers_of_the_wave():
    c = card()
    # trust: (5*2 + 2)/3 = 4; value: (4*2 + 4)/3 = 4; needs: c1 only, 4
    # S = (4 + 4 + 4)/3 = 4.0; recommend (9*2 + 9)/3 = 9; switch (2*2 + 2)/3 = 2
    assert c.satisfaction == pytest.approx(4.0)
    assert c.recommend == pytest.approx(9.0)
    assert c.switch == pytest.approx(2.0)
    assert c.cls == "Ambassador"
    # NPS: 9 and 9 are both promoters: (2 - 0)/2 * 100 = 100
    assert c.nps == 100.0
    assert c.recommend_scores == (9, 9)


def test_factor_rows_mirror_gaps_in_tune_and_blind_spots():
    c = card()
    # mirrors: trust (5 + 5)/2 = 5; value (5 + 3)/2 = 4; needs 3 (one mirror)
    # gaps (mirror - customer): trust 5 - 4 = 1; value 4 - 4 = 0; needs 3 - 4 = -1
    rows = [(f.key, f.name, f.customer, f.employee, f.gap, f.blind_spot) for f in c.factors]
    assert rows == [
        ("trust", "trust and commitment", 4.0, 5.0, 1.0, True),
        ("value", "value", 4.0, 4.0, 0.0, False),
        ("needs", "knows our needs", 4.0, 3.0, -1.0, False),
    ]
    # in-tune: mean |gap| = (1 + 0 + 1)/3 = 2/3; 100 - 25 * 2/3 = 83.33
    assert c.in_tune == pytest.approx(100 - 50 / 3)
    assert c.blind_spots == ("trust",)


def test_strength_of_the_card():
    s = card().strength
    # survey: (4 - 1)*25 = 75
    # engagement: last Acme interaction 2025-05-16, 45 days ago; growth cadence 30:
    #   (3*30 - 45)/(2*30) = 45/60 = 75  (Acme-only: a2's 2025-06-29 call is not Acme's)
    # reliability: due within 365 days: 2024-08-01 kept, 2025-03-01 broken, 2025-06-15 kept,
    #   2025-06-29 open and overdue: 2/4 = 50; one open complaint: 50 - 10 = 40
    # 75*0.6 + 75*0.2 + 40*0.2 = 45 + 15 + 8 = 68
    assert s.value == pytest.approx(68.0)
    assert s.band == "steady"
    assert not s.provisional
    assert s.explanation == "survey 75 x 60%, engagement 75 x 20%, reliability 40 x 20% = 68"


def test_series_trend_and_previous_class():
    c = card()
    # w1 (as of 2024-10-01): trust (3*2 + 3)/3 = 3; value (3*2 + 2)/3 = 8/3
    #   S = (3 + 8/3)/2 = 17/6 = 2.833; recommend (7*2 + 6)/3 = 20/3; switch (3*2 + 4)/3 = 10/3
    #   S < 3 but recommend 6.67 > 6 and switch 3.33 < 4: Opportunist
    #   survey (17/6 - 1)*25 = 45.83; engagement: 2024-09-15 is 16 days before, within 30: 100
    #   reliability then: only 2024-08-01 was due, kept: 100; the complaint came later
    #   45.83*0.6 + 100*0.2 + 100*0.2 = 27.5 + 20 + 20 = 67.5
    first, second = c.series
    assert (first.wave, first.cls) == ("w1", "Opportunist")
    assert first.satisfaction == pytest.approx(17 / 6)
    assert first.recommend == pytest.approx(20 / 3)
    assert first.switch == pytest.approx(10 / 3)
    assert first.strength == pytest.approx(67.5)
    assert first.in_tune is None  # no mirror in w1
    assert (second.wave, second.cls) == ("w2", "Ambassador")
    assert c.sparkline == (pytest.approx(67.5), pytest.approx(68.0))
    assert c.previous_cls == "Opportunist"
    # S 4.0 vs 2.83 up; recommend 9 vs 6.67 up; switch 2 vs 3.33 down;
    # strength 68 vs 67.5: 0.5 <= 1, flat; in-tune: nothing to compare with
    assert c.trend == {
        "satisfaction": "up",
        "recommend": "up",
        "switch": "down",
        "strength": "flat",
        "in_tune": None,
    }


def test_plan_progress_on_the_card():
    rows = [(p.item, p.before, p.after, p.target, p.met) for p in card().plan_progress]
    # pl1 trust: before w1 3.0, after w2 4.0 >= 4.0 met; pl2 value planned on w2: no later
    # wave yet; a2's pl9 is not Acme's
    assert rows == [("pl1", 3.0, 4.0, 4.0, True), ("pl2", 4.0, None, 3.0, None)]


def test_an_earlier_wave_is_shown_as_it_stood_then():
    c = card(wave="w1")
    # a later wave surveyed Acme, so the card is as of w1's date with strength 67.5 as above
    assert c.as_of == date(2024, 10, 1)
    assert c.strength.value == pytest.approx(67.5)
    assert [p.wave for p in c.series] == ["w1"]
    assert c.previous_cls is None
    assert set(c.trend.values()) == {None}
    # pl1 planned on w1 has no later wave up to w1; pl2 was planned on w2, after this card
    assert [(p.item, p.after) for p in c.plan_progress] == [("pl1", None)]
    # w1 is read with q1: its factor rows are q1's
    assert [f.key for f in c.factors] == ["trust", "value"]


def test_a_wave_with_only_mirrors_is_unsurveyed():
    c = card(wave="w3")
    assert c.cls == "Unsurveyed"
    assert (c.customers, c.employees) == (0, 1)
    assert c.previous_cls == "Ambassador"
    assert c.in_tune is None and c.blind_spots == ()
    # no survey: engagement 75 and reliability 40 at 50% each = 57.5, provisional
    assert c.strength.provisional
    assert c.strength.value == pytest.approx(57.5)
    # the series stops at w2: w3 has no customer answer. w2 is now a past wave, so its point
    # is as of its date 2025-04-01: survey 75; engagement: 2024-09-15 was 198 days before,
    # past 3*30 = 90: 0; reliability: due by then 2024-08-01 kept, 2025-03-01 broken: 50,
    # the complaint came later: 75*0.6 + 0*0.2 + 50*0.2 = 45 + 0 + 10 = 55
    assert [p.wave for p in c.series] == ["w1", "w2"]
    assert c.sparkline == (pytest.approx(67.5), pytest.approx(55.0))
    # 57.5 vs 55 is 2.5 up
    assert c.trend["strength"] == "up"
    assert c.trend["satisfaction"] is None


def test_an_account_never_surveyed():
    other = {"id": "a3", "name": "Nobody Ltd", "owner": "bob", "tier": "key"}
    c = card(other, interactions=["2025-06-20"])
    # engagement: 10 days, key cadence 14: 100; reliability: nothing of a3's: no data
    assert c.wave is None and c.cls == "Unsurveyed"
    assert c.strength.provisional and c.strength.value == 100.0
    assert c.series == () and c.sparkline == ()
    # rows come from the newest questionnaire (q2), all empty
    assert [(f.key, f.customer) for f in c.factors] == [
        ("trust", None),
        ("value", None),
        ("needs", None),
    ]


def test_waves_without_responses_from_the_account_are_skipped():
    waves = [*WAVES, {"id": "w0", "name": "Pilot", "date": "2024-05-01"}]
    responses = [*RESPONSES, r("w0", "c9", {"trust": 1}, 0, 5, account="a2")]
    c = card(waves=waves, responses=responses)
    # the pilot surveyed only a2: Acme's card is as before, its series still w1, w2
    assert c.wave is not None and c.wave["id"] == "w2"
    assert [p.wave for p in c.series] == ["w1", "w2"]
    assert c.strength.value == pytest.approx(68.0)


def test_an_unknown_wave_is_refused():
    with pytest.raises(KeyError):
        card(wave="nope")


def test_card_to_json():
    data = card_to_json(card())
    json.dumps(data)  # JSON-ready
    for key in (
        "account",
        "wave",
        "class",
        "satisfaction",
        "recommend",
        "strength",
        "band",
        "provisional",
        "in_tune",
        "blind_spots",
        "trend",
        "plan_progress",
    ):
        assert key in data
    assert data["account"] == "Acme" and data["wave"] == "Spring 2025"
    assert data["class"] == "Ambassador" and data["previous_class"] == "Opportunist"
    # 100 - 50/3 = 83.333... -> 83.33
    assert (data["satisfaction"], data["in_tune"], data["strength"]) == (4.0, 83.33, 68.0)
    assert (data["band"], data["provisional"]) == ("steady", False)
    assert data["blind_spots"] == ["trust"]
    assert data["series"][0]["class"] == "Opportunist"
    assert data["series"][0]["strength"] == 67.5
    assert data["plan_progress"][0] == {
        "item": "pl1",
        "what": "weekly call",
        "factor": "trust",
        "status": "doing",
        "target": 4.0,
        "before_wave": "w1",
        "before": 3.0,
        "after_wave": "w2",
        "after": 4.0,
        "met": True,
    }
    survey_part = data["strength_parts"][0]
    assert (survey_part["name"], survey_part["score"], survey_part["share"]) == (
        "survey",
        75.0,
        0.6,
    )
    assert survey_part["contribution"] == 45.0


# trend -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "now", "before", "expected"),
    [
        ("satisfaction", 4.05, 4.0, "flat"),  # 0.05 is within the 0.05 tolerance
        ("satisfaction", 4.06, 4.0, "up"),
        ("satisfaction", 3.95, 4.0, "flat"),
        ("satisfaction", 3.94, 4.0, "down"),
        ("recommend", 8.1, 8.0, "flat"),  # 0.1 on the 0-10 scale
        ("recommend", 8.2, 8.0, "up"),
        ("switch", 2.06, 2.0, "up"),  # direction only: up is worse for switch
        ("strength", 71.0, 70.0, "flat"),  # 1 point
        ("strength", 71.5, 70.0, "up"),
        ("in_tune", 68.9, 70.0, "down"),
        ("strength", None, 70.0, None),
        ("strength", 70.0, None, None),
    ],
)
def test_trend_tolerances(key, now, before, expected):
    assert trend({key: now}, {key: before})[key] == expected


def test_trend_without_a_previous_wave():
    assert trend({"satisfaction": 4.0}, None)["satisfaction"] is None


def test_the_headline_rounds_as_the_explanation_does():
    """62.5 is 63 in both places (halves up), never 62 beside "= 63"."""
    from dataclasses import replace

    from rapport.tui.render.card import headline

    c = card()
    half = replace(c, strength=replace(c.strength, value=62.5), in_tune=88.5)
    line = headline(half).plain
    assert "strength 63 " in line and "in tune 89" in line
