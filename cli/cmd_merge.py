"""``rapport merge OTHER.json [--dry-run]``: bring another data file's records into this one."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rapport.store import StoreError, copy_to, exists, is_url, open_target, safe_url
from rapport.store.exchange import MergePlan, label, merge_file

from .opening import open_store
from .options import context, db_path
from .output import fail, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "merge",
        parents=[common],
        help="merge another data file (a laptop's copy) into this one; conflicts are listed",
        description="Bring every record of OTHER into the data file: records changed on one "
        "side only come in, a record changed on both sides keeps the newer version and "
        "lists the other as a conflict (shown in the app), deletions win only over "
        "unchanged records. A backup of the file is kept first. Merging the same file "
        "again changes nothing. Exit 0 when merged, 1 when OTHER cannot be read or holds "
        "damaged records (nothing is written then).",
    )
    p.add_argument(
        "other",
        metavar="OTHER",
        help="the other data file, or a team server's postgresql:// URL (it is only read); "
        "into a file or database that does not exist yet, an exact copy of it is made",
    )
    p.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target = db_path(args)
    try:
        if not args.dry_run and not exists(target):
            return copy(args, target)
        with open_store(args) as store:
            plan = merge_file(store, args.other, dry_run=args.dry_run)
            target = str(store.path)
    except StoreError as e:
        return fail(str(e))
    if args.format == "json":
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        report(plan, target, dry_run=args.dry_run)
    return 0 if plan.ok else 1


def copy(args: argparse.Namespace, target: Path | str) -> int:
    """Merging into a store that does not exist yet (a new file, an empty database): an
    exact copy of OTHER, every record with its id, version and history."""
    other = args.other if is_url(args.other) else Path(args.other).expanduser()
    with open_target(other, context(args), create=False, read_only=True) as source:
        count = copy_to(source, target, context(args))
    shown_target = safe_url(target) if isinstance(target, str) else str(target)
    shown_other = safe_url(other) if isinstance(other, str) else str(other)
    if args.format == "json":
        print(json.dumps({"copied": count, "source": shown_other, "into": shown_target}))
    else:
        say(
            f"{shown_target}: made as a copy of {shown_other}: {count:,} records, ids and versions kept"
        )
        say(f"  merge it back later: rapport --db {shown_other} merge {shown_target}")
    return 0


def _counts(counter: Any) -> str:
    return ", ".join(f"{table.replace('_', ' ')} {n:,}" for table, n in sorted(counter.items()))


def report(plan: MergePlan, target: str, *, dry_run: bool) -> None:
    would = "would be " if dry_run else ""
    say(
        f"merge of {plan.source} into {target}" + (" (dry run: nothing written)" if dry_run else "")
    )
    for what, counter in (
        ("added", plan.added),
        ("changed", plan.changed),
        ("deleted", plan.deleted),
        ("history brought in", plan.history),
    ):
        if counter:
            say(f"  {would}{what}: {_counts(counter)}")
    if not (plan.added or plan.changed or plan.deleted or plan.history or plan.conflicts):
        say("  nothing to bring in: this file already holds everything in the other")
    if plan.conflicts:
        say(
            f"conflicts: {len(plan.conflicts):,} {would}listed (the app shows them; resolve each there)"
        )
        for c in plan.conflicts:
            name = label(c.kept.record) or label(c.other.record)
            side = "this file's" if c.kept.mine else "the other file's"
            kept = "record" if not c.kept.deleted else "deletion"
            say(f"  {c.table} {c.record} {name!r}: {c.why}; kept {side} {kept}")
    if plan.listed_before:
        say(f"  ({plan.listed_before:,} conflicts found again are listed already)")
    for note in plan.notes:
        say(f"note: {note}")
    for problem in plan.problems:
        say(f"problem: {problem}")
    if plan.problems:
        say("nothing written: the other file holds damaged records (see `rapport check OTHER`)")
    if plan.written:
        say(f"saved in one step; the file as it was is kept at {plan.backup}")
