"""Dates as people type them: ``2026-12-01``, ``today``, ``tomorrow``, ``+3`` (days),
``+2w`` (weeks), ``-1``, or a weekday (``fri``: the next Friday, or for a date when
something happened the last one)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .validate import Invalid, parse_date, show

_RELATIVE = re.compile(r"^([+-])(\d{1,4})([dw]?)$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_when(text: str, today: date, *, happened: bool = False) -> str:
    """An ISO date for what was typed; raise :class:`Invalid` saying what is accepted.

    ``happened``: the date of something done (a call); a weekday counts back from today.
    """
    typed = text.strip().lower()
    if typed in _WORDS:
        return (today + timedelta(days=_WORDS[typed])).isoformat()
    match = _RELATIVE.match(typed)
    if match:
        sign, number, unit = match.groups()
        days = int(number) * (7 if unit == "w" else 1) * (-1 if sign == "-" else 1)
        return (today + timedelta(days=days)).isoformat()
    weekday = [i for i, name in enumerate(_WEEKDAYS) if len(typed) >= 3 and name.startswith(typed)]
    if weekday and happened:
        back = (today.weekday() - weekday[0]) % 7
        return (today - timedelta(days=back)).isoformat()
    if weekday:
        ahead = (weekday[0] - today.weekday()) % 7 or 7
        return (today + timedelta(days=ahead)).isoformat()
    try:
        return parse_date(typed)
    except Invalid:
        raise Invalid(f"{show(text)} is not a date (YYYY-MM-DD, today, +3, fri)") from None


def days_between(earlier: str, later: date) -> int:
    return (later - date.fromisoformat(earlier)).days
