"""Opening a data file: the part of :class:`~rapport.store.engine.Store` that finds out
what the file is, whether it may be written, and reads it into memory (``loading.py``
then keeps it current with the journal; ``checkpoints.py`` writes it).

What opening guarantees (issue 12):

* **One file, one name.** The path is resolved (``os.path.realpath``) once; the journal,
  locks, backups and temporaries are all named from the real path, so a file reached
  through a symbolic link and through its real path is one file, and writes go *through*
  the link (the link stays a link). A dangling link is refused, never followed to create.
* **Only Rapport's files** are opened (``layout.read``); a file not exactly as Rapport wrote
  it (its check does not match) has every record checked (``records/stored.py``) and is
  refused, untouched, if one is not a record Rapport could have written. An empty TinyDB
  file is adopted (made a Rapport file) by a process that may write it.
* **Read-only is detected, not discovered by failing**: a read-only file, journal or file
  system, a link where Rapport's own files go, or a folder in which the lock files cannot
  be made, opens read-only (:attr:`Opening.read_only_reason` says why): viewing works,
  nothing is created beside it, and every save is refused before anything is written.
* **A new file where one was deleted** keeps the orphaned journal in the backups.

Notes for the user (a journal set aside, a migration, a recovery) are kept in
:attr:`Opening.notes` and passed to :attr:`Opening.on_note` as they happen.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self

from ..context import Context
from ..errors import StoreError, UnreadableFile
from ..records.ids import new_id
from ..records.schema import ALL_TABLES
from ..records.stored import stored_problems
from . import layout, osapi
from .backups import copy_backup, newest_backup
from .creating import Creating
from .derived import Derived
from .journal import Header, Journal, Stat, new_journal_id, stat
from .lock import Presence, WriteLock
from .mapped_table import read_in_place_tables
from .migrate import SCHEMA, migrate
from .table import DamagedRecord, Table
from .transaction import ChangeSet

SHOWN_PROBLEMS = 3
"""How many problems of an unsound file an open's message names (``check`` lists all)."""


class Opening(Creating):
    """One data file opened: what it is, whether it may be written, its records read
    (:class:`~.loading.Loading` is built on it)."""

    def __init__(
        self,
        path: Path,
        ctx: Context,
        *,
        read_only: bool = False,
        checking: bool = False,
        journal: bool = True,
    ) -> None:
        self.given_path = Path(path)
        """The path as the caller gave it (it may be a symbolic link)."""
        self.path = Path(os.path.realpath(path))
        """The real path: the file itself, and where everything beside it is named from."""
        self.ctx = ctx
        self.checking = checking
        """Opened by ``rapport check``: records are not refused at opening (check judges
        each), and damaged journal lines are listed in :attr:`problems` instead of refused."""
        self.read_only = read_only or checking
        self.read_only_reason: str | None = "was opened read-only" if self.read_only else None
        """Why nothing can be saved (it ends "...; nothing was saved" in a refusal)."""
        self.problems: list[str] = []
        """When :attr:`checking`: the journal's damaged or invalid lines (not applied)."""
        self._use_journal = journal or not self.read_only
        """False: the data file alone, its journal not read (``check`` of a file whose
        journal cannot be read at all, so that the file's own records are still checked)."""
        self.meta: dict[str, Any] = {}
        self.tables: dict[str, Table] = {name: Table(name) for name in ALL_TABLES}
        self._checked = True
        """The file on disk is in Rapport's layout with a matching check (else the last
        process to close it writes it again, so the next open is fast)."""
        self.revision = 0
        """Goes up by one for every save applied, ours or another process's."""
        self.notes: list[str] = []
        """Things worth telling the user about the file (a journal set aside, a migration)."""
        self.on_note: Callable[[str], None] | None = None
        """Called with each note as it is made (the command line prints it, the app shows it)."""
        self._journal = Journal(self.sibling(".journal"), self.path)
        self._lock = WriteLock(self.sibling(".lock"), self.path)
        self._presence: Presence | None = None
        self._mutex = threading.RLock()
        self._base = ""
        self._jid: str | None = None
        self._joffset = 0
        self._jstart = 0
        self._jline = 2
        """The line number of the journal line at ``_joffset`` (the header is line 1)."""
        self._jseen: tuple[int, int] | None = None
        """The journal's (inode, size) when last read or written (None: there was none)."""
        self._main_stat: Stat | None = None
        self._undo: list[ChangeSet] = []
        self._closed = False
        self._since_fold: dict[str, int] = {}
        """Account id -> the stamp of its records saved since the fold (``account_stamps``)."""
        self._derived: Derived | None = None
        self._index_writable = False
        self.short_lived = False
        """A short command (``rapport log``): closing only appends, unless the journal has
        grown past the fold threshold (``checkpoints.FOLD_BYTES``)."""
        self._lost: str | None = None
        """Once the data file was found deleted: what was said about it (said again)."""

    def sibling(self, suffix: str) -> Path:
        """A file Rapport keeps beside the data file (``.journal``, ``.lock``, ``.users``)."""
        return self.path.with_name(self.path.name + suffix)

    def note(self, text: str) -> None:
        self.notes.append(text)
        if self.on_note is not None:
            with contextlib.suppress(Exception):  # telling must never break a save
                self.on_note(text)

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        ctx: Context | None = None,
        *,
        create: bool = True,
        read_only: bool = False,
        checking: bool = False,
        journal: bool = True,
        on_note: Callable[[str], None] | None = None,
    ) -> Self:
        """Open (or create) the data file at ``path``.

        Raises :class:`UnreadableFile` naming the problem if it cannot be read; the file is
        then left exactly as it was, with nothing written beside it.
        """
        store = cls(
            Path(path),
            ctx or Context.from_env(),
            read_only=read_only,
            checking=checking,
            journal=journal,
        )
        store.on_note = on_note
        if not store.path.exists():
            if os.path.islink(store.given_path):
                if store.path == Path(os.path.abspath(store.given_path)):  # it leads back to itself
                    raise UnreadableFile(
                        store.given_path, "is a symbolic link that leads back to itself (a loop)"
                    )
                raise UnreadableFile(
                    store.given_path, f"is a symbolic link to {store.path}, which does not exist"
                )
            if not create or store.read_only:
                raise UnreadableFile(store.path, "does not exist")
            store._create()
        try:
            if not store.read_only:
                store.read_only_reason = store._read_only_problem()
                store.read_only = store.read_only_reason is not None
            store._load()
        except BaseException:
            store._release()
            raise
        return store

    def _read_only_problem(self) -> str | None:
        """Why this file may not be written, found before anything is created beside it."""
        layer = osapi.current()
        reason = layer.read_only_reason(self.path)
        if reason:
            return reason
        siblings = [self._journal.path, self._lock.path, self.sibling(".users")]
        for path in siblings:
            if os.path.islink(path):
                return (
                    f"{path} is a symbolic link (Rapport keeps its own files beside the data "
                    "file and never follows a link there: remove it)"
                )
        if self._journal.path.exists() and layer.read_only_reason(self._journal.path):
            return f"its journal {self._journal.path} is read-only"
        missing = [p for p in siblings if not p.exists()]
        if missing and layer.folder_read_only(self.path.parent):
            return (
                f"its folder {self.path.parent} is read-only, so {missing[0].name} cannot be made"
            )
        return None

    def _new_meta(self, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
        meta = dict(base or {})
        meta.pop("folded", None)  # set by the checkpoint that writes it, if it folds a journal
        meta.setdefault("file", new_id())
        meta.setdefault("created", self.ctx.timestamp())
        meta.update(schema=SCHEMA, layout=layout.LAYOUT, gen=secrets.token_hex(8))
        return meta

    def _load(self) -> None:
        before = stat(self.path)
        contents, tables, schema = self._read_state()
        if contents.empty_tinydb:
            self._adopt(before)
            return
        self._take(contents, tables, before)
        if self.read_only or not self._open_shared_files():
            self._read_journal_unlocked()
            return
        with self._lock:
            if stat(self.path) != before:
                # Changed while we read it (another process saved or upgraded it): read again.
                self._load()
                return
            if schema < SCHEMA:
                self._migrate_locked(schema)
                return
            self._catch_up_locked()

    def _read_state(self) -> tuple[layout.FileContents, dict[str, Table], int]:
        """The data file's contents read, migrated in memory and checked, and its schema."""
        in_place = self._read_in_place()
        if in_place is not None:
            return in_place
        contents = self._read_main()
        if contents.empty_tinydb:
            return contents, {}, SCHEMA
        schema = contents.meta["schema"]  # a whole number: layout.read checked it
        if schema > SCHEMA:
            raise UnreadableFile(
                self.path,
                f"was written by a newer Rapport (schema {schema}; this one reads up to {SCHEMA}): "
                "upgrade Rapport to open it",
            )
        rows = contents.tables
        if schema < SCHEMA:
            rows = migrate(rows, schema, self.ctx.timestamp())
        # migrated texts were written anew from decoded records, so they are sound JSON too
        tables = self._fill(rows, trusted=contents.verified or schema < SCHEMA)
        if not (contents.checked and schema == SCHEMA) and not self.checking:
            self._refuse_unsound(tables)
        return contents, tables, schema

    def _read_in_place(self) -> tuple[layout.FileContents, dict[str, Table], int] | None:
        """The file read through its index and a memory map (``mapped.py``), when it is
        exactly as Rapport wrote it at the current schema; else None (it is read whole)."""
        if self.checking:
            # nothing of the file is written, but check keeps its verdicts beside it
            # (``verdicts.py``, in the derived cache) where it could be written
            self._index_writable = self._read_only_problem() is None
            return None
        if not osapi.current().can_map:
            return None
        try:
            # the index is derived: a process that only reads (``card``) keeps it beside
            # the file too, unless the file or its folder may not be written
            writable = not self.read_only or (
                not self.checking and self._read_only_problem() is None
            )
            self._index_writable = writable
            found = read_in_place_tables(
                self.path, self.sibling(".index"), write_index=writable, schema=SCHEMA
            )
        except (OSError, ValueError, sqlite3.Error):
            return None
        if found is None or found[0].meta.get("schema") != SCHEMA:
            return None
        return layout.FileContents(meta=found[0].meta, verified=True), found[1], SCHEMA

    def _take(
        self, contents: layout.FileContents, tables: dict[str, Table], seen: Stat | None
    ) -> None:
        with self._mutex:
            self.tables = tables
            self._since_fold = {}
            self.meta = dict(contents.meta)
            self._checked = contents.checked
            self._base = str(contents.meta.get("gen", ""))
            self._main_stat = seen
            self._jid = None
            self._jseen = None
            self.revision += 1

    def _refuse_unsound(self, tables: Mapping[str, Table]) -> None:
        """A file not as Rapport wrote it: every record must still be one Rapport could have
        written, or code reading it would fail (a name that is a number)."""
        found: list[str] = []
        for name, table in tables.items():
            for record in table:
                found.extend(
                    f"{name} {record.get('id')}: {p}" for p in stored_problems(name, record)
                )
                if len(found) >= SHOWN_PROBLEMS:
                    break
            if len(found) >= SHOWN_PROBLEMS:
                break
        if found:
            shown = "; ".join(found[:SHOWN_PROBLEMS])
            raise UnreadableFile(
                self.path,
                f"was changed outside Rapport and holds records Rapport did not write ({shown}); "
                "`rapport check` lists every one",
                newest_backup(self.path),
            )

    def _open_shared_files(self) -> bool:
        """Open the lock files (creating them if need be); if that cannot be done, the file
        is opened read-only instead and False is returned."""
        try:
            self._lock.open()
            if self._presence is None:
                self._presence = Presence(self.sibling(".users"), self.path)
            return True
        except OSError as e:
            self._lock.close()
            where = e.filename or self.sibling(".users")
            self.read_only = True
            self.read_only_reason = f"{where} cannot be opened or made ({osapi.problem(e)})"
            return False

    def _fill(
        self, rows: Mapping[str, list[tuple[str, str]]], *, trusted: bool
    ) -> dict[str, Table]:
        """The tables holding ``rows``; :class:`UnreadableFile` if a record is damaged."""
        indexed = not self.checking  # check reads every record, never one account's
        tables = {name: Table(name, by_account=indexed) for name in ALL_TABLES}
        for name, records in rows.items():
            table = tables.setdefault(name, Table(name, by_account=indexed))
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
        except OSError as e:
            raise UnreadableFile(self.path, f"cannot be read ({osapi.problem(e)})") from None

    def _migrate_locked(self, schema: int) -> None:
        kept = copy_backup(self.path, self.path, f"schema{schema}")
        self.note(f"The file was upgraded from schema {schema}; the original is kept at {kept}")
        self.meta = self._new_meta(self.meta)
        try:
            self._write_main_locked()
        except OSError as e:
            raise StoreError(
                f"{self.path}: could not be upgraded ({osapi.problem(e)}); it was not changed"
            ) from None
        self._jid, self._joffset = None, 0
        self._reset_journal_locked(follows=None)

    def _release(self) -> None:
        if self._derived is not None:
            self._derived.close()
        self._journal.close()
        if self._presence is not None:
            self._presence.release()
            self._presence = None
        self._lock.close()

    def _reset_journal_locked(self, follows: tuple[str, int] | None) -> None:
        jid = new_journal_id()
        start = self._journal.reset(Header(jid, self._base, follows))
        self._jid, self._jstart, self._joffset, self._jline = jid, start, start, 2
        journal = stat(self._journal.path)
        self._jseen = (journal.ino, start) if journal else None

    # -- implemented by the parts built on this one ---------------------------------------

    def _read_journal_unlocked(self) -> None:
        """Apply the journal without the write lock (``loading.py``)."""
        raise NotImplementedError

    def _catch_up_locked(self, *, recover: bool = False) -> Any:
        """Apply what other processes saved (``loading.py``)."""
        raise NotImplementedError

    def _write_main_locked(self) -> None:
        """Write the data file anew from the records in memory (``checkpoints.py``)."""
        raise NotImplementedError
