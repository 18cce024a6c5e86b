"""The LoyaltyCard arithmetic (PRODUCT.md's numbers): satisfaction, classification, in-tune
index, account strength, trends, closing the loop, progress against plan, portfolio rollups.

Pure functions of records and settings: may use ``records`` only, never the engine.
"""

from .card import Card, FactorRow, Rollup, effective_settings, validate_settings
from .card_json import card_to_json
from .comments import Comment, unhappy
from .strength import whole

__all__ = [
    "Card",
    "Comment",
    "FactorRow",
    "Rollup",
    "card_to_json",
    "effective_settings",
    "unhappy",
    "validate_settings",
    "whole",
]
