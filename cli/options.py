"""Options shared by the verbs: which data file, which day, who is working."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rapport.store import Context, is_url

ACCOUNT_HELP = (
    "the account's id, or its name as the app's search finds it (case, spacing and accents "
    "do not matter; a part of the name will do) when exactly one account matches"
)


def default_db() -> Path | str:
    """``RAPPORT_DB``, else ``rapport.json`` in the user's data directory. A
    ``postgresql://`` URL is kept as it is (a database, never taken for a file's path)."""
    env = os.environ.get("RAPPORT_DB")
    if env:
        return env.strip() if is_url(env) else Path(env).expanduser()
    return default_file()


def default_file() -> Path:
    """``rapport.json`` in the user's data directory."""
    from platformdirs import user_data_path

    return user_data_path("rapport", appauthor=False) / "rapport.json"


def db_path(args: argparse.Namespace) -> Path | str:
    """The data file's path, or the database's ``postgresql://`` URL (a ``str``)."""
    given = getattr(args, "db", None)
    if given and is_url(given):
        return str(given).strip()
    return Path(given).expanduser() if given else default_db()


def file_only(target: Path | str, what: str) -> Path:
    """``target`` as a data file's path; a :class:`StoreError` for a database's URL."""
    from rapport.store import StoreError, safe_url

    if isinstance(target, str):
        raise StoreError(f"{safe_url(target)}: {what} works on a data file, not a database")
    return target


def iso_date(text: str) -> date:
    """An argparse type: an ISO date, or a usage error naming it."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def whole_number(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``least``, or a usage error naming it."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number ({least} or more)"
            ) from None
        if value < least:
            raise argparse.ArgumentTypeError(f"{text!r} is too few: give {least} or more")
        return value

    return parse


def context(args: argparse.Namespace) -> Context:
    return Context.from_env(as_of=getattr(args, "as_of", None))


def common_options() -> argparse.ArgumentParser:
    """``--db`` and ``--as-of``, accepted before or after the verb."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH|URL",
        default=argparse.SUPPRESS,
        help="the data file, or a team server's postgresql:// URL (no password in it: libpq's "
        "PG* variables, service file and .pgpass give it) (default: $RAPPORT_DB, else "
        "rapport.json in your data directory)",
    )
    common.add_argument(
        "--as-of",
        metavar="DATE",
        type=iso_date,
        default=argparse.SUPPRESS,
        help="treat DATE as today (YYYY-MM-DD), for reproducible output",
    )
    return common
