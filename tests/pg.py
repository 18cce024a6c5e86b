"""A real PostgreSQL for the tests: ``pgserver``'s server (PostgreSQL 16 inside a wheel),
started once per test process in a temporary folder, or the server named by
``RAPPORT_TEST_PG`` (a ``postgresql://`` URL of a role that may create databases).

Each test gets a database of its own (:func:`new_database`), dropped afterwards.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_server: object | None = None
_base: str | None = None


def base_url() -> str:
    """The server's URL (its ``postgres`` database); started on first use."""
    global _server, _base
    if _base is None:
        given = os.environ.get("RAPPORT_TEST_PG")
        if given:
            _base = given
        else:
            import pgserver

            folder = tempfile.mkdtemp(prefix="rapport-pg-")
            _server = pgserver.get_server(folder, cleanup_mode="delete")
            atexit.register(shutil.rmtree, folder, True)
            _base = _server.get_uri()  # type: ignore[attr-defined]
    return _base


def url_of(database: str, base: str | None = None) -> str:
    parts = urlsplit(base or base_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(base_url(), autocommit=True) as conn:
        conn.execute(sql)


def new_database() -> str:
    """A new, empty database; its URL."""
    name = "rapport_" + secrets.token_hex(6)
    admin(f"CREATE DATABASE {name}")
    return url_of(name)


def drop_database(url: str) -> None:
    name = urlsplit(url).path.strip("/")
    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def open_any(target: object, ctx: object = None, **kwargs: object) -> Any:
    """``Store.open`` for a path, ``PgStore.open`` for a URL (tests on both backends)."""
    from rapport.store import open_target

    return open_target(target, ctx, **kwargs)  # type: ignore[arg-type]
