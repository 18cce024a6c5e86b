"""``rapport check [PATH]``: verify a data file without changing it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.table import Table

from rapport.store import check_file

from .options import context, db_path, file_only
from .output import fail, out, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "check",
        parents=[common],
        help="verify a data file: readable, schema, references; counts per record type",
        description="Verify a data file (it is only read). Exit 0 when sound, 1 when not.",
    )
    p.add_argument("path", nargs="?", metavar="PATH", help="the file to check (default: --db)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rapport.store import StoreError, is_url

    path = args.path or db_path(args)
    if is_url(path):
        try:
            file_only(path, "rapport check")
        except StoreError as e:
            return fail(
                f"{e} (PostgreSQL checks its own tables; Rapport's saves are checked as they are made)"
            )
    report = check_file(path, context(args))
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return 0 if report.ok else 1
    say(f"{report.path}: {'sound' if report.ok else 'NOT sound'}")
    if report.counts:
        table = Table("records", "count", box=None, pad_edge=False)
        for name, count in report.counts.items():
            table.add_row(name.replace("_", " "), f"{count:,}")
        out.print(table)
    if report.pending:
        say(
            f"journal: {report.pending:,} bytes of saves not yet folded into the file (normal while it is open)"
        )
    for note in report.notes:
        say(f"note: {note}")
    for problem in report.problems:
        say(f"problem: {problem}")
    if report.more:
        say(f"... and {report.more:,} more problems")
    if report.backups:
        say(f"backups ({len(report.backups)}):")
        for backup in report.backups:
            say(f"  {backup}")
    return 0 if report.ok else 1
