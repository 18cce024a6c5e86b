"""The store on PostgreSQL: :class:`PgStore`, the same calls as the data file's
:class:`~rapport.store.engine.Store`.

How a save works (the file's steps, done by the database):

0. refuse at once if the store is read-only (opened so, or the role may not write);
1. begin one transaction and take the advisory lock every save takes (the file's write lock);
2. read what other processes saved since we last looked (``rapport_saves`` after our last
   ``seq``), and apply it;
3. check the changes against the records as they are now (versions, references):
   the engine's own ``resolve``;
4. write the records, one ``rapport_saves`` row naming them, ``NOTIFY``, and commit: the
   save is now durable, or it is absent (the transaction is rolled back);
5. apply them in memory.

A connection lost during the commit leaves it unknown whether the save happened: the store
connects again and looks for the save's row, so it says the truth either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Self

from ..context import Context
from ..engine.loading import Touched
from ..engine.migrate import SCHEMA
from ..engine.resolve import resolve
from ..engine.table import Table
from ..engine.transaction import ChangeSet, Op, Transaction
from ..errors import NotSaved, StoreBusy, StoreError
from ..records.ids import new_id
from ..records.records import Record, dumps
from ..records.schema import ALL_TABLES
from . import schema as pgschema
from .connect import connect, lost, not_saved, pgerrors, problem, psycopg
from .reading import Reading

Saved = tuple[list[tuple[str, str, "str | None"]], list[Any], int]
"""What a save wrote: (table, id, text or None) each, its changes, its ``seq``."""

LOCK_WAIT = "30s"
"""How long a save waits for another process's save or merge before giving up (busy)."""


class Exclusive:
    """``with store.exclusive():``: no other process saves until it ends (reentrant)."""

    def __init__(self, store: PgStore) -> None:
        self.store = store
        self.depth = 0

    def __enter__(self) -> Exclusive:
        store = self.store
        store._mutex.acquire()
        try:
            if self.depth == 0 and not store.read_only:
                store._locked(
                    lambda conn: conn.execute("SELECT pg_advisory_lock(%s)", (pgschema.LOCK_KEY,))
                )
        except BaseException:
            store._mutex.release()
            raise
        self.depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        try:
            if self.depth == 0 and not self.store.read_only:
                with contextlib.suppress(psycopg.Error):  # a lost connection released it
                    self.store._conn.execute("SELECT pg_advisory_unlock(%s)", (pgschema.LOCK_KEY,))
        finally:
            self.store._mutex.release()


class PgStore(Reading):
    """All records of one PostgreSQL database, kept current with other processes' saves."""

    def __init__(self, url: str, ctx: Context, *, read_only: bool = False) -> None:
        super().__init__(url, ctx, read_only=read_only)
        self._conn: psycopg.Connection = None  # type: ignore[assignment]
        self._exclusive = Exclusive(self)

    @classmethod
    def open(
        cls,
        url: str,
        ctx: Context | None = None,
        *,
        create: bool = True,
        read_only: bool = False,
        on_note: Callable[[str], None] | None = None,
        fill: pgschema.Filling | None = None,
        **_: Any,
    ) -> Self:
        """Open the database at ``url``; an empty one gets Rapport's tables (holding
        ``fill``'s records if given, else a new file's). :class:`StoreError` if it cannot."""
        store = cls(url, ctx or Context.from_env(), read_only=read_only)
        store.on_note = on_note
        store._connect()
        try:
            store.meta = pgschema.ensure(
                store._conn,
                str(store.path),
                store.ctx,
                create=create and not read_only,
                fill=fill,
            )
            if store.meta["schema"] < SCHEMA:
                raise StoreError(
                    f"{store.path}: holds schema {store.meta['schema']}, older than this "
                    f"Rapport's {SCHEMA}, and no migration of a database is known for it"
                )
            if not store.read_only:
                store.read_only_reason = store._write_problem()
                store.read_only = store.read_only_reason is not None
            store._load()
        except psycopg.Error as e:
            store._conn.close()
            raise lost(e, url) from None
        except BaseException:
            store._conn.close()
            raise
        return store

    def _connect(self) -> None:
        self._conn = connect(self.url)
        try:
            self._conn.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
            self._conn.execute(f"LISTEN {pgschema.CHANNEL}")
        except psycopg.Error as e:
            self._conn.close()
            raise lost(e, self.url) from None

    def _write_problem(self) -> str | None:
        row = self._conn.execute(
            "SELECT has_table_privilege('rapport_records', 'INSERT, UPDATE, DELETE') "
            "AND has_table_privilege('rapport_saves', 'INSERT')"
        ).fetchone()
        if row and row[0]:
            return None
        return (
            "may not be changed by your database role (it needs INSERT, UPDATE and DELETE on "
            "Rapport's tables: see the README's team server section)"
        )

    def _load(self) -> None:
        tables = {name: Table(name) for name in ALL_TABLES}
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            seq = self._conn.execute("SELECT coalesce(max(seq), 0) FROM rapport_saves").fetchone()
            with self._conn.cursor() as cur:
                for name, record_id, text in cur.stream(
                    "SELECT tbl, id, data::text FROM rapport_records"
                ):
                    table = tables.get(name)
                    if table is None:
                        table = tables[name] = Table(name)
                    table.put_text(record_id, text, trusted=True)
        with self._mutex:
            self.tables = tables
            self._seq = int(seq[0]) if seq else 0
            self.revision += 1

    # -- staying current -----------------------------------------------------------------

    def _catch_up(self, touched: Touched | None) -> None:
        """Apply the saves after ours (call within a transaction: one snapshot)."""
        conn = self._conn
        rows = conn.execute(
            "SELECT seq, keys FROM rapport_saves WHERE seq > %s ORDER BY seq", (self._seq,)
        ).fetchall()
        if not rows:
            return
        keys: dict[tuple[str, str], None] = {}
        for _seq, written in rows:
            for table, record_id in written:
                keys[(table, record_id)] = None
        found: dict[tuple[str, str], str] = {}
        names, ids = [k[0] for k in keys], [k[1] for k in keys]
        for table, record_id, text in conn.execute(
            "SELECT r.tbl, r.id, r.data::text FROM rapport_records r "
            "JOIN unnest(%s::text[], %s::text[]) AS k(tbl, id) ON r.tbl = k.tbl AND r.id = k.id",
            (names, ids),
        ):
            found[(table, record_id)] = text
        with self._mutex:
            self._apply(((t, i, found.get((t, i))) for t, i in keys), touched)
            self._seq = int(rows[-1][0])

    def refresh(self) -> Touched:
        """Take in other processes' saves; say what they touched (cheap when nothing: the
        database tells of saves with ``NOTIFY``)."""
        if self._closed:
            return Touched()
        with self._mutex:
            try:
                if self._conn.broken or self._conn.closed:
                    self._reconnect()
                if self._newest() <= self._seq:
                    # one cheap look (an index's last entry) rather than trusting a NOTIFY
                    # to have arrived already: a refresh misses nothing saved before it
                    return Touched()
                touched = Touched()
                with self._conn.transaction():
                    self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    self._catch_up(touched)
                return touched
            except psycopg.Error as e:
                raise lost(e, self.url) from None

    def _newest(self) -> int:
        row = self._conn.execute("SELECT coalesce(max(seq), 0) FROM rapport_saves").fetchone()
        return int(row[0]) if row else 0

    def wait_for_saves(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for another process's save to be announced (``NOTIFY``);
        say whether one was (then :meth:`refresh` takes it in)."""
        with self._mutex:
            try:
                for _ in self._conn.notifies(timeout=seconds, stop_after=1):
                    pass
                return self._newest() > self._seq
            except psycopg.Error as e:
                raise lost(e, self.url) from None

    def checkpoint(self) -> None:
        """Nothing to fold: the database holds every save as it is made (the file's call)."""

    def needs_fold(self) -> bool:
        return False

    def pending_bytes(self) -> int:
        return 0

    def _reconnect(self) -> None:
        """A connection that was lost: connect again; the saves missed meanwhile are read."""
        with contextlib.suppress(psycopg.Error):
            self._conn.close()
        self._connect()

    def _locked(self, action: Callable[[psycopg.Connection], Any]) -> Any:
        try:
            if self._conn.broken or self._conn.closed:
                self._reconnect()
            return action(self._conn)
        except pgerrors.LockNotAvailable:
            raise StoreBusy(
                f"{self.path}: another process kept saving for over {LOCK_WAIT}; try again"
            ) from None

    # -- saving --------------------------------------------------------------------------

    def transaction(self, label: str = "change", *, undoable: bool = True) -> Transaction:
        return Transaction(self, label, undoable)

    def exclusive(self) -> Exclusive:
        """``with store.exclusive(): store.refresh(); ...; store.commit(...)``: no other
        process saves in between. Reentrant."""
        return self._exclusive

    def commit(self, ops: list[Op], *, label: str = "change", undoable: bool = True) -> ChangeSet:
        if self.read_only:
            raise NotSaved(self.path, self.read_only_reason or "was opened read-only")
        if not ops:
            return ChangeSet(label, ())
        with self._mutex:
            tx = new_id()
            made: list[Any] = []
            try:
                try:
                    written = self._locked(lambda conn: self._save(conn, ops, label, tx, made))
                except psycopg.OperationalError:
                    if made or not self._conn.broken:
                        raise
                    # The connection had been lost before this save began (a server
                    # restarted, an idle connection cut): nothing of it was sent, so
                    # connect again and save once more.
                    self._reconnect()
                    written = self._locked(lambda conn: self._save(conn, ops, label, tx, made))
            except psycopg.OperationalError as e:
                if not made:  # lost before the commit: rolled back
                    raise not_saved(e, self.url) from None
                written = self._outcome(e, tx, made[0])
            except psycopg.Error as e:
                raise not_saved(e, self.url) from None
            if written is None:
                return ChangeSet(label, ())
            texts, changes, seq = written
            self._apply(texts, None)
            self._seq = max(self._seq, seq)
        result = ChangeSet(label, tuple(changes), tx)
        if undoable and result:
            self._undo.append(result)
        return result

    def _save(
        self, conn: psycopg.Connection, ops: list[Op], label: str, tx: str, made: list[Any]
    ) -> Saved | None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (pgschema.LOCK_KEY,))
            self._catch_up(None)
            stamp = self.ctx.timestamp()
            journal_ops, changes = resolve(ops, self._lookup, self.ctx, label, stamp)
            if not journal_ops:
                return None
            texts = [(t, i, None if r is None else dumps(r)) for t, i, r in journal_ops]
            row = conn.execute(
                "INSERT INTO rapport_saves (tx, at, by, label, keys) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING seq",
                (
                    tx,
                    stamp,
                    self.ctx.user,
                    label,
                    psycopg.types.json.Jsonb([[t, i] for t, i, _ in texts]),
                ),
            ).fetchone()
            seq = int(row[0])
            gone = [(t, i) for t, i, text in texts if text is None]
            kept = [
                (t, i, r["version"], pgschema.account_of(r), text, seq)
                for (t, i, text), (_t, _i, r) in zip(texts, journal_ops, strict=True)
                if text is not None
            ]
            with conn.cursor() as cur:
                if gone:
                    cur.executemany(pgschema.DELETE, gone)
                if kept:
                    cur.executemany(pgschema.UPSERT, kept)
            conn.execute("SELECT pg_notify(%s, %s)", (pgschema.CHANNEL, str(seq)))
            made.append((texts, changes, seq))  # what is written once the commit below is done
        return made[0]

    def _outcome(self, e: BaseException, tx: str, saved: Saved) -> Saved:
        """The connection failed during a save: find out whether it was committed."""
        try:
            self._reconnect()
            row = self._conn.execute(
                "SELECT seq FROM rapport_saves WHERE tx = %s", (tx,)
            ).fetchone()
        except (psycopg.Error, StoreError):
            raise StoreError(
                f"{self.path}: the database connection was lost while saving, and the server "
                f"cannot be reached again to tell whether the save was kept ({problem(e, self.url)}); "
                "open Rapport again to see"
            ) from None
        if row is None:
            raise not_saved(e, self.url)
        return saved  # it was committed: the connection failed only as it said so

    def _lookup(self, table: str, record_id: str) -> Record | None:
        return self._table(table).get(record_id)

    def close(self, *, fold: bool | None = None) -> None:
        """Close the connection (``fold`` is the file's: a database has nothing to fold)."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(psycopg.Error):
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
