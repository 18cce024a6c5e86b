"""``rapport agenda``: what needs attention, most urgent first; or an iCalendar file."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from rapport.store import StoreError, write_private
from rapport.store.exchange import calendar
from rapport.store.records import close_names, counted, fold, visible
from rapport.store.views import HEADINGS, AgendaItem, agenda, as_of_view

from .opening import open_store
from .options import context
from .output import fail, out, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "agenda",
        parents=[common],
        help="what needs attention (follow-ups, promises, losing touch, birthdays...)",
        description="The agenda, most urgent first, under the headings Overdue (by value at "
        "risk), Today, This week and Later (by day): print it, or write an iCalendar file "
        "with alarms.",
    )
    who = p.add_mutually_exclusive_group()
    who.add_argument("--owner", metavar="NAME", help="only this person's (default: you)")
    who.add_argument("--all", action="store_true", help="everyone's")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--ics", metavar="FILE", help="write an iCalendar file any calendar program reads"
    )
    p.set_defaults(run=run)


def agenda_table(items: list[AgendaItem]) -> Table:
    """One heading's items; the columns are as wide under every heading."""
    table = Table(box=None, pad_edge=False, expand=True, show_header=False)
    table.add_column("when", width=16, no_wrap=True)
    table.add_column("what", width=14, no_wrap=True)
    table.add_column("account", ratio=3)
    table.add_column("details", ratio=4)
    table.add_column("who", ratio=2)
    for item in items:
        style = (
            "bold red" if item.severity == "red" else "yellow" if item.severity == "amber" else ""
        )
        mark = {"red": "!!", "amber": "!"}.get(item.severity or "", "")
        table.add_row(
            Text(item.when + (f" {item.time}" if item.time else ""), style=style),
            Text(item.kind + mark, style=style),
            Text(visible(item.account)),
            Text(visible(item.what)),
            Text(visible(item.owner)),
        )
    return table


def run(args: argparse.Namespace) -> int:
    ctx = context(args)
    owner = None if args.all else (args.owner or ctx.user)
    try:
        with open_store(args, read_only=True) as store:
            if args.owner:  # named as the records name them, in any case and spacing
                owners = {
                    fold(r["owner"]): r["owner"]
                    for table in ("accounts", "followups", "promises", "plan_items")
                    for r in store.all(table)
                    if r.get("owner")
                }
                owner = owners.get(fold(args.owner))
                if owner is None:
                    hint = close_names(args.owner, owners.values())
                    maybe = f" (did you mean {', '.join(map(repr, hint))}?)" if hint else ""
                    return fail(f"nothing is owned by {args.owner!r}{maybe}")
            items = agenda(as_of_view(store), ctx.today(), owner=owner)
            ics = calendar(items, ctx.today(), now=ctx.now(), store=store) if args.ics else ""
    except StoreError as e:
        return fail(str(e))
    if args.ics:
        try:
            write_private(Path(args.ics).expanduser(), ics.encode("utf-8"))
        except OSError as e:
            return fail(f"{args.ics}: cannot be written ({e.strerror})")
        say(f"wrote {args.ics}: {len(items)} events")
        return 0
    if args.format == "json":
        print(json.dumps([asdict(i) for i in items], indent=2, ensure_ascii=False))
        return 0
    shown = 0
    for heading in HEADINGS:
        group = [i for i in items if i.heading == heading]
        if group:
            if shown:
                out.print()
            shown += 1
            out.print(Text(f"{heading} · {counted(len(group), 'item')}", style="bold"))
            out.print(agenda_table(group))
    say(
        f"{counted(len(items), 'item')}, {sum(i.overdue for i in items)} overdue ({'everyone' if owner is None else owner})"
    )
    return 0
