"""The store: one data file, shared safely by every process that opens it.

How a save works (see ``journal.py`` for the journal itself):

1. take the file's write lock (``<data file>.lock``);
2. read what other processes appended to the journal since we last looked, and apply it;
3. check the changes against the records as they are now (versions, references);
4. append them to the journal as one line and ``fdatasync`` it: the save is now durable;
5. apply them in memory and release the lock.

The data file itself is rewritten only at checkpoints (atomically: a new file renamed over
the old), normally when the last process that has the file open closes it, so after a
clean exit it is a plain TinyDB file holding everything.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import layout
from .backups import copy_backup, newest_backup, write_backup
from .context import Context
from .durable import remove_stale_temporaries, replace_atomically
from .errors import NotFound, UnreadableFile
from .ids import new_id
from .journal import Header, Journal, Stat, new_journal_id, stat
from .lock import Presence, WriteLock
from .migrate import SCHEMA, migrate
from .records import Record, content
from .resolve import resolve
from .schema import ALL_TABLES
from .table import DamagedRecord, Table
from .transaction import Change, ChangeSet, Op, Transaction

CHECKPOINT_BYTES = 64 << 20
"""A journal longer than this is folded into the data file at the next ``maybe_checkpoint``."""


@dataclass
class Touched:
    """What a refresh brought in: the tables and the accounts whose records changed."""

    tables: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    everything: bool = False
    """The file was reloaded whole: assume everything changed."""

    def __bool__(self) -> bool:
        return self.everything or bool(self.tables)


class Store:
    """All records of one data file, kept current with other processes' saves."""

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
    ) -> Store:
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
        from .seed import initial_records

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

    # -- saving --------------------------------------------------------------------------

    def transaction(self, label: str = "change", *, undoable: bool = True) -> Transaction:
        """``with store.transaction("log a call") as tx: tx.create(...)``: saved on exit."""
        return Transaction(self, label, undoable)

    def exclusive(self) -> WriteLock:
        """``with store.exclusive(): store.refresh(); ...; store.commit(...)``: no other
        process saves in between, so what was read is what the save is based on (imports
        and merges, which plan against many records at once). Reentrant."""
        return self._lock

    def commit(self, ops: list[Op], *, label: str = "change", undoable: bool = True) -> ChangeSet:
        if self.read_only:
            raise UnreadableFile(self.path, "was opened read-only")
        if not ops:
            return ChangeSet(label, ())
        with self._lock:
            self._catch_up_locked()
            stamp = self.ctx.timestamp()
            with self._mutex:
                journal_ops, changes = resolve(ops, self._lookup, self.ctx, label, stamp)
            if not journal_ops:
                return ChangeSet(label, ())
            entry: dict[str, Any] = {
                "tx": new_id(),
                "at": stamp,
                "by": self.ctx.user,
                "ops": journal_ops,
            }
            self._joffset = self._journal.append(entry, self._joffset)
            self._jino = self._journal.inode
            with self._mutex:
                self._apply(entry)
        result = ChangeSet(label, tuple(changes), entry["tx"])
        if undoable and result:
            self._undo.append(result)
        return result

    def _lookup(self, table: str, record_id: str) -> Record | None:
        return self._table(table).get(record_id)

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

    # -- undo ----------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def last_change(self) -> ChangeSet | None:
        return self._undo[-1] if self._undo else None

    def undo(self) -> ChangeSet | None:
        """Take back this session's last change (even though it was saved).

        Raises :class:`ConflictError` (and keeps the change undoable) if someone else
        changed one of its records since.
        """
        if not self._undo:
            return None
        change_set = self._undo.pop()
        try:
            with self.transaction(f"undo {change_set.label}", undoable=False) as tx:
                for change in reversed(change_set.changes):
                    _reverse(tx, change)
        except BaseException:
            self._undo.append(change_set)
            raise
        if tx.result:
            self._undo = [_rebased(earlier, change_set, tx.result) for earlier in self._undo]
        return tx.result

    # -- reading -------------------------------------------------------------------------

    def get(self, table: str, record_id: str) -> Record | None:
        return self._table(table).get(record_id)

    def require(self, table: str, record_id: str) -> Record:
        record = self.get(table, record_id)
        if record is None:
            raise NotFound(table, record_id)
        return record

    def all(self, table: str) -> Iterator[Record]:
        return iter(self._table(table))

    def count(self, table: str) -> int:
        return len(self._table(table))

    def for_account(self, table: str, account_id: str) -> list[Record]:
        return self._table(table).for_account(account_id)

    def last_contact(self, account_id: str) -> str | None:
        """The date of the account's newest interaction (ISO), without decoding them."""
        dates = self._table("interactions").dates_for(account_id)
        return max(dates) if dates else None

    # -- checkpoints and closing ---------------------------------------------------------

    def checkpoint(self) -> None:
        """Fold the journal into the data file (atomically) and start a fresh journal."""
        if self.read_only:
            return
        with self._lock:
            self._catch_up_locked()
            folded = (self._jid, self._joffset) if self._jid else None
            previous = self.meta
            self.meta = self._new_meta(self.meta)
            try:
                self._write_main_locked()
            except BaseException:
                self.meta = previous
                raise
            self._reset_journal_locked(follows=folded)

    def maybe_checkpoint(self) -> bool:
        if self.read_only or self._joffset - self._jstart < CHECKPOINT_BYTES:
            return False
        self.checkpoint()
        return True

    def _write_main_locked(self) -> None:
        for path in (self.path, self._journal.path):  # what killed checkpoints left
            remove_stale_temporaries(path)
        replace_atomically(self.path, self.file_chunks())
        self._checked = True
        self._base = self.meta["gen"]
        self._main_stat = stat(self.path)

    def file_chunks(self) -> Iterator[bytes]:
        """The whole store as a data file's bytes (for checkpoints, backups and exports)."""
        names = [*ALL_TABLES, *sorted(set(self.tables) - set(ALL_TABLES))]

        def texts(table: Table) -> Iterator[str]:
            for record_id in table.ids():
                text = table.text(record_id)
                if text is not None:
                    yield text

        with self._mutex:
            yield from layout.write_chunks(self.meta, ((n, texts(self._table(n))) for n in names))

    def backup(self, reason: str) -> Path:
        """Keep a copy of everything as it is now in the backups folder; return its path."""
        with self._lock:
            self._catch_up_locked()
            return write_backup(self.path, reason, self.file_chunks())

    def pending_bytes(self) -> int:
        """How much is in the journal and not yet folded into the data file."""
        return self._joffset - self._jstart

    def close(self) -> None:
        """Close the file; the last process to close it folds the journal into it."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.read_only and self._presence is not None and self._presence.last_one():
                with self._lock:
                    self._catch_up_locked()
                    if self._joffset > self._jstart or not self._checked:
                        self.checkpoint()
        finally:
            self._release()

    def _release(self) -> None:
        self._journal.close()
        if self._presence is not None:
            self._presence.release()
            self._presence = None
        self._lock.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _rebased(earlier: ChangeSet, undone: ChangeSet, undo: ChangeSet) -> ChangeSet:
    """``earlier`` after ``undo`` took back ``undone``.

    Where ``undone`` had found a record as ``earlier`` left it, the undo put the same fields
    back under a new version: ``earlier`` now ends at that version, so undoing it next is
    not mistaken for someone else's change.
    """
    back: dict[tuple[str, str], tuple[int, Record]] = {}
    restored = {(u.table, u.id): u.after for u in undo.changes if u.after is not None}
    for c in undone.changes:
        if c.before is not None and (c.table, c.id) in restored:
            back[(c.table, c.id)] = (c.before["version"], restored[(c.table, c.id)])
    changes = []
    for change in earlier.changes:
        found = back.get((change.table, change.id))
        if found and change.after is not None and change.after["version"] == found[0]:
            change = replace(change, after=found[1])
        changes.append(change)
    return replace(earlier, changes=tuple(changes))


def _reverse(tx: Transaction, change: Change) -> None:
    if change.before is None and change.after is not None:
        tx.delete(change.table, change.id, expect=change.after["version"])
    elif change.before is not None and change.after is None:
        tx.create(change.table, content(change.before), id=change.id)
    elif change.before is not None and change.after is not None:
        tx.update(change.table, change.id, content(change.before), expect=change.after["version"])
