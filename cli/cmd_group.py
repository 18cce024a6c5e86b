"""``rapport group NAME``: one customer's accounts across divisions and regions side by side,
with the group's value-weighted strength, its class mix and where its divisions differ
most. Without NAME: every group with its number of accounts."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table
from rich.text import Text

from rapport.store import StoreError
from rapport.store.records import visible
from rapport.store.views import find_group, group_names, group_report, group_to_json

from .opening import open_store
from .output import fail, json_text, out, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "group",
        parents=[common],
        help="one customer group's accounts side by side (without NAME: every group)",
        description="A customer group: its accounts across divisions and regions (division, "
        "region, owner, class, strength, band, in-tune, value), the group's strength as the "
        "value-weighted mean of its accounts' (accounts without one left out), its class mix "
        "and where its divisions differ most by factor. --as-of DATE takes each card in the "
        "newest wave on or before DATE.",
    )
    p.add_argument("name", metavar="NAME", nargs="?", help="the group's name (any case)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        with open_store(args, read_only=True) as store:
            if args.name is None:
                return _list(group_names(store), args.format)
            report = group_report(store, find_group(store, args.name), store.ctx.today())
    except StoreError as e:
        return fail(str(e))
    if args.format == "json":
        print(json_text(group_to_json(report)))
        return 0
    from rapport.tui.render.group import group_page

    out.print(group_page(report, out.width), markup=False, highlight=False, soft_wrap=False)
    return 0


def _list(groups: dict[str, int], form: str) -> int:
    if form == "json":
        print(json_text([{"group": g, "accounts": n} for g, n in groups.items()]))
        return 0
    if not groups:
        say(
            "No account belongs to a group yet (set an account's group in the app, or a group column in the accounts CSV)."
        )
        return 0
    table = Table("group", "accounts", box=None, pad_edge=False)
    for name, count in groups.items():
        table.add_row(Text(visible(name)), str(count))
    out.print(table)
    return 0
