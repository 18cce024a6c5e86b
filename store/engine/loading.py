"""Opening a data file, loading it, and keeping up with what other processes save: the
part of :class:`~rapport.store.engine.Store` that reads the data file and its journal.

Another process's save is a line it appended to the journal; a checkpoint (another
process's, or ours) replaces the data file and starts a new journal whose header names the
one it follows. Catching up reads the new lines, or the whole file again when it was
replaced by a checkpoint that does not follow what we had read.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from ..context import Context
from ..errors import UnreadableFile
from ..records.ids import new_id
from ..records.schema import ALL_TABLES
from . import layout
from .backups import copy_backup, newest_backup
from .durable import replace_atomically
from .journal import Header, Journal, Stat, new_journal_id, stat
from .lock import Presence, WriteLock
from .migrate import SCHEMA, migrate
from .table import DamagedRecord, Table
from .transaction import ChangeSet


@dataclass
class Touched:
    """What a refresh brought in: the tables and the accounts whose records changed."""

    tables: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    everything: bool = False
    """The file was reloaded whole: assume everything changed."""

    def __bool__(self) -> bool:
        return self.everything or bool(self.tables)


class Loading:
    """The records of one data file as this process has read them, and the means to stay
    current (:class:`~rapport.store.engine.Store` is built on it)."""

    def __init__(self, path: Path, ctx: Context, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.ctx = ctx
        self.read_only = read_only
        self.meta: dict[str, Any] = {}
        self.tables: dict[str, Table] = {name: Table(name) for name in ALL_TABLES}
        self._checked = True
        """The file on disk is in Rapport's layout with a matching check (else the last
        process to close it writes it again, so the next open is fast)."""
        self.revision = 0
        """Goes up by one for every save applied, ours or another process's."""
        self.notes: list[str] = []
        """Things worth telling the user about the file (a journal set aside, a migration)."""
        self._journal = Journal(self.path.with_name(self.path.name + ".journal"), self.path)
        self._lock = WriteLock(self.path.with_name(self.path.name + ".lock"), self.path)
        self._presence: Presence | None = None
        self._mutex = threading.RLock()
        self._base = ""
        self._jid: str | None = None
        self._joffset = 0
        self._jstart = 0
        self._jino = 0
        self._main_stat: Stat | None = None
        self._undo: list[ChangeSet] = []
        self._closed = False

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        ctx: Context | None = None,
        *,
        create: bool = True,
        read_only: bool = False,
    ) -> Self:
        """Open (or create) the data file at ``path``.

        Raises :class:`UnreadableFile` naming the problem if it cannot be read; the file is
        then left exactly as it was.
        """
        store = cls(Path(path), ctx or Context.from_env(), read_only=read_only)
        if not store.path.exists():
            if not create or read_only:
                raise UnreadableFile(store.path, "does not exist")
            store._create()
        try:
            store._load()
        except BaseException:
            store._release()
            raise
        return store

    def _create(self) -> None:
        from ..records.seed import initial_records

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if self.path.exists():
                return
            meta = self._new_meta()
            records = initial_records(self.ctx)
            replace_atomically(self.path, layout.write_chunks(meta, records))
            self._journal.reset(Header(new_journal_id(), meta["gen"]))

    def _new_meta(self, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
        meta = dict(base or {})
        meta.setdefault("file", new_id())
        meta.setdefault("created", self.ctx.timestamp())
        meta.update(schema=SCHEMA, layout=layout.LAYOUT, gen=secrets.token_hex(8))
        return meta

    def _load(self) -> None:
        before = stat(self.path)
        contents = self._read_main()
        schema = contents.meta.get("schema", 0) if contents.meta else 0
        if not isinstance(schema, int) or schema > SCHEMA:
            raise UnreadableFile(
                self.path,
                f"was written by a newer Rapport (schema {schema}; this one reads up to {SCHEMA}): "
                "upgrade Rapport to open it",
            )
        rows = contents.tables
        if schema < SCHEMA:
            rows = migrate(rows, schema, self.ctx.timestamp())
        # migrated texts were written anew from decoded records, so they are sound too
        tables = self._fill(rows, trusted=contents.verified or schema < SCHEMA)
        with self._mutex:
            self.tables = tables
            self.meta = dict(contents.meta)
            self._checked = contents.canonical and contents.verified
            self._base = str(contents.meta.get("gen", ""))
            self._main_stat = before
            self._jid = None
            self.revision += 1
        if self.read_only:
            self._read_journal_unlocked()
            return
        if self._presence is None:  # only now: an unreadable file gets no files beside it
            self._presence = Presence(self.path.with_name(self.path.name + ".users"), self.path)
        with self._lock:
            if stat(self.path) != before:
                # Changed while we read it (another process saved or upgraded it): read again.
                self._load()
                return
            if schema < SCHEMA:
                self._migrate_locked(schema)
                return
            self._catch_up_locked()

    def _fill(
        self, rows: Mapping[str, list[tuple[str, str]]], *, trusted: bool
    ) -> dict[str, Table]:
        """The tables holding ``rows``; :class:`UnreadableFile` if a record is damaged."""
        tables = {name: Table(name) for name in ALL_TABLES}
        for name, records in rows.items():
            table = tables.setdefault(name, Table(name))
            try:
                table.load(records, trusted=trusted)
            except DamagedRecord as e:
                error = layout.damaged(self.path, name, e.record_id)
                raise UnreadableFile(error.path, error.problem, newest_backup(self.path)) from None
        return tables

    def _read_main(self) -> layout.FileContents:
        try:
            if self.path.stat().st_size == 0:
                raise UnreadableFile(
                    self.path,
                    "is empty (0 bytes); if it should be, delete it and Rapport starts a new file",
                    newest_backup(self.path),
                )
            return layout.read(self.path)
        except UnreadableFile as e:
            if e.backup is None and (backup := newest_backup(self.path)):
                raise UnreadableFile(e.path, e.problem, backup) from None
            raise
        except FileNotFoundError:
            raise UnreadableFile(self.path, "does not exist") from None

    def _migrate_locked(self, schema: int) -> None:
        kept = copy_backup(self.path, self.path, f"schema{schema}")
        self.notes.append(
            f"The file was upgraded from schema {schema}; the original is kept at {kept}"
        )
        self.meta = self._new_meta(self.meta)
        self._write_main_locked()
        self._jid, self._joffset = None, 0
        self._reset_journal_locked(follows=None)

    def _read_journal_unlocked(self) -> None:
        """Apply the journal without the write lock (read-only): a checkpoint may replace
        the data file and the journal meanwhile, so both are read again until they match."""
        found = self._journal.snapshot()
        if found is None or found[0].base != self._base:
            if stat(self.path) != self._main_stat:  # a checkpoint since we read the file
                self._load()
            return
        header, start, entries, end = found
        with self._mutex:
            for entry in entries:
                self._apply(entry)
        self._jid, self._jstart, self._joffset = header.id, start, end

    def _reload_locked(self) -> None:
        contents = self._read_main()
        tables = self._fill(contents.tables, trusted=contents.verified)
        with self._mutex:
            self.tables = tables
            self.meta = dict(contents.meta)
            self._checked = contents.canonical and contents.verified
            self._base = str(contents.meta.get("gen", ""))
            self._main_stat = stat(self.path)
            self._jid = None
            self.revision += 1
        self._catch_up_locked()

    # -- staying current -----------------------------------------------------------------

    def _unchanged(self) -> bool:
        """Nobody saved since we last looked (two ``stat`` calls: the common case is cheap)."""
        journal = stat(self._journal.path)
        return (
            self._jid is not None
            and journal is not None
            and (journal.ino, journal.size) == (self._jino, self._joffset)
            and stat(self.path) == self._main_stat
        )

    def _catch_up_locked(self) -> Touched:
        """Apply what other processes saved; say what it touched."""
        if self._unchanged():
            return Touched()
        main_now = stat(self.path)
        found = self._journal.header()
        if main_now != self._main_stat:
            follows_us = (
                found is not None
                and found[0].follows is not None
                and found[0].follows == (self._jid, self._joffset)
            )
            if not follows_us:
                self._reload_locked()
                return Touched(everything=True)
            assert found is not None
            self._main_stat = main_now
            self._base = found[0].base
            self.meta["gen"] = found[0].base
        if found is None or found[0].base != self._base:
            self._set_aside_journal_locked(found)
            return Touched()
        header, start = found
        if header.id != self._jid:
            if self._jid is not None and header.follows != (self._jid, self._joffset):
                self._reload_locked()
                return Touched(everything=True)
            self._jid, self._jstart, self._joffset = header.id, start, start
            self._base = header.base
        entries, end = self._journal.read(self._joffset)
        self._jino = getattr(stat(self._journal.path), "ino", 0)
        touched = Touched()
        with self._mutex:
            for entry in entries:
                self._apply(entry, touched)
        self._joffset = end
        return touched

    def _set_aside_journal_locked(self, found: tuple[Header, int] | None) -> None:
        """A journal that does not belong to this data file's generation is kept aside."""
        if found is not None and self._journal.path.stat().st_size > found[1]:
            kept = copy_backup(self._journal.path, self.path, "journal-set-aside", ".journal")
            self.notes.append(f"A journal that did not match the data file was set aside at {kept}")
        self._reset_journal_locked(follows=None)

    def _reset_journal_locked(self, follows: tuple[str, int] | None) -> None:
        jid = new_journal_id()
        start = self._journal.reset(Header(jid, self._base, follows))
        self._jid, self._jstart, self._joffset = jid, start, start
        self._jino = getattr(stat(self._journal.path), "ino", 0)

    def refresh(self) -> Touched:
        """Take in other processes' saves; say what they touched (cheap when nothing)."""
        if self.read_only or self._closed:
            return Touched()
        if self._unchanged():
            return Touched()
        with self._lock:
            return self._catch_up_locked()

    def _apply(self, entry: Mapping[str, Any], touched: Touched | None = None) -> None:
        for table_name, record_id, record in entry["ops"]:
            table = self._table(table_name)
            if touched is not None:
                touched.tables.add(table_name)
                if table.by_account is not None:
                    old = table.get(record_id)
                    for account in (old and old.get("account"), record and record.get("account")):
                        if account:
                            touched.accounts.add(account)
                if table_name == "accounts":
                    touched.accounts.add(record_id)
            if record is None:
                table.remove(record_id)
            else:
                table.put(record)
        self.revision += 1

    def _table(self, name: str) -> Table:
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(name)
        return table

    def _release(self) -> None:
        self._journal.close()
        if self._presence is not None:
            self._presence.release()
            self._presence = None
        self._lock.close()

    def _write_main_locked(self) -> None:
        """Write the data file anew from the records in memory (see ``checkpoints.py``)."""
        raise NotImplementedError
