"""``rapport demo``: generate a realistic demo company, the same for the same seed."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from rapport.store import StoreError

from .options import context, whole_number
from .output import fail, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "demo",
        parents=[common],
        help="generate a demo company's data file (deterministic for a seed)",
        description="Write a demo company: owners, contacts, two years of interactions, "
        "promises, complaints, three survey waves and action plans.",
    )
    p.add_argument(
        "--accounts",
        type=whole_number(1),
        default=120,
        metavar="N",
        help="how many accounts (default 120)",
    )
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument(
        "--out", required=True, metavar="PATH", help="the file to write (must not exist)"
    )
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rapport.store.demo import work_out_first_start, write_demo

    started = time.perf_counter()
    ctx = context(args)
    try:
        write_demo(Path(args.out), args.accounts, args.seed, ctx, overwrite=args.force)
    except StoreError as e:
        return fail(str(e))
    say(
        f"wrote {args.out}: {args.accounts:,} accounts (seed {args.seed}) in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    try:
        work_out_first_start(Path(args.out), ctx)
    except StoreError as e:  # the file is written: only what is kept beside it is missing
        say(f"the list's rows and cards were not worked out ahead ({e}); the app will")
        return 0
    say(
        f"worked out every account's row and LoyaltyCard in {time.perf_counter() - started:.1f} s "
        f"(kept beside the file: the first start shows them at once)"
    )
    return 0
