"""How numbers, dates and classes are written on screen: the same words everywhere, and
never colour alone (a badge is a word, a warning has a mark)."""

from __future__ import annotations

from datetime import date

CLASS_BADGES: dict[str, tuple[str, str | None]] = {
    "Ambassador": ("AMB", "good"),
    "Opportunist": ("OPP", "accent"),
    "Defector": ("DEF", "bad"),
    "Unsurveyed": ("—", "dim"),
    "": ("…", "dim"),
}
"""Class -> (badge, style name). The badge is readable without colour."""

BAND_WORDS: dict[str, tuple[str, str | None]] = {
    "strong": ("strong", "good"),
    "steady": ("steady", None),
    "weak": ("weak", "warn"),
    "at risk": ("at risk", "bad"),
}

TREND_ARROWS = {"up": "↑", "down": "↓", "flat": "→", "": " "}

BAD_NEWS = {
    "slow": "bad news travels slowly",
    "normal": "bad news travels normally",
    "fast": "bad news travels fast",
}
"""How fast bad news reaches the account's decision makers, as a person says it."""


def short_date(iso: str, today: date | None = None) -> str:
    """``2026-12-01`` as ``12-01`` (this year) or ``2027-01-05`` in full otherwise."""
    if today is not None and not iso.startswith(str(today.year)):
        return iso
    return iso[5:] if len(iso) == 10 else iso


def long_date(iso: str | None) -> str:
    if not iso:
        return "-"
    try:
        return f"{date.fromisoformat(iso):%a %d %b %Y}"
    except ValueError:
        return iso


def money(value: float | int | None) -> str:
    if not value:
        return "0"
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    return f"{value:,.0f}"


def sentiment(value: int | None) -> str:
    return {-2: "−2 ☹☹", -1: "−1 ☹", 0: " 0 ·", 1: "+1 ☺", 2: "+2 ☺☺"}.get(value or 0, str(value))


def words(name: str) -> str:
    """A field or enum value as words: ``long_term`` -> ``long term``."""
    return name.replace("_", " ")
