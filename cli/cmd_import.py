"""``rapport import KIND FILE [--dry-run]``: bring records in from CSV (or vCards).

Every row is checked before anything is written; the report lists each refused row with
its line, column and reason and counts what is (or would be) created, updated and left
alone. The accepted rows are saved in one step, after a backup of the file is kept.
Exit 0 when every row was accepted, 1 when any was refused.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from rapport.store import StoreError
from rapport.store.exchange import KINDS, Plan
from rapport.store.records import counted

from .opening import open_store
from .options import context, db_path
from .output import fail, say
from .progress import Bar

IMPORT_KINDS = (*KINDS, "vcards", "json")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "import",
        parents=[common],
        help="import accounts, contacts, interactions or responses from CSV, vCards, or "
        "everything from a JSON export",
        description="Import records from a CSV file in one of the exchange formats (see "
        "`rapport export`), contacts from a vCard file (.vcf), or with `json` every record "
        "of a `rapport export --format json` file (matched by id, then by name or other "
        "natural key). Every row (record) is checked first; accepted ones are saved in one "
        "step, refused ones are listed with their line and reason. Importing the same file "
        "again creates no duplicates. Exit 0 when every row was accepted, 1 when any was "
        "refused.",
    )
    p.add_argument("kind", choices=IMPORT_KINDS, metavar="KIND", help=" | ".join(IMPORT_KINDS))
    p.add_argument("file", metavar="FILE", help="the CSV, .vcf or .json file (- reads stdin)")
    p.add_argument("--dry-run", action="store_true", help="check and report only; write nothing")
    p.add_argument(
        "--replace",
        action="store_true",
        help="responses by code: a code answered already takes this file's answer instead "
        "(without it such a row is refused, both answers shown)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    p.set_defaults(run=run)


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).expanduser().read_bytes()


def _do(store: Any, args: argparse.Namespace, data: bytes, bar: Bar) -> Plan:
    source = "stdin" if args.file == "-" else args.file
    if args.kind == "json":
        from rapport.store.exchange import import_json

        return import_json(store, data, source=source, dry_run=args.dry_run, progress=bar)
    if args.kind == "vcards":
        from rapport.store.exchange import import_vcards

        return import_vcards(store, data, source=source, dry_run=args.dry_run, progress=bar)
    from rapport.store.exchange import import_csv

    return import_csv(
        store,
        args.kind,
        data,
        source=source,
        dry_run=args.dry_run,
        progress=bar,
        replace=args.replace,
    )


def run(args: argparse.Namespace) -> int:
    try:
        data = _read(args.file)
    except OSError as e:
        return fail(f"{args.file}: cannot be read ({e.strerror or e})")
    path = db_path(args)
    try:
        with Bar() as bar:
            if args.dry_run and isinstance(path, Path) and not path.exists():
                # Nothing to match against: check the rows against an empty file.
                with tempfile.TemporaryDirectory() as tmp:
                    from rapport.store import Store

                    with Store.open(Path(tmp) / "empty.json", context(args)) as store:
                        plan = _do(store, args, data, bar)
            else:
                with open_store(args, create=not args.dry_run) as store:
                    plan = _do(store, args, data, bar)
    except StoreError as e:
        return fail(str(e))
    if args.format == "json":
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        report(plan, dry_run=args.dry_run)
    return 0 if plan.ok else 1


def report(plan: Plan, *, dry_run: bool) -> None:
    """The import report as text (data shown as text: control characters made visible)."""
    what = {"vcards": "card", "json": "record"}.get(plan.kind, "row")
    if dry_run:
        counts = (
            f"would create {plan.created:,}, update {plan.updated:,}, "
            f"leave {plan.unchanged:,} unchanged; {plan.refused_rows:,} refused"
        )
    else:
        counts = (
            f"created {plan.created:,}, updated {plan.updated:,}, "
            f"{plan.unchanged:,} unchanged; {plan.refused_rows:,} refused"
        )
    if plan.refused and not plan.rows:  # the file as a whole: no row was read
        counts = "the file is refused, nothing in it was read"
    say(f"{plan.source} ({plan.kind}): {counted(plan.rows, what)}: {counts}")
    if plan.also:
        also = ", ".join(f"{thing} {n:,}" for thing, n in sorted(plan.also.items()))
        say(f"{'would also create or change' if dry_run else 'also created or changed'}: {also}")
    for note in plan.notes:
        say(f"note: {note}")
    if plan.refused:
        say("refused:")
        for refusal in plan.refused:
            say(f"  {refusal}")
    if plan.written:
        say(f"saved in one step; the file as it was is kept at {plan.backup}")
    elif not dry_run:
        say("nothing written" + (" (nothing to change)" if not plan.refused else ""))
