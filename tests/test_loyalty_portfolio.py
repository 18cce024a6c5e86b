"""Portfolio rollups: class mix, NPS over the group's respondents, mean strength and in-tune."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from rapport.store.loyalty.card import loyalty_card, needs_attention, rollup
from rapport.store.loyalty.strength import Strength


@dataclass(frozen=True)
class FakeCard:
    account: dict[str, Any]
    cls: str
    strength: Strength
    in_tune: float | None
    recommend_scores: tuple[int, ...]


def st(value, band=None, provisional=False):
    return Strength(value, band, provisional, (), "default", "")


A = FakeCard(
    {"name": "A", "owner": "ann", "value": 100}, "Ambassador", st(80, "strong"), 90.0, (10, 9)
)
B = FakeCard({"name": "B", "owner": "ann", "value": 500}, "Defector", st(25, "at risk"), None, (3,))
C = FakeCard(
    {"name": "C", "owner": "bob", "value": 2000}, "Unsurveyed", st(40, "weak", True), None, ()
)
D = FakeCard({"name": "D", "owner": "bob", "value": 0}, "Opportunist", st(None), 70.0, (8, 6))
E = FakeCard(
    {"name": "Aardvark", "owner": "cy", "value": 2000}, "Opportunist", st(35, "weak"), None, ()
)


def test_rollup_by_owner():
    groups = rollup([A, B, C, D], key=lambda c: c.account["owner"])
    assert list(groups) == ["ann", "bob"]  # order of first appearance
    ann, bob = groups["ann"], groups["bob"]
    assert ann.accounts == 2
    assert ann.classes == {"Ambassador": 1, "Opportunist": 0, "Defector": 1, "Unsurveyed": 0}
    # respondents 10, 9, 3: (2 promoters - 1 detractor)/3 * 100 = 33.33
    assert ann.nps == pytest.approx(100 / 3)
    assert ann.respondents == 3
    # (80 + 25)/2 = 52.5; in-tune: only A has one: 90
    assert ann.mean_strength == 52.5
    assert ann.mean_in_tune == 90.0
    assert ann.provisional == 0
    assert bob.classes == {"Ambassador": 0, "Opportunist": 1, "Defector": 0, "Unsurveyed": 1}
    # 8 passive, 6 detractor: (0 - 1)/2 * 100 = -50
    assert bob.nps == -50.0
    # D has no strength: mean over C only, 40, which is provisional
    assert (bob.mean_strength, bob.provisional, bob.mean_in_tune) == (40.0, 1, 70.0)


def test_rollup_of_everything():
    [everyone] = rollup([A, B, C, D], key=lambda c: "all").values()
    # NPS over 10, 9, 3, 8, 6: (2 - 2)/5 = 0
    assert everyone.nps == 0.0 and everyone.respondents == 5
    # strength (80 + 25 + 40)/3 = 48.33; in-tune (90 + 70)/2 = 80
    assert everyone.mean_strength == pytest.approx(145 / 3)
    assert everyone.mean_in_tune == 80.0


def test_a_group_without_respondents_or_values():
    [only] = rollup([C], key=lambda c: c.cls).values()
    assert (only.nps, only.respondents, only.mean_in_tune) == (None, 0, None)


def test_needs_attention_highest_value_first():
    # weak or at risk: B (500), C (2000, 40), E (2000, 35); equal value: weaker first
    assert [c.account["name"] for c in needs_attention([A, B, C, D, E])] == ["Aardvark", "C", "B"]


def test_real_cards_roll_up():
    waves = [{"id": "w", "name": "W", "date": "2025-01-01"}]
    responses = [
        {
            "wave": "w",
            "account": "x",
            "respondent": "customer",
            "answers": {"trust": 5},
            "recommend": 10,
            "switch": 1,
        },
        {
            "wave": "w",
            "account": "y",
            "respondent": "customer",
            "answers": {"trust": 1},
            "recommend": 2,
            "switch": 5,
        },
    ]
    cards = [
        loyalty_card(
            {"id": i, "tier": "key"}, today=date(2025, 1, 2), waves=waves, responses=responses
        )
        for i in ("x", "y")
    ]
    [group] = rollup(cards, key=lambda c: c.account["tier"]).values()
    # x: S 5, 10, 1 Ambassador, survey 100; y: S 1, 2, 5 Defector, survey 0
    # only the survey part has data: strength 100 and 0, mean 50; NPS (1 - 1)/2 = 0
    assert group.classes["Ambassador"] == 1 and group.classes["Defector"] == 1
    assert group.mean_strength == 50.0
    assert group.nps == 0.0
