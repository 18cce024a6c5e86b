"""What a new demo file's first start would work out, worked out as the file is made: every
account's row on the accounts list and its LoyaltyCard for the portfolio, kept beside the
file (``views.kept``: derived, made again whenever it is missing or stale). Opening a new
demo of 20,000 accounts then shows every row's class and strength at once, instead of
filling them in for 20 seconds."""

from __future__ import annotations

from pathlib import Path

from ..context import Context
from ..engine.store import Store
from ..views import list_rows, portfolio

ROWS_AT_ONCE = 500
"""Accounts whose cards are worked out between two keeps of the list's rows."""


def work_out_first_start(path: Path, ctx: Context) -> None:
    """Keep beside the data file at ``path`` the list's rows and the portfolio's cards as of
    ``ctx.today()``."""
    with Store.open(path, ctx) as store:
        today = ctx.today()
        for _rows, _cards in list_rows(store, today, ROWS_AT_ONCE):
            pass  # each batch is kept as it is worked out
        portfolio(store, today)
