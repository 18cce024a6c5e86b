"""``rapport``: open the full-screen app on the data file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rapport.store import StoreError
from rapport.store.records import visible

from .options import context, db_path, default_db, default_file, file_only
from .output import err, fail, say

DEMO_ACCOUNTS = 120
DEMO_SEED = 7


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo company (demo.json beside the default file, or --db PATH); "
        "it is generated the first time and kept, so your changes stay",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="with --demo: generate the demo company again, replacing the demo file",
    )
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="do not track the mouse (saves bandwidth over slow SSH links)",
    )


def demo_file(args: argparse.Namespace) -> tuple[Path, str | None]:
    """The demo file ``--demo`` opens, generated first when it is missing (or ``--fresh``);
    and what to say about it, or the problem that stopped it (then the path is useless)."""
    from rapport.store.demo import work_out_first_start, write_demo

    ctx = context(args)
    given = getattr(args, "db", None) is not None
    if given:
        path = file_only(db_path(args), "--demo")
    else:
        default = default_db()
        path = (default if isinstance(default, Path) else default_file()).with_name("demo.json")
    if path.exists() and not args.fresh:
        return path, f"demo company: {path} (rapport --demo --fresh makes a new one)"
    if path.exists() and given:
        raise StoreError(
            f"{path}: exists, and --fresh replaces only the default demo file; "
            "remove it first, or use `rapport demo --out PATH --force`"
        )
    write_demo(path, DEMO_ACCOUNTS, DEMO_SEED, ctx, me=ctx.user, overwrite=args.fresh)
    work_out_first_start(path, ctx)
    return path, f"demo company: a new one in {path} (rapport --demo opens it again)"


def run(args: argparse.Namespace) -> int:
    ctx = context(args)
    path = db_path(args)
    note = None
    if args.fresh and not args.demo:
        return fail("--fresh goes with --demo (it makes a new demo company)", 2)
    if args.demo:
        try:
            path, note = demo_file(args)
        except StoreError as e:
            return fail(str(e))
        err.print(visible(note), markup=False, highlight=False)
    if not sys.stdout.isatty():
        return fail("the app needs a terminal; for scripts use a command (rapport --help)", 2)
    from rapport.tui.app import make_app

    app = make_app(path, ctx)
    if note:
        app.start_notes.append(note)
    code = app.run(mouse=not args.no_mouse)
    if app.exit_message:
        say(app.exit_message)
    elif note:
        say(note)
    return int(code or 0)
