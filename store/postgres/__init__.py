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

__all__ = ["INSTALL", "Location", "copy_to", "exists", "is_url", "open_target", "safe_url"]

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
        # A database exists once it is named (its administrator made it): an empty one gets
        # Rapport's tables at the first open that may write, whatever the verb (``create``
        # is for a file's path, which a typing slip must not bring into being).
        return PgStore.open(url, ctx, create=not read_only, read_only=read_only, on_note=on_note)
    return Store.open(
        Path(target), ctx, create=create, read_only=read_only, on_note=on_note, **kwargs
    )


def _pg() -> Any:
    try:
        from . import pgstore
    except ImportError:
        raise StoreError(f"opening a PostgreSQL database needs its driver: {INSTALL}") from None
    return pgstore


def exists(target: str | Path) -> bool:
    """Whether ``target`` holds a Rapport store already: a data file, or a database with
    Rapport's tables (a database that cannot be reached raises :class:`StoreError`)."""
    if not is_url(target):
        return Path(target).exists()
    from .schema import present

    conn = _pg().connect(str(target))
    try:
        return bool(present(conn)[0])
    finally:
        conn.close()


def copy_to(source: Any, target: str | Path, ctx: Context) -> int:
    """Copy every record of the open store ``source`` (a file's or a database's) into a new
    store at ``target`` (a data file that does not exist, or an empty database), exactly:
    the same ids, versions and history. Returns how many records were copied."""
    import secrets

    meta = {k: v for k, v in source.meta.items() if k != "folded"}
    tables = {name: list(source.ids(name)) for name in source.tables}
    count = sum(len(ids) for ids in tables.values())

    def texts(name: str) -> Any:
        for record_id in tables[name]:
            text = source.text(name, record_id)
            if text is not None:
                yield text

    if is_url(target):
        fill = (meta, [(name, texts(name)) for name in tables])
        _pg().PgStore.open(str(target), ctx, fill=fill).close()
        return count
    from ..engine import layout, replace_atomically

    path = Path(target)
    if path.exists():
        raise StoreError(f"{path}: exists already; merge into it instead")
    head = {**meta, "schema": source.meta.get("schema"), "layout": layout.LAYOUT}
    head["gen"] = secrets.token_hex(8)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, layout.write_chunks(head, ((n, texts(n)) for n in tables)))
    return count
