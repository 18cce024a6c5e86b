"""A data file read in place: a read-only memory map of it and an index of where each
record's text lies, so a process decodes only the records it reads.

The index (``<data file>.index``, SQLite) is derived, never the only copy of anything: it
says, for each record of the big tables, its table, id, account, date and the byte range of
its text in the data file as written at the last fold, and it is stamped with that file's
inode, size, modification time and generation. A fold writes it beside the file it writes;
a process that finds it missing or stale (the stamp does not match the file) builds it
again from the file in one pass, verifying the file's check as it goes. A file that is not
exactly as Rapport wrote it is not indexed: it is read whole, as before.

Every process maps the same file, so the pages of the file they read are shared (the
kernel's page cache), instead of each holding its own decoded copy. The index is opened
``immutable`` (it is replaced, never changed in place), so reading it takes no lock.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import re
import sqlite3
import threading
import zlib
from collections.abc import Collection, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from ..records.schema import BIG_TABLES, FIELDS
from .durable import sibling_mode
from .lines import LineScan, meta_line

INDEX_VERSION = 2
"""Bumped when the index's tables change: an index of another version is rebuilt."""

_HEAD = re.compile(
    rb'\{"id":"[0-9a-z]{12}","version":\d+,"rev":"([0-9a-f]*)","created_at":"[^"]*",'
    rb'"updated_at":"[^"]*","updated_by":"(?:[^"\\]|\\.)*","account":"([0-9a-z]{12})"'
    rb'(?:,"date":"(\d{4}-\d\d-\d\d)")?'
)
_REV = re.compile(rb'\{"id":"[0-9a-z]{12}","version":\d+,"rev":"([0-9a-f]*)"')
_SCHEMA = """
CREATE TABLE stamp (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE account_stamp (account TEXT PRIMARY KEY, stamp INTEGER) WITHOUT ROWID;
CREATE TABLE rec (tbl TEXT, id TEXT, account TEXT, date TEXT, rev TEXT, off INTEGER,
                  len INTEGER, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
"""
_AFTER = "CREATE INDEX rec_account ON rec (account, tbl);"
_BATCH = 20_000
_IN = 500
"""Ids asked about in one query (SQLite takes at least 999 parameters)."""


def read_in_place(table: str) -> bool:
    """Whether a table's records are read through the map when asked (the big ones) rather
    than decoded at opening (accounts, waves, ...: read all the time). The index holds
    where every record lies either way."""
    return table in BIG_TABLES or table not in FIELDS


def describe(table: str, body: bytes) -> tuple[str | None, str | None, str | None]:
    """(account, date, rev) of a record's text, from its start when Rapport wrote it."""
    head = _HEAD.match(body)
    if head is not None:
        date = head.group(3) if table == "interactions" else None
        return head.group(2).decode(), date.decode() if date else None, head.group(1).decode()
    try:
        record = json.loads(body)
    except ValueError:
        return None, None, None
    if not isinstance(record, dict):
        return None, None, None
    account, date, rev = record.get("account"), record.get("date"), record.get("rev")
    return (
        account if isinstance(account, str) else None,
        date if table == "interactions" and isinstance(date, str) else None,
        rev if isinstance(rev, str) else None,
    )


def stamp_of(table: str, record_id: str, rev: str | None, previous: int = 0) -> int:
    """``previous`` (an account's stamp) moved on by one record's (table, id, rev)."""
    return zlib.crc32(f"{table}\0{record_id}\0{rev or '-'}\n".encode(), previous)


class Base:
    """The records of a data file as its last fold wrote them, read through the map."""

    def __init__(
        self, mm: mmap.mmap, db: sqlite3.Connection, meta: dict[str, Any], fd: int
    ) -> None:
        self._mm = mm
        self._file = os.fdopen(fd, "rb", buffering=0)
        """The file mapped (the same one, even once a fold replaced it at its path): a pass
        over all of it reads through this (:meth:`read`), keeping none of its pages mapped."""
        self._db = db
        self._lock = threading.Lock()
        """One connection serves the process's threads (the app reads in workers)."""
        self.meta = meta
        self.counts: dict[str, int] = json.loads(self._stamp("counts") or "{}")

    def _all(self, query: str, params: tuple[str | int, ...]) -> list[Any]:
        with self._lock:
            return self._db.execute(query, params).fetchall()

    def _one(self, query: str, params: tuple[str, ...]) -> Any:
        with self._lock:
            return self._db.execute(query, params).fetchone()

    def _stamp(self, key: str) -> Any:
        row = self._one("SELECT value FROM stamp WHERE key = ?", (key,))
        return row[0] if row else None

    def _text(self, off: int, length: int) -> str:
        return self._mm[off : off + length].decode()

    def text(self, table: str, record_id: str) -> str | None:
        row = self._one("SELECT off, len FROM rec WHERE tbl = ? AND id = ?", (table, record_id))
        return self._text(*row) if row else None

    def contains(self, table: str, record_id: str) -> bool:
        found = self._one("SELECT 1 FROM rec WHERE tbl = ? AND id = ?", (table, record_id))
        return found is not None

    def present(self, table: str, ids: list[str]) -> set[str]:
        """Which of ``ids`` the file holds records of ``table`` under (a query per few hundred;
        when the table holds fewer records than are asked about, such as the tombstones of a
        big save's new records, its ids are read in one query instead)."""
        if self.counts.get(table, 0) <= len(ids):
            held = self._all("SELECT id FROM rec WHERE tbl = ?", (table,))
            return set(ids).intersection(chain.from_iterable(held))
        found: set[str] = set()
        for start in range(0, len(ids), _IN):
            chunk = ids[start : start + _IN]
            query = f"SELECT id FROM rec WHERE tbl = ? AND id IN ({','.join('?' * len(chunk))})"
            found.update(chain.from_iterable(self._all(query, (table, *chunk))))
        return found

    def dated(
        self, table: str, days: Collection[str] = ()
    ) -> Iterator[tuple[str, str | None, str | None, int, int]]:
        """``(id, account, date, offset, length)`` of every record of ``table`` (dated on
        one of ``days``, when given and not too many to ask for), read in batches."""
        query = "SELECT id, account, date, off, len FROM rec WHERE tbl = ?"
        params: tuple[str, ...] = (table,)
        if 0 < len(days) <= _IN:
            query += f" AND date IN ({','.join('?' * len(days))})"
            params = (table, *days)
        with self._lock:
            cursor = self._db.execute(query, params)
        while True:
            with self._lock:
                batch = cursor.fetchmany(_BATCH)
            if not batch:
                return
            yield from batch

    def text_at(self, off: int, length: int) -> str:
        """The text of the record at ``off`` (as the index places it)."""
        return self._text(off, length)

    def ids(self, table: str) -> list[str]:
        query = "SELECT id FROM rec WHERE tbl = ? ORDER BY off"
        return [row[0] for row in self._all(query, (table,))]

    def revs(self, table: str) -> Iterator[tuple[str, str | None]]:
        """``(id, rev)`` of every record of ``table`` in the order of their ids, from the
        index alone (nothing decoded, no page of the file read); read a page at a time, so
        the rows are never all held at once and other threads may query meanwhile."""
        query = "SELECT id, rev FROM rec WHERE tbl = ? AND id > ? ORDER BY id LIMIT ?"
        after = ""
        while True:
            page = self._all(query, (table, after, _BATCH))
            yield from page
            if len(page) < _BATCH:
                return
            after = page[-1][0]

    def placed(self, table: str, batch: int) -> Iterator[list[tuple[str, int, int]]]:
        """``(id, offset, length)`` of every record of ``table`` in the file's order, a batch
        at a time (one query: the rows are never all held at once)."""
        with self._lock:
            cursor = self._db.execute(
                "SELECT id, off, len FROM rec WHERE tbl = ? ORDER BY off", (table,)
            )
        try:
            while True:
                with self._lock:
                    rows = cursor.fetchmany(batch)
                if not rows:
                    return
                yield rows
        finally:
            cursor.close()

    def read(self, start: int, end: int) -> bytes:
        """The file's bytes from ``start`` to ``end``, read rather than through the map (a
        pass over the whole file then leaves none of its pages in this process)."""
        if not hasattr(os, "pread"):  # pragma: no cover - Windows
            return self._mm[start:end]
        parts, fd = [], self._file.fileno()
        while start < end:
            part = os.pread(fd, end - start, start)
            if not part:
                raise OSError(f"{self._file.name}: ends before byte {end:,}")
            parts.append(part)
            start += len(part)
        return b"".join(parts)

    def rows(self, table: str) -> Iterator[tuple[str, str]]:
        """``(id, text)`` of every record of ``table``, in the file's order."""
        query = "SELECT id, off, len FROM rec WHERE tbl = ? ORDER BY off"
        for record_id, off, length in self._all(query, (table,)):
            yield record_id, self._text(off, length)

    def of_account(self, table: str, account: str) -> dict[str, str | None]:
        """{record id: date (interactions) or None} of one account's records of ``table``."""
        query = (
            "SELECT id, date FROM rec INDEXED BY rec_account WHERE account = ? AND tbl = ?"
            " ORDER BY off"
        )
        return dict(self._all(query, (account, table)))

    def texts_of_account(self, table: str, account: str) -> list[tuple[str, str]]:
        query = (
            "SELECT id, off, len FROM rec INDEXED BY rec_account WHERE account = ? AND tbl = ?"
            " ORDER BY off"
        )
        rows = self._all(query, (account, table))
        return [(record_id, self._text(off, length)) for record_id, off, length in rows]

    def tables(self) -> list[str]:
        return list(self.counts)

    def release(self) -> None:
        """Let go of the pages of the file read so far. The map is read-only, so nothing is
        lost: the kernel keeps them in its cache and a record read again is read from there.
        (A long read, such as an export, calls it as it goes, so the pages it has read do
        not stay mapped in this process.)"""
        advice = getattr(mmap, "MADV_DONTNEED", None)
        if advice is not None and hasattr(self._mm, "madvise"):
            with contextlib.suppress(OSError, ValueError):  # ValueError: closed (a fold)
                self._mm.madvise(advice)

    def account_stamps(self) -> dict[str, int]:
        """{account id: a CRC of the (table, id, rev) of the account and of every record of
        it} as the file was folded: what changes when any of them does."""
        return dict(self._all("SELECT account, stamp FROM account_stamp", ()))


def open_base(path: Path, index: Path) -> Base | None:
    """The data file at ``path`` read through its index, or None when the index is missing,
    stale or unreadable (build it with :func:`build`)."""
    try:
        db = sqlite3.connect(f"file:{index}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        stamp = dict(db.execute("SELECT key, value FROM stamp").fetchall())
        if stamp.get("version") != INDEX_VERSION:
            db.close()
            return None
        mapped = _map(path, stamp)
    except (sqlite3.Error, OSError, ValueError):
        db.close()
        return None
    if mapped is None:
        db.close()
        return None
    mm, meta, fd = mapped
    return Base(mm, db, meta, fd)


def indexed(path: Path) -> bool:
    """Whether ``path`` has an index that is not stale (opening it then reads no record:
    a moment), judged from the index's stamp and the file's inode, size and time alone."""
    index = path.with_name(path.name + ".index")
    try:
        st = path.stat()
        db = sqlite3.connect(f"file:{index}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        stamp = dict(db.execute("SELECT key, value FROM stamp").fetchall())
    except sqlite3.Error:
        return False
    finally:
        db.close()
    return stamp.get("version") == INDEX_VERSION and _describes(stamp, st)


def _describes(stamp: dict[str, Any], st: os.stat_result) -> bool:
    """Is ``stamp`` (an index's) that of the file whose status is ``st``?"""
    return (st.st_ino, st.st_size, st.st_mtime_ns) == (
        stamp.get("ino"),
        stamp.get("size"),
        stamp.get("mtime_ns"),
    )


def _map(path: Path, stamp: dict[str, Any] | None) -> tuple[mmap.mmap, dict[str, Any], int] | None:
    """The file mapped, its meta and an open descriptor of it, if it is the one ``stamp``
    describes (any, if None)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        if stamp is not None and not _describes(stamp, st):
            os.close(fd)
            return None
        if st.st_size == 0:
            os.close(fd)
            return None
        mm = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    except BaseException:
        os.close(fd)
        raise
    meta = meta_line(mm.readline())
    if meta is None or (stamp is not None and meta.get("gen") != stamp.get("gen")):
        mm.close()
        os.close(fd)
        return None
    return mm, meta, fd


class IndexWriter:
    """Writes an index as a data file is written (a fold) or scanned (:func:`build`): to a
    temporary file renamed into place, or in memory where the folder cannot be written."""

    def __init__(self, index: Path, *, in_memory: bool = False, mode: int = 0o600) -> None:
        self.index = index
        self._tmp: Path | None = index.with_name(f"{index.name}.tmp-{os.getpid()}")
        try:
            if in_memory:
                raise OSError("an index in memory only (nothing is written beside the file)")
            with contextlib.suppress(FileNotFoundError):
                self._tmp.unlink()
            os.close(os.open(self._tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode))
            os.chmod(self._tmp, mode)  # past the umask: the data file's own mode
            self._db = sqlite3.connect(self._tmp, isolation_level=None, check_same_thread=False)
        except (sqlite3.Error, OSError):
            self._tmp = None
            self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;" + _SCHEMA
        )
        self._rows: list[tuple[Any, ...]] = []
        self._stamps: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, record_id: str, body: bytes, offset: int) -> None:
        account, date, rev = describe(table, body) if read_in_place(table) else (None, None, None)
        if table == "accounts":
            account = record_id
            found = _REV.match(body)
            rev = found.group(1).decode() if found else None
        if account is not None:
            self._stamps[account] = stamp_of(table, record_id, rev, self._stamps.get(account, 0))
            if table == "accounts":
                account = None
        self._rows.append((table, record_id, account, date, rev, offset, len(body)))
        self.counts[table] = self.counts.get(table, 0) + 1
        if len(self._rows) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT OR REPLACE INTO rec VALUES (?, ?, ?, ?, ?, ?, ?)", self._rows)
        self._rows = []

    def finish(self, path: Path, gen: str) -> Base | None:
        """Stamp the index with the data file now at ``path`` and put it in place; the base
        read through it (None if the file changed meanwhile)."""
        self._flush()
        st = os.stat(path)
        stamp = {
            "version": INDEX_VERSION,
            "ino": st.st_ino,
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "gen": gen,
            "counts": json.dumps(self.counts),
        }
        self._db.executemany("INSERT INTO stamp VALUES (?, ?)", stamp.items())
        self._db.executemany("INSERT INTO account_stamp VALUES (?, ?)", self._stamps.items())
        self._db.execute(_AFTER)
        self._db.execute("COMMIT")
        if self._tmp is None:
            mapped = _map(path, stamp)
            if mapped is None:
                return None
            return Base(mapped[0], self._db, mapped[1], mapped[2])
        self._db.close()
        os.replace(self._tmp, self.index)
        self._tmp = None
        return open_base(path, self.index)

    def abandon(self) -> None:
        self._db.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.unlink()


def build(path: Path, index: Path, *, in_memory: bool = False, schema: int) -> Base | None:
    """Index the data file at ``path`` from scratch (one pass over the map) and return it
    read through the new index; None if the file is not exactly as Rapport wrote it (its
    layout not followed or its check not matching): it is then read whole."""
    try:
        mapped = _map(path, None)
    except (OSError, ValueError):
        return None
    if mapped is None:
        return None
    mm, meta, fd = mapped
    os.close(fd)  # the scan reads through the map; the base read afterwards opens its own
    if meta.get("schema") != schema:  # older (to migrate) or newer (refused): read whole
        mm.close()
        return None
    before = os.stat(path)
    writer = IndexWriter(index, in_memory=in_memory, mode=sibling_mode(path))
    try:
        if not _scan(mm, writer):
            writer.abandon()
            return None
        if os.stat(path) != before:  # replaced or written while we read it
            writer.abandon()
            return None
        return writer.finish(path, str(meta.get("gen", "")))
    except (OSError, sqlite3.Error):
        writer.abandon()
        return None
    finally:
        mm.close()


def _scan(mm: mmap.mmap, writer: IndexWriter) -> bool:
    """Feed every record of a file in Rapport's layout to ``writer`` (layout.LineScan);
    whether the layout was followed throughout, each record as Rapport writes it (its id
    first), and the file's check matched."""
    mm.seek(0)
    first = mm.readline()  # the meta line (checked by _map)
    scan = LineScan()
    for table, _, body, offset, record_id in scan.records(iter(mm.readline, b""), len(first)):
        if body is None:
            continue
        if record_id is None:  # a record in another shape: the whole-file reader takes it
            return False
        writer.add(table, record_id, body, offset)
    return scan.verified()
