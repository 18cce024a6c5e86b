"""Rapport's tables in a PostgreSQL database: made on first use of an empty database,
versioned like the data file (the schema number is kept in ``rapport_meta``).

* ``rapport_meta``: one row, ``meta``: the schema number, the store's id, when it was made;
* ``rapport_records``: every record of every table (``tbl``, ``id``), its ``version`` and
  ``account`` as columns, the record itself in ``data``. ``data`` is ``json`` rather than
  ``jsonb``: it keeps the record's text exactly as Rapport wrote it (key order, and text
  holding NUL, which ``jsonb`` refuses), so a record is byte for byte what the file holds;
* ``rapport_saves``: one row per save, in order (``seq``): who, when, and which records it
  wrote. Another process reads the rows after the last one it saw to catch up, and hears
  of new ones through ``NOTIFY rapport_saves``.

A database (its current schema) that holds other tables and not Rapport's is left alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from ..context import Context
from ..engine.migrate import SCHEMA
from ..errors import StoreError
from ..records.ids import new_id
from ..records.seed import initial_records
from .connect import psycopg

Filling = tuple[dict[str, Any], Iterable[tuple[str, Iterable[str]]]]
"""A new database's first contents: the meta and ``(table, record texts)``."""

LAYOUT = 1
"""The layout of the tables themselves (independent of the records' schema)."""

TABLES = ("rapport_meta", "rapport_records", "rapport_saves")
CHANNEL = "rapport_saves"
LOCK_KEY = 0x52617070  # "Rapp": the advisory lock every save (and ``exclusive``) takes

DDL = """
CREATE TABLE rapport_meta (
    key text PRIMARY KEY,
    value jsonb NOT NULL
);
CREATE TABLE rapport_records (
    tbl text NOT NULL,
    id text NOT NULL,
    version integer NOT NULL,
    account text,
    data json NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (tbl, id)
);
CREATE INDEX rapport_records_by_account ON rapport_records (tbl, account)
    WHERE account IS NOT NULL;
CREATE TABLE rapport_saves (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx text NOT NULL UNIQUE,
    at text NOT NULL,
    by text NOT NULL,
    label text NOT NULL,
    keys jsonb NOT NULL
);
"""


def present(conn: psycopg.Connection) -> tuple[set[str], list[str]]:
    """Rapport's tables found in the current schema, and the other tables there."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() ORDER BY table_name"
    ).fetchall()
    names = [r[0] for r in rows]
    return {n for n in names if n in TABLES}, [n for n in names if n not in TABLES]


def ensure(
    conn: psycopg.Connection,
    where: str,
    ctx: Context,
    *,
    create: bool,
    fill: Filling | None = None,
) -> dict[str, Any]:
    """The store's meta; Rapport's tables made first in an empty database (if ``create``),
    holding the seed records of a new file, or ``fill``'s (meta, records) when given (a
    data file moved onto the server: every record as it is, ids and versions kept).

    Raises :class:`StoreError` for a database that holds other tables, part of Rapport's,
    or a newer schema than this Rapport reads."""
    ours, others = present(conn)
    if ours != set(TABLES):
        if ours:
            raise StoreError(
                f"{where}: holds only some of Rapport's tables ({', '.join(sorted(ours))}); "
                "it was not changed"
            )
        if others:
            shown = ", ".join(others[:3]) + (
                f" and {len(others) - 3} more" if len(others) > 3 else ""
            )
            raise StoreError(
                f"{where}: holds other tables ({shown}) and not Rapport's; Rapport keeps its "
                "records only in an empty database of its own (create one: see the README). "
                "It was not changed"
            )
        if not create:
            raise StoreError(f"{where}: holds no Rapport records yet (it is empty)")
        _create(conn, where, ctx, fill)
    elif fill is not None:
        raise StoreError(f"{where}: holds Rapport's records already; merge into it instead")
    row = conn.execute("SELECT value FROM rapport_meta WHERE key = 'meta'").fetchone()
    if row is None or not isinstance(row[0], dict):
        raise StoreError(f"{where}: Rapport's tables are there but say nothing of their schema")
    meta: dict[str, Any] = row[0]
    schema, layout = meta.get("schema"), meta.get("layout")
    if not isinstance(schema, int) or not isinstance(layout, int):
        raise StoreError(f"{where}: the schema row of Rapport's tables is damaged ({meta!r})")
    if schema > SCHEMA or layout > LAYOUT:
        raise StoreError(
            f"{where}: was written by a newer Rapport (schema {schema}; this one reads up to "
            f"{SCHEMA}): upgrade Rapport to open it"
        )
    return meta


def _create(conn: psycopg.Connection, where: str, ctx: Context, fill: Filling | None) -> None:
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            if present(conn)[0]:  # another process made them meanwhile
                return
            conn.execute(DDL)
            given = fill[0] if fill is not None else {}
            meta = {
                "schema": SCHEMA,
                "layout": LAYOUT,
                "file": given.get("file") or new_id(),
                "created": given.get("created") or ctx.timestamp(),
                "gen": secrets.token_hex(8),
            }
            conn.execute(
                "INSERT INTO rapport_meta (key, value) VALUES ('meta', %s)",
                (psycopg.types.json.Jsonb(meta),),
            )
            records = fill[1] if fill is not None else initial_records(ctx)
            rows = [(name, text) for name, texts in records for text in texts]
            write_texts(conn, rows, seq=0)
    except psycopg.errors.InsufficientPrivilege:
        raise StoreError(
            f"{where}: is empty, and your database role may not create Rapport's tables in it; "
            "open it once as the database's owner (see the README's team server section)"
        ) from None


def write_texts(conn: psycopg.Connection, rows: list[tuple[str, str]], *, seq: int) -> None:
    """Insert or replace records given as ``(table, json text)``."""
    from ..records.records import loads

    params = []
    for table, text in rows:
        record = loads(text)
        params.append((table, record["id"], record["version"], _account(record), text, seq))
    if params:
        with conn.cursor() as cur:
            cur.executemany(UPSERT, params)


UPSERT = (
    "INSERT INTO rapport_records (tbl, id, version, account, data, seq) "
    "VALUES (%s, %s, %s, %s, %s::json, %s) ON CONFLICT (tbl, id) DO UPDATE SET "
    "version = EXCLUDED.version, account = EXCLUDED.account, data = EXCLUDED.data, "
    "seq = EXCLUDED.seq"
)
DELETE = "DELETE FROM rapport_records WHERE tbl = %s AND id = %s"


def _account(record: Any) -> str | None:
    account = record.get("account")
    return account if isinstance(account, str) else None


def account_of(record: Any) -> str | None:
    return _account(record)


__all__ = ["CHANNEL", "DDL", "LAYOUT", "LOCK_KEY", "TABLES", "ensure", "write_texts"]
