"""PRODUCT.md's defaults: the questionnaire and the numbers behind the LoyaltyCard.

A new data file is created holding these, so a company can tune them in its own file.
"""

from __future__ import annotations

from typing import Any

DEFAULT_FACTORS: list[dict[str, Any]] = [
    {"key": "trust", "name": "trust and commitment"},
    {"key": "satisfaction", "name": "satisfaction"},
    {"key": "promises", "name": "promises kept"},
    {"key": "responsiveness", "name": "responsiveness"},
    {"key": "resolution", "name": "problem resolution"},
    {"key": "needs", "name": "knows our needs"},
    {"key": "communication", "name": "two-way communication"},
    {"key": "fairness", "name": "fairness"},
    {"key": "balance", "name": "balance (symmetry and independence)"},
    {"key": "value", "name": "value delivered"},
]
"""The factors a statement can be tied to; the keys are also the responses CSV's columns."""

DEFAULT_STATEMENTS: list[dict[str, Any]] = [
    {
        "key": "trust",
        "factor": "trust",
        "text": "We trust them, and they are committed to our success.",
    },
    {
        "key": "satisfaction",
        "factor": "satisfaction",
        "text": "Overall, we are satisfied with them.",
    },
    {"key": "promises", "factor": "promises", "text": "They deliver what they promise."},
    {
        "key": "responsiveness",
        "factor": "responsiveness",
        "text": "They respond quickly when we need them.",
    },
    {
        "key": "resolution",
        "factor": "resolution",
        "text": "When something goes wrong, they put it right.",
    },
    {"key": "needs", "factor": "needs", "text": "They understand our needs and our business."},
    {
        "key": "communication",
        "factor": "communication",
        "text": "They listen to us and keep us informed.",
    },
    {"key": "fairness", "factor": "fairness", "text": "They treat us fairly."},
    {
        "key": "balance",
        "factor": "balance",
        "text": "Neither side depends on the other more than is healthy.",
    },
    {"key": "value", "factor": "value", "text": "They deliver real value for what we pay."},
]
"""Statements rated 1 (strongly disagree) to 5 (strongly agree), each tied to a factor."""

RECOMMEND_QUESTION = "How likely are you to recommend us? (0-10)"
SWITCH_QUESTION = "If a competitor offered a better deal, we would switch. (1-5)"

DEFAULT_SETTINGS: dict[str, Any] = {
    "classification": {
        "ambassador": {"satisfaction_min": 4.0, "recommend_min": 9, "switch_max": 2},
        "defector": {"satisfaction_below": 3.0, "recommend_max": 6, "switch_min": 4},
    },
    "decision_maker_weight": 2,
    "in_tune": {"points_per_gap": 25, "blind_spot_gap": 1.0},
    "strength": {
        "weights": {"survey": 60, "engagement": 20, "reliability": 20},
        "profiles": {},
        "factor_weights": {f["key"]: 1 for f in DEFAULT_FACTORS},
        "engagement_zero_at": 3,
        "reliability_window_days": 365,
        "complaint_penalty": 10,
        "fast_news_multiplier": 2,
    },
    "cadence_days": {"key": 14, "growth": 30, "standard": 90},
    "bands": {"strong": 70, "steady": 50, "weak": 30},
    "closing_the_loop": {"recommend_max": 6, "due_days": 2},
    "nps": {"promoter_min": 9, "detractor_max": 6},
}
"""
* ``strength.weights``: the three parts of the account strength index, any non-negative
  numbers, used as shares of their sum. ``strength.profiles`` may hold other weights for a
  tier (``"key"``, ``"growth"``, ``"standard"``) or for private customers (``"b2c"``).
* ``engagement_zero_at``: engagement falls from 100 at the tier's cadence to 0 at this many
  cadences since the last interaction.
"""
