"""Survey arithmetic: factor means, S, recommend and switch, NPS, in-tune index, blind spots.

Every expected value is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import pytest

from rapport.store.loyalty.scores import (
    blind_spots,
    in_tune,
    nps,
    nps_of_scores,
    respondent_factor_scores,
    survey,
)

# Two statements feed "trust"; one feeds "value"; one retired statement feeds "needs".
Q = {
    "id": "q1",
    "number": 1,
    "factors": [
        {"key": "trust", "name": "trust and commitment"},
        {"key": "value", "name": "value delivered"},
        {"key": "needs", "name": "knows our needs"},
    ],
    "statements": [
        {"key": "t1", "factor": "trust", "text": "We trust them."},
        {"key": "t2", "factor": "trust", "text": "They are committed to us."},
        {"key": "v", "factor": "value", "text": "Real value."},
        {"key": "n_old", "factor": "needs", "text": "Old wording.", "retired": True},
    ],
}
CONTACTS = [
    {"id": "boss", "account": "a", "decision_maker": True},
    {"id": "clerk", "account": "a", "decision_maker": False},
]


def cust(contact, answers, recommend=None, switch=None):
    return {
        "account": "a",
        "wave": "w",
        "contact": contact,
        "respondent": "customer",
        "answers": answers,
        "recommend": recommend,
        "switch": switch,
    }


def mirror(answers):
    return {"account": "a", "wave": "w", "respondent": "employee", "answers": answers}


def test_statements_of_one_factor_are_averaged_per_respondent():
    statements = {"t1": "trust", "t2": "trust", "v": "value"}
    # trust: (4 + 2) / 2 = 3.0; value: 5; "zzz" is unknown, None is not answered
    assert respondent_factor_scores(
        {"t1": 4, "t2": 2, "v": 5, "zzz": 1, "n_old": None}, statements
    ) == {"trust": 3.0, "value": 5.0}


def test_decision_maker_counts_twice():
    ws = survey([cust("boss", {"t1": 4}), cust("clerk", {"t1": 2})], Q, CONTACTS)
    # trust: (4*2 + 2) / 3 = 10/3 = 3.333...
    assert ws.customer["trust"] == pytest.approx(10 / 3)


def test_respondent_average_comes_before_the_weighting():
    ws = survey([cust("boss", {"t1": 5, "t2": 3}), cust("clerk", {"t1": 1})], Q, CONTACTS)
    # boss's trust: (5 + 3)/2 = 4; clerk's: 1; weighted (4*2 + 1*1)/3 = 9/3 = 3.0
    # (averaging the three answers flat would give (5*2 + 3*2 + 1)/5 = 3.4)
    assert ws.customer["trust"] == pytest.approx(3.0)


def test_decision_maker_weight_comes_from_settings():
    ws = survey(
        [cust("boss", {"t1": 4}), cust("clerk", {"t1": 2})],
        Q,
        CONTACTS,
        settings={"decision_maker_weight": 3},
    )
    # trust: (4*3 + 2) / 4 = 14/4 = 3.5
    assert ws.customer["trust"] == pytest.approx(3.5)


def test_a_response_without_a_contact_counts_once():
    ws = survey([cust(None, {"t1": 4}), cust("clerk", {"t1": 2})], Q, CONTACTS)
    # trust: (4 + 2) / 2 = 3.0
    assert ws.customer["trust"] == pytest.approx(3.0)


def test_satisfaction_is_the_mean_of_the_factors_answered():
    ws = survey([cust("boss", {"t1": 3, "v": 5}), cust("clerk", {"t1": 3})], Q, CONTACTS)
    # trust: (3*2 + 3)/3 = 3; value: boss only, 5*2/2 = 5; needs unanswered, left out
    # S = (3 + 5) / 2 = 4.0
    assert ws.customer == {"trust": pytest.approx(3.0), "value": pytest.approx(5.0)}
    assert ws.satisfaction == pytest.approx(4.0)


def test_retired_statements_still_count():
    ws = survey([cust("clerk", {"n_old": 2})], Q, CONTACTS)
    # needs: 2 (one respondent); S = 2
    assert ws.customer == {"needs": 2.0}
    assert ws.satisfaction == 2.0


def test_without_a_questionnaire_each_default_statement_is_its_factor():
    ws = survey([cust("clerk", {"trust": 4, "fairness": 2})])
    # trust 4, fairness 2, S = (4 + 2)/2 = 3
    assert ws.customer == {"trust": 4.0, "fairness": 2.0}
    assert ws.satisfaction == 3.0


def test_recommend_and_switch_are_weighted_means():
    ws = survey(
        [cust("boss", {"t1": 4}, recommend=9, switch=1), cust("clerk", {}, 6, 4)],
        Q,
        CONTACTS,
    )
    # recommend: (9*2 + 6)/3 = 24/3 = 8.0; switch: (1*2 + 4)/3 = 6/3 = 2.0
    assert ws.recommend == pytest.approx(8.0)
    assert ws.switch == pytest.approx(2.0)
    assert ws.recommend_scores == (9, 6)
    assert ws.customers == 2


def test_a_missing_recommend_is_left_out_not_counted_as_zero():
    ws = survey([cust("boss", {"t1": 4}, None, 2), cust("clerk", {}, 6, None)], Q, CONTACTS)
    # recommend: clerk only, 6*1/1 = 6; switch: boss only, 2*2/2 = 2
    assert ws.recommend == 6.0
    assert ws.switch == 2.0


def test_no_customer_answers_gives_no_numbers():
    ws = survey([mirror({"t1": 4})], Q, CONTACTS)
    assert ws.customers == 0
    assert ws.satisfaction is None and ws.recommend is None and ws.switch is None
    assert ws.customer == {}


def test_mirrors_are_a_plain_mean_apart_from_the_customers():
    ws = survey(
        [cust("boss", {"t1": 2}), mirror({"t1": 5, "t2": 3}), mirror({"t1": 3, "v": 4})],
        Q,
        CONTACTS,
    )
    # mirror 1 trust: (5+3)/2 = 4; mirror 2 trust: 3; mirror trust: (4 + 3)/2 = 3.5
    # mirror value: 4 (one mirror); customer trust stays 2
    assert ws.employee == {"trust": 3.5, "value": 4.0}
    assert ws.customer == {"trust": 2.0}
    assert ws.employees == 2 and ws.customers == 1


# NPS ---------------------------------------------------------------------------------------


def test_nps_counts_promoters_minus_detractors():
    # promoters 10, 9 (2); passives 8, 7; detractors 6, 0 (2): (2 - 2)/6 * 100 = 0
    assert nps_of_scores([10, 9, 8, 7, 6, 0]) == 0.0
    # 9, 9, 9 promoters; 6 detractor: (3 - 1)/4 * 100 = 50
    assert nps_of_scores([9, 9, 9, 6]) == 50.0
    # 8 and 7 are passive: (0 - 0)/2 = 0
    assert nps_of_scores([8, 7]) == 0.0
    # all detractors: (0 - 3)/3 * 100 = -100
    assert nps_of_scores([0, 3, 6]) == -100.0


def test_nps_thresholds_on_both_sides():
    # 9 is a promoter, 8 is not: (1 - 0)/2 * 100 = 50
    assert nps_of_scores([9, 8]) == 50.0
    # 6 is a detractor, 7 is not: (0 - 1)/2 * 100 = -50
    assert nps_of_scores([6, 7]) == -50.0


def test_nps_thresholds_from_settings():
    s = {"nps": {"promoter_min": 10, "detractor_max": 5}}
    # 10 promoter; 9 passive; 6 passive; 5 detractor: (1 - 1)/4 = 0
    assert nps_of_scores([10, 9, 6, 5], s) == 0.0
    # 10, 10 promoters; 9 passive: (2 - 0)/3 * 100 = 66.67
    assert nps_of_scores([10, 10, 9], s) == pytest.approx(200 / 3)


def test_nps_without_answers_is_none_and_skips_missing():
    assert nps_of_scores([]) is None
    assert nps_of_scores([None, None]) is None
    # None skipped: 10 promoter of 1 answer = 100
    assert nps_of_scores([None, 10]) == 100.0


def test_nps_of_responses_is_respondent_level_customers_only():
    responses = [
        cust("boss", {}, recommend=10),  # a decision maker still counts once
        cust("clerk", {}, recommend=3),
        mirror({}) | {"recommend": 0},  # mirrors are not respondents
    ]
    # (1 promoter - 1 detractor)/2 = 0 (weighted it would have been (2 - 1)/3)
    assert nps(responses) == 0.0


# In-tune and blind spots ---------------------------------------------------------------------


def test_in_tune_is_100_minus_25_per_point_of_mean_gap():
    customer = {"trust": 3.0, "value": 4.0, "needs": 2.0}
    employee = {"trust": 4.0, "value": 2.0, "fairness": 5.0}
    # common: trust |4-3| = 1, value |2-4| = 2; mean 1.5; 100 - 25*1.5 = 62.5
    assert in_tune(customer, employee) == 62.5


def test_in_tune_without_a_common_factor_is_none():
    assert in_tune({"trust": 3.0}, {"value": 3.0}) is None
    assert in_tune({}, {}) is None


def test_in_tune_points_per_gap_from_settings_and_clamped():
    # gap 1.0 with 40 points per gap: 100 - 40 = 60
    assert in_tune({"trust": 2.0}, {"trust": 3.0}, {"in_tune": {"points_per_gap": 40}}) == 60.0
    # gap 3.0 with 40 points: 100 - 120 = -20, clamped to 0
    assert in_tune({"trust": 1.0}, {"trust": 4.0}, {"in_tune": {"points_per_gap": 40}}) == 0.0
    # gap 4.0 (the widest) with 25 points: 100 - 100 = 0
    assert in_tune({"trust": 1.0}, {"trust": 5.0}) == 0.0


def test_in_tune_is_100_when_we_read_them_exactly():
    assert in_tune({"trust": 3.5, "value": 2.0}, {"trust": 3.5, "value": 2.0}) == 100.0


def test_blind_spot_at_and_around_one_point_higher():
    customer = {"a": 3.0, "b": 3.0, "c": 4.0, "d": 2.0}
    # a: 4.0 - 3.0 = 1.0 (at the threshold: blind spot); b: 3.99 - 3 = 0.99 (not)
    # c: 2.5 - 4 = -1.5 (staff lower: not a blind spot); d: 4.5 - 2 = 2.5 (blind spot)
    employee = {"a": 4.0, "b": 3.99, "c": 2.5, "d": 4.5}
    # largest gap first: d (2.5), then a (1.0)
    assert blind_spots(customer, employee) == ("d", "a")


def test_blind_spot_gap_from_settings():
    # gap 0.5 with a threshold of 0.5: blind spot; gap 0.4: not
    s = {"in_tune": {"blind_spot_gap": 0.5}}
    assert blind_spots({"a": 3.0, "b": 3.0}, {"a": 3.5, "b": 3.4}, s) == ("a",)


def test_blind_spot_from_thirds_counts_despite_float_noise():
    # customer 3 1/3 (e.g. (4*2 + 2)/3), mirror 4 1/3: the gap is 1.0 on paper
    assert blind_spots({"a": 10 / 3}, {"a": 13 / 3}) == ("a",)
