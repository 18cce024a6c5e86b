"""What a new demo file's first start would work out, worked out as the file is made: every
account's row on the accounts list and its LoyaltyCard for the portfolio, kept beside the
file (``views.kept``: derived, made again whenever it is missing or stale). Opening a new
demo of 20,000 accounts then shows every row's class and strength at once, instead of
filling them in for 20 seconds."""

from __future__ import annotations

from pathlib import Path

from ..context import Context
from ..engine.store import Store
from ..views.kept_cards import portfolio_cards
from ..views.row_cache import RowCache
from ..views.rows import account_row, settings_of, summary_of


def work_out_first_start(path: Path, ctx: Context) -> None:
    """Keep beside the data file at ``path`` the portfolio's cards and the list's rows as of
    ``ctx.today()``: each card worked out once, and the row made from it."""
    with Store.open(path, ctx) as store:
        today = ctx.today()
        cards = portfolio_cards(store, today, whole=False)  # each kept as it is worked out
        settings = settings_of(store)
        RowCache(store, today, settings).keep(
            (account_row(store, card.account, today, settings, summary_of(card)), card.inputs)
            for card in cards
        )
