"""``rapport export KIND [--out FILE]``: write records in an exchange format.

CSV (the default) writes exactly what ``rapport import`` reads; ``--format json`` writes
every record of the file (or of one kind) as JSON for other tools.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rapport.store import StoreError, Utf8Writer, writing_private
from rapport.store.exchange import KINDS, export_csv, export_json

from .opening import open_store
from .output import fail, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "export",
        parents=[common],
        help="export accounts, contacts, interactions or responses as CSV, or everything as JSON",
        description="Write records as CSV in the format `rapport import` reads (a cell that "
        "a spreadsheet would run as a formula is written with a leading apostrophe, which "
        "import removes again), or with --format json every record of the file.",
    )
    p.add_argument(
        "kind",
        nargs="?",
        choices=KINDS,
        metavar="KIND",
        help=" | ".join(KINDS) + " (for --format json: optional, default every table)",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument(
        "--bom", action="store_true", help="start the CSV with a byte-order mark (for Excel)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "csv" and not args.kind:
        return fail(
            f"export as CSV needs KIND ({' | '.join(KINDS)}); --format json exports everything",
            2,
        )
    try:
        with open_store(args, read_only=True) as store:
            if not args.out:
                sys.stdout.flush()
                out = Utf8Writer(sys.stdout.buffer)  # written as it is made
                _export(args, store, out)
                out.flush()
                sys.stdout.buffer.flush()
                return 0
            try:  # the file appears complete or not at all
                with writing_private(Path(args.out).expanduser()) as stream:
                    count = _export(args, store, stream)
            except OSError as e:
                return fail(f"{args.out}: cannot be written ({e.strerror or e})")
    except StoreError as e:
        return fail(str(e))
    what = "records" if args.format == "json" else f"{args.kind} rows"
    say(f"wrote {count:,} {what} to {args.out}")
    return 0


def _export(args: argparse.Namespace, store: Any, out: Utf8Writer) -> int:
    if args.format == "json":
        return export_json(store, out, [args.kind] if args.kind else None)
    return export_csv(store, args.kind, None, out, bom=args.bom)
