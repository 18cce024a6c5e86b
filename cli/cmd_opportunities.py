"""``rapport opportunities``: every account's opportunities, value first; open ones (not yet
passed), those passed to sales, won and lost (with their value and the day they closed)."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Column, Table
from rich.text import Text

from rapport.store import StoreError
from rapport.store.records import counted, visible
from rapport.store.views import opportunity_rows, opportunity_to_json, person

from .opening import open_store
from .output import fail, json_text, out, say

STATUSES = ("open", "passed", "won", "lost")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "opportunities",
        parents=[common],
        help="every account's opportunities, value first (open, passed to sales, won, lost)",
        description="Every account's sales opportunities, highest value first: open (noticed, "
        "not yet passed to sales), passed (to whom, when), won and lost (value and day kept). "
        "--as-of DATE lists them as they stood that day.",
    )
    p.add_argument("--status", choices=STATUSES, default=None, help="only these")
    p.add_argument(
        "--owner",
        metavar="NAME",
        help="only those of NAME's accounts or passed to NAME (any case)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        with open_store(args, read_only=True) as store:
            owner = person(store, "owner", args.owner) if args.owner else None
            rows = opportunity_rows(store, status=args.status, owner=owner, as_of=store.ctx.today())
    except StoreError as e:
        return fail(str(e))
    if args.format == "json":
        print(json_text([opportunity_to_json(r) for r in rows]))
        return 0
    table = Table("what", "account", "status", "passed to", "since", box=None)
    table.columns.insert(0, Column("value", justify="right"))
    for r in rows:
        since = r.closed_on or r.passed_on or r.noticed
        table.add_row(
            f"{r.value:,.0f}",
            Text(visible(r.what)),
            Text(visible(r.account)),
            r.status,
            Text(visible(r.passed_to)),
            since,
        )
    out.print(table)
    total = sum(r.value for r in rows)
    say(f"{counted(len(rows), 'opportunity', 'opportunities')}, worth {total:,.0f}")
    return 0
