"""``rapport``: open the full-screen app on the data file."""

from __future__ import annotations

import argparse
import sys

from rapport.store import StoreError

from .options import context, db_path, default_db
from .output import fail, say

DEMO_ACCOUNTS = 120
DEMO_SEED = 7


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a generated demo company in a fresh file (demo.json beside the default file)",
    )
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="do not track the mouse (saves bandwidth over slow SSH links)",
    )


def run(args: argparse.Namespace) -> int:
    ctx = context(args)
    path = db_path(args)
    if args.demo:
        from rapport.store.demo import write_demo

        if getattr(args, "db", None) is None:
            path = default_db().with_name("demo.json")
            overwrite = True
        else:
            overwrite = False
        try:
            write_demo(path, DEMO_ACCOUNTS, DEMO_SEED, ctx, me=ctx.user, overwrite=overwrite)
        except StoreError as e:
            return fail(str(e))
    if not sys.stdout.isatty():
        return fail("the app needs a terminal; for scripts use a command (rapport --help)", 2)
    from rapport.tui.app import make_app

    app = make_app(path, ctx)
    code = app.run(mouse=not args.no_mouse)
    if app.exit_message:
        say(app.exit_message)
    return int(code or 0)
