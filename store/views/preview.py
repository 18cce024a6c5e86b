"""A first look at a data file while it opens: its accounts, read from the start of the
file alone. Read-only and possibly a moment old; the opened store replaces it.

A file with a fresh index opens in a moment (nothing is decoded but what is asked for), sooner
than this look could be read, so it gets none: the list then comes whole, with its cards."""

from __future__ import annotations

from pathlib import Path

from ..engine import layout
from ..engine.mapped import indexed
from ..records.records import freeze
from .rows import AccountRow, preview_row


def preview_accounts(path: Path) -> list[AccountRow] | None:
    """Rows for the accounts list before the whole file is read (None if it cannot tell,
    or if the file opens at once: :func:`..engine.mapped.indexed`)."""
    if indexed(Path(path)):
        return None
    records = layout.read_first_table(Path(path), "accounts")
    if records is None:
        return None
    return [
        preview_row(freeze(r))
        for r in records
        if isinstance(r.get("name"), str) and isinstance(r.get("id"), str)
    ]
