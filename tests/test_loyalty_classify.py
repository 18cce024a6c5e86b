"""Classification: Ambassador / Opportunist / Defector / Unsurveyed, at and around every
threshold, with missing recommend or switch, and with tuned settings."""

from __future__ import annotations

import pytest

from rapport.store.loyalty.card import classify
from rapport.store.loyalty.scores import survey


@pytest.mark.parametrize(
    ("s", "recommend", "switch", "expected"),
    [
        # Ambassador needs S >= 4.0 and recommend >= 9 and switch <= 2
        (4.0, 9, 2, "Ambassador"),  # all three exactly at the bar
        (5.0, 10, 1, "Ambassador"),
        (3.99, 9, 2, "Opportunist"),  # S just below 4.0
        (4.0, 8, 2, "Opportunist"),  # recommend just below 9
        (4.0, 9, 3, "Opportunist"),  # switch just above 2
        (4.0, 8.99, 2, "Opportunist"),  # a weighted recommend below 9
        (4.0, 9, 2.01, "Opportunist"),  # a weighted switch above 2
        # Defector needs S < 3.0 and (recommend <= 6 or switch >= 4)
        (2.99, 6, 1, "Defector"),  # recommend at its bar
        (2.99, 7, 4, "Defector"),  # switch at its bar
        (1.0, 0, 5, "Defector"),
        (3.0, 6, 5, "Opportunist"),  # S exactly 3.0 is not below 3.0
        (2.99, 7, 3, "Opportunist"),  # neither recommend <= 6 nor switch >= 4
        (2.99, 6.01, 3.99, "Opportunist"),  # weighted means just on the safe side
        # every other surveyed account
        (3.5, 8, 3, "Opportunist"),
        (4.5, 10, 5, "Opportunist"),  # happy but would switch
    ],
)
def test_thresholds(s, recommend, switch, expected):
    assert classify(s, recommend, switch) == expected


def test_unsurveyed_when_no_customer_responded():
    assert classify(None, None, None, surveyed=False) == "Unsurveyed"
    # surveyed=False wins whatever numbers are passed
    assert classify(4.5, 10, 1, surveyed=False) == "Unsurveyed"


@pytest.mark.parametrize(
    ("s", "recommend", "switch", "expected"),
    [
        # Ambassador needs all three known
        (4.5, None, 1, "Opportunist"),
        (4.5, 10, None, "Opportunist"),
        (None, 10, 1, "Opportunist"),
        # Defector: a missing half of the "or" fails, the other half decides
        (2.0, None, 4, "Defector"),
        (2.0, 6, None, "Defector"),
        (2.0, None, 3, "Opportunist"),
        (2.0, 7, None, "Opportunist"),
        (2.0, None, None, "Opportunist"),
        # Defector needs S known
        (None, 0, 5, "Opportunist"),
        (None, None, None, "Opportunist"),
    ],
)
def test_missing_numbers(s, recommend, switch, expected):
    assert classify(s, recommend, switch) == expected


def test_thresholds_come_from_settings():
    tuned = {
        "classification": {
            "ambassador": {"satisfaction_min": 4.5, "recommend_min": 10, "switch_max": 1},
            "defector": {"satisfaction_below": 3.5, "recommend_max": 5, "switch_min": 5},
        }
    }
    assert classify(4.5, 10, 1, settings=tuned) == "Ambassador"
    assert classify(4.4, 10, 1, settings=tuned) == "Opportunist"  # default would be Ambassador
    assert classify(3.4, 5, 1, settings=tuned) == "Defector"  # default S bar 3.0 would not
    assert classify(3.4, 6, 4, settings=tuned) == "Opportunist"  # 6 > 5 and 4 < 5
    assert classify(3.5, 0, 5, settings=tuned) == "Opportunist"  # S 3.5 is not below 3.5


def _cust(contact, answers, recommend, switch):
    return {
        "contact": contact,
        "respondent": "customer",
        "answers": answers,
        "recommend": recommend,
        "switch": switch,
    }


def test_s_of_exactly_four_on_paper_is_ambassador_despite_float_noise():
    contacts = [{"id": "boss", "decision_maker": True}, {"id": "clerk"}]
    responses = [
        _cust("boss", {"trust": 4, "value": 5, "needs": 4}, 9, 2),
        _cust("clerk", {"trust": 4, "value": 3, "needs": 3}, 9, 2),
    ]
    ws = survey(responses, None, contacts)
    # trust (4*2 + 4)/3 = 4; value (5*2 + 3)/3 = 13/3; needs (4*2 + 3)/3 = 11/3
    # S = (4 + 13/3 + 11/3)/3 = (12/3 + 13/3 + 11/3)/3 = 12/3 = 4.0 on paper
    # (3.9999999999999996 in binary); recommend (9*2 + 9)/3 = 9; switch (2*2 + 2)/3 = 2
    assert ws.satisfaction == pytest.approx(4.0)
    assert classify(ws.satisfaction, ws.recommend, ws.switch) == "Ambassador"
