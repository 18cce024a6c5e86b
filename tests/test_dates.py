"""Dates as people type them into forms (store/dates.py). Today is Monday 2026-11-23."""

from __future__ import annotations

import re
from datetime import date

import pytest

from rapport.store.records.dates import parse_when
from rapport.store.records.validate import Invalid

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "ahead", "back"),
    [
        ("2026-12-01", "2026-12-01", "2026-12-01"),
        ("today", "2026-11-23", "2026-11-23"),
        ("Yesterday", "2026-11-22", "2026-11-22"),
        ("+3", "2026-11-26", "2026-11-26"),
        ("+2w", "2026-12-07", "2026-12-07"),
        ("-1", "2026-11-22", "2026-11-22"),
        # a weekday: the next one for what comes, the last one for what happened
        ("fri", "2026-11-27", "2026-11-20"),
        ("Friday", "2026-11-27", "2026-11-20"),
        ("tue", "2026-11-24", "2026-11-17"),
        # today's own weekday: a week ahead, or today itself
        ("mon", "2026-11-30", "2026-11-23"),
    ],
)
def test_what_was_typed_becomes_a_date(typed: str, ahead: str, back: str) -> None:
    assert parse_when(typed, MONDAY) == ahead
    assert parse_when(typed, MONDAY, happened=True) == back


@pytest.mark.parametrize("typed", ["someday", "fr", "2026-02-30", "+", "next week"])
def test_what_is_not_a_date_is_named_with_what_is_accepted(typed: str) -> None:
    with pytest.raises(
        Invalid, match=re.escape(f"{typed} is not a date (YYYY-MM-DD, today, +3, fri)")
    ):
        parse_when(typed, MONDAY)
