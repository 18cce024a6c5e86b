"""One account as a row of the accounts list: the columns and what each cell shows, never
by colour alone (a class is a badge, losing touch carries ! or !!, overdue a !)."""

from __future__ import annotations

from rapport.store.views import PENDING, AccountRow

from ..formatting import BAND_WORDS, CLASS_BADGES, TREND_ARROWS, short_date, words
from .vtable import Cell, Column

COLUMNS = [
    Column("name", "Account", min_width=20),
    Column("owner", "Owner", 8, drop=2, max_width=16),
    Column("tier", "Tier", 4, drop=6),
    Column("stage", "Stage", 5, drop=5, max_width=11),
    Column("class", "Cls", 3),
    Column("strength", "Strength", 11),
    Column("trend", "T", 1, drop=3),
    Column("last", "Last", 7, "right", drop=1),
    Column("next", "Next", 6, drop=4),
]
"""Narrow windows drop tier, stage, next, trend, owner, last in that order: the name (at
least 20 cells, enough to tell accounts apart), class and strength always show."""
TIER_SHORT = {"key": "key", "growth": "grow", "standard": "std"}


def account_cells(row: AccountRow) -> list[Cell]:
    badge, badge_style = CLASS_BADGES.get(row.cls, ("?", None))
    if row.cls == PENDING:
        strength: Cell = ("…", "dim")
    elif row.strength is None:
        strength = ("-", "dim")
    else:
        word, style = BAND_WORDS.get(row.band or "", ("", None))
        strength = (f"{'~' if row.provisional else ''}{row.strength} {word}", style)
    if row.touch == PENDING:
        last: Cell = ("…", "dim")
    elif row.days_since is None:
        last = ("never!!", "bad")
    else:
        mark = {"ok": "", "losing": "!", "lost": "!!"}[row.touch]
        last = (
            f"{row.days_since}d{mark}",
            {"ok": None, "losing": "warn", "lost": "bad"}[row.touch],
        )
    if row.next_follow_up:
        nxt: Cell = (
            short_date(row.next_follow_up) + ("!" if row.overdue else ""),
            "bad" if row.overdue else None,
        )
    else:
        nxt = ("!" if row.overdue else "", "bad" if row.overdue else None)
    return [
        row.name,
        row.owner,
        TIER_SHORT.get(row.tier, row.tier),
        words(row.stage),
        (badge, badge_style),
        strength,
        TREND_ARROWS.get(row.trend, " "),
        last,
        nxt,
    ]
