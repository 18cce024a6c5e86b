"""``rapport fold``: fold the journal into the data file now.

Short commands only append their saves to the journal beside the file; the app folds it
when it closes, and a short command when the journal has grown past the threshold
(``rapport.store.FOLD_BYTES``). After a fold the data file alone holds everything, so any
TinyDB reader (``tinydb.TinyDB(path)``) sees every save.
"""

from __future__ import annotations

import argparse
from typing import Any

from rapport.store import FOLD_BYTES, StoreError

from .opening import open_store
from .output import fail, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "fold",
        parents=[common],
        help="fold the journal into the data file (then any TinyDB reader sees every save)",
        description=(
            "Fold the saves waiting in the journal into the data file, atomically. The app "
            "does it when it closes, short commands when the journal passes "
            f"{FOLD_BYTES >> 20} MiB."
        ),
    )
    p.add_argument(
        "--if-needed",
        action="store_true",
        help=f"only if the journal has grown past {FOLD_BYTES >> 20} MiB (what short commands start)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        store = open_store(args)
    except StoreError as e:
        return fail(str(e))
    try:
        pending = store.pending_bytes()
        if args.if_needed and not store.needs_fold():
            return 0
        if store.read_only:
            return fail(f"{store.path}: {store.read_only_reason}; nothing was folded")
        store.checkpoint()
    except StoreError as e:  # every save stays in the journal: the message says so
        return fail(str(e))
    finally:
        store.close()
    if not args.if_needed:
        say(
            f"{store.path}: folded ({pending:,} bytes of journal)"
            if pending
            else f"{store.path}: nothing to fold"
        )
    return 0
