"""Connecting to PostgreSQL, and saying what went wrong in words (no traceback, no password).

Credentials come from the URL or from libpq's own places (``PG*`` variables, the service
file, ``.pgpass``); TLS from ``sslmode`` in the URL. Nothing here writes them anywhere.
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pgerrors

from ..errors import NotSaved, StoreError
from .location import password_of, safe_url

CONNECT_SECONDS = 10


def connect(url: str) -> psycopg.Connection:
    try:
        conn = psycopg.connect(
            url.strip(),
            autocommit=True,
            connect_timeout=CONNECT_SECONDS,
            application_name="rapport",
        )
    except psycopg.Error as e:
        raise StoreError(
            f"{safe_url(url)}: cannot connect to the database ({problem(e, url)})"
        ) from None
    return conn


def problem(e: BaseException, url: str = "") -> str:
    """The driver's message as a short sentence, the password (if any) taken out."""
    if isinstance(e, pgerrors.InsufficientPrivilege):
        text = (
            "your database role lacks a permission Rapport needs (SELECT, INSERT, UPDATE and "
            "DELETE on its tables: see the README's team server section): " + _first_line(e)
        )
    else:
        text = _first_line(e) or type(e).__name__
    secret = password_of(url) if url else None
    if secret:
        text = text.replace(secret, "***")
    return text


def _first_line(e: BaseException) -> str:
    diag = getattr(e, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(e)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # libpq's "connection to server at ... failed: Connection refused" is what tells
    return "; ".join(lines[:2]).rstrip(".")


def lost(e: BaseException, url: str) -> StoreError:
    """A connection that failed while reading."""
    return StoreError(f"{safe_url(url)}: the database connection failed ({problem(e, url)})")


def not_saved(e: BaseException, url: str) -> NotSaved:
    return NotSaved(safe_url(url), problem(e, url))


__all__ = ["connect", "lost", "not_saved", "pgerrors", "problem", "psycopg"]
