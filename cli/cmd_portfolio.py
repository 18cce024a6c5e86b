"""``rapport portfolio``: every account's LoyaltyCard added up by owner, division, region or
tier; the high-value accounts that are weak or at risk; satisfaction against loyalty.

Working out the cards takes about a millisecond per account; on a terminal a progress bar
on stderr shows how far it is (stdout stays the report alone).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rapport.store import StoreError
from rapport.store.views import (
    GROUPINGS,
    Progress,
    as_of_view,
    portfolio,
    report_to_json,
    wave_as_of,
)

from .opening import open_store
from .options import whole_number
from .output import err, fail, json_text, out

TOP = 20
"""Accounts in the needs-attention list by default."""


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "portfolio",
        parents=[common],
        help="every account's LoyaltyCard added up by owner, division, region, tier or group",
        description="Per group: accounts in each class, NPS over the respondents, mean "
        "strength and mean in-tune index; then the high-value accounts that are weak or at "
        "risk, value first; then satisfaction against loyalty as a chart.",
    )
    p.add_argument(
        "--by", choices=GROUPINGS, default="owner", help="how to group the accounts (default owner)"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--wave",
        metavar="W",
        default=None,
        help="take every card in this survey wave, by name (any case) or id "
        "(default: each account's newest wave with answers)",
    )
    p.add_argument(
        "--top",
        metavar="N",
        type=whole_number(0),
        default=TOP,
        help=f"how many weak or at-risk accounts to list (default {TOP}; 0: all)",
    )
    p.set_defaults(run=run)


@contextmanager
def progress_bar(first: str, then: str) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on stderr when it is a terminal (else None): it
    says ``first`` until the first report, then ``then`` with how many of how many."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    with Bar(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(first, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, description=then, completed=done, total=total)

        yield advance


def run(args: argparse.Namespace) -> int:
    try:
        with (
            progress_bar("reading the data file", "LoyaltyCards") as progress,
            open_store(args, create=False, read_only=True) as store,
        ):
            wave = wave_as_of(store, args.wave)["id"] if args.wave else None
            view = as_of_view(store)  # with --as-of D: the file as it stood on D
            report = portfolio(view, view.ctx.today(), args.by, wave=wave, progress=progress)
    except StoreError as e:
        return fail(str(e))
    if args.format == "json":
        print(json_text(report_to_json(report, top=args.top)))
        return 0
    from rapport.tui.render.portfolio import portfolio_renderable

    out.print(
        portfolio_renderable(report, top=args.top), markup=False, highlight=False, soft_wrap=False
    )
    return 0
