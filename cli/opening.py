"""Opening the data file for a verb."""

from __future__ import annotations

import argparse
from typing import Any

from rapport.store import open_target

from .options import context, db_path
from .output import warn


def open_store(args: argparse.Namespace, *, create: bool = False, read_only: bool = False) -> Any:
    """Open the verb's data file (or database: ``--db postgresql://...``); raises
    StoreError (exit 1) if it is missing, unreadable or cannot be reached.

    A short command never rewrites the data file when it closes: its saves are appended to
    the journal, folded in by the app, ``rapport fold`` or once the journal is past the
    threshold. What the store notes as it goes (a save that never finished set aside, saves kept in
    the journal because it could not be folded in at close) is printed on stderr."""
    store = open_target(
        db_path(args), context(args), create=create, read_only=read_only, on_note=warn
    )
    store.short_lived = True  # its saves stay in the journal: no rewrite of the file at exit
    return store
