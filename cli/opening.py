"""Opening the data file for a verb."""

from __future__ import annotations

import argparse

from rapport.store import Store

from .options import context, db_path


def open_store(args: argparse.Namespace, *, create: bool = False, read_only: bool = False) -> Store:
    """Open the verb's data file; raises StoreError (exit 1) if it is missing or unreadable."""
    return Store.open(db_path(args), context(args), create=create, read_only=read_only)
