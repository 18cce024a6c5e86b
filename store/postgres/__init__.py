"""A team server on PostgreSQL: the same store as the data file, kept in a database.

:class:`PgStore` has the public interface of :class:`~rapport.store.engine.Store` (saving,
undo, reading, refresh, close), so every part of Rapport above the store works on either.
What a save checks and writes is worked out by the engine's own ``resolve`` (versions,
references, audit entries, tombstones): nothing of the domain is written twice.

This face imports nothing of the driver: :func:`is_url` and :func:`open_target` work
without psycopg installed, and opening a URL then says what to install. Only this
package imports psycopg (``lint-imports`` checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..context import Context
from ..engine import Store
from ..errors import StoreError
from .location import Location, is_url, safe_url

__all__ = ["INSTALL", "Location", "is_url", "open_target", "safe_url"]

INSTALL = 'pip install "rapport[postgres]"'


def open_target(
    target: str | Path | Location,
    ctx: Context | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    on_note: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> Any:
    """A data file's :class:`Store`, or a :class:`PgStore` for a ``postgresql://`` URL.

    Raises :class:`StoreError` (a message, never a traceback) if the database cannot be
    reached or the driver is not installed."""
    if isinstance(target, Location) or (isinstance(target, str) and is_url(target)):
        url = target.url if isinstance(target, Location) else target
        try:
            from .pgstore import PgStore
        except ImportError:
            raise StoreError(
                f"{safe_url(url)}: opening a PostgreSQL database needs its driver: {INSTALL}"
            ) from None
        return PgStore.open(url, ctx, create=create, read_only=read_only, on_note=on_note)
    return Store.open(
        Path(target), ctx, create=create, read_only=read_only, on_note=on_note, **kwargs
    )
