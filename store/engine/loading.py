"""Keeping up with what other processes save: the part of
:class:`~rapport.store.engine.Store` that reads the journal (``opening.py`` opens the file).

Another process's save is a line it appended to the journal; a checkpoint (another
process's, or ours) replaces the data file and starts a new journal whose header names the
one it follows. Catching up reads the new lines, or the whole file again when it was
replaced by a checkpoint that does not follow what we had read.

What it guarantees (issue 12):

* **Every journal entry is checked** (``replay.py``) before it is applied, in every process;
  one that fails refuses the file naming the journal and its line, and nothing of it is
  applied (``rapport check`` lists each such line instead).
* **A torn last entry** is set aside into the backups by a writer (never dropped unseen),
  with a note.
* **A journal not of this data file** is set aside, never dropped.
* **A data file deleted or moved away while open** is refused at the next refresh; at the
  next save (or a close with saves not folded) everything this process holds is first
  written to a recovery file the message names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError, UnreadableFile
from ..records.records import Record
from . import osapi
from .backups import copy_backup
from .journal import Entries, Header, stat
from .mapped import stamp_of
from .migrate import SCHEMA
from .opening import Opening
from .replay import entry_problems
from .table import Table


@dataclass
class Touched:
    """What a refresh brought in: the tables and the accounts whose records changed."""

    tables: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    everything: bool = False
    """The file was reloaded whole: assume everything changed."""

    def __bool__(self) -> bool:
        return self.everything or bool(self.tables)


class Loading(Opening):
    """The records of one data file as this process has read them, and the means to stay
    current (:class:`~rapport.store.engine.Store` is built on it)."""

    def _read_journal_unlocked(self) -> None:
        """Apply the journal without the write lock (read-only): a checkpoint may replace
        the data file and the journal meanwhile, so both are read again until they match."""
        if not self._use_journal:
            return
        found = self._journal.snapshot(self.problems if self.checking else None)
        if found is None or found[0].base != self._base:
            if stat(self.path) != self._main_stat:  # a checkpoint since we read the file
                self._load()
                return
            self._jseen = _seen(found[2] if found else None)
            return
        header, start, read = found
        with self._mutex:
            for line, entry, _end in read.entries:
                self._replay(line, entry)
        if read.torn and self.checking:
            self.note(
                f"{self._journal.path} ends with {read.torn:,} bytes of a save that never "
                "finished (never reported saved); the next save keeps them in the backups"
            )
        self._jid, self._jstart, self._joffset = header.id, start, read.end
        self._jline, self._jseen = read.next_line, _seen(read)

    def _reload_locked(self) -> None:
        before = stat(self.path)
        contents, tables, schema = self._read_state()
        if contents.empty_tinydb or schema < SCHEMA:
            raise UnreadableFile(
                self.path,
                "was replaced while open by a file Rapport must first convert: open it again",
            )
        self._take(contents, tables, before)
        self._catch_up_locked()

    # -- staying current -----------------------------------------------------------------

    def _unchanged(self) -> bool:
        """Nobody saved since we last looked (two ``stat`` calls: the common case is cheap)."""
        journal = stat(self._journal.path)
        seen = (journal.ino, journal.size) if journal is not None else None
        return (
            self._main_stat is not None
            and seen == self._jseen
            and stat(self.path) == self._main_stat
        )

    def _catch_up_locked(self, *, recover: bool = False) -> Touched:
        """Apply what other processes saved; say what it touched.

        A data file found gone is refused; with ``recover`` (a save, or a close with saves
        not yet folded) everything in memory is first written to a recovery file."""
        if self._unchanged() and self._jid is not None:
            return Touched()
        main_now = stat(self.path)
        if main_now is None and self._main_stat is not None:
            if recover or self._lost is not None:
                self._lost_locked()
            raise UnreadableFile(
                self.path, "does not exist (it was deleted or moved away while open)"
            )
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
            self._jid, self._jstart, self._joffset, self._jline = header.id, start, start, 2
            self._base = header.base
        read = self._journal.read(self._joffset, self._jline)
        touched = Touched()
        with self._mutex:
            for line, entry, end in read.entries:
                self._replay(line, entry, touched)
                self._joffset, self._jline = end, line + 1
        if read.torn:  # under the lock nobody is appending: a save that never finished
            self._set_aside_tail_locked(read.end)
        self._joffset, self._jline = read.end, read.next_line
        self._jseen = (read.ino, read.end)
        return touched

    def _replay(self, line: int, entry: Mapping[str, Any], touched: Touched | None = None) -> None:
        """Apply one journal entry after checking it like a save (``replay.py``)."""
        problems = entry_problems(entry, self._table_get)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            what = f"line {line} is not a save Rapport could have written: {problems[0]}{more}"
            if self.checking:
                self.problems.append(f"{self._journal.path}: {what}")
                return
            raise UnreadableFile(self._journal.path, f"{what}; nothing of it was applied")
        self._apply(entry, touched)

    def _table_get(self, table: str, record_id: str) -> Record | None:
        return self._table(table).get(record_id)

    def _set_aside_journal_locked(self, found: tuple[Header, int] | None) -> None:
        """A journal that does not belong to this data file's generation is kept aside,
        never dropped. The data file's meta says whether it holds all of it already
        (``folded``: a checkpoint stopped between writing the data file and starting the
        new journal, or a journal copied back); the note says which."""
        if found is not None:
            size = self._journal.path.stat().st_size
            if size > found[1]:
                kept = copy_backup(self._journal.path, self.path, "journal-set-aside", ".journal")
                if self.meta.get("folded") == [found[0].id, size]:
                    self.note(
                        f"A journal whose saves the data file already holds was set aside at {kept}"
                    )
                else:
                    self.note(f"A journal that did not match the data file was set aside at {kept}")
        self._reset_journal_locked(follows=None)

    def _set_aside_tail_locked(self, end: int) -> None:
        kept = self._journal.set_aside_tail(end)
        if kept is not None:
            self.note(
                "A save that never finished (its program stopped while writing it, so it was "
                f"never reported saved) was cut off the journal and kept at {kept}"
            )

    def refresh(self) -> Touched:
        """Take in other processes' saves; say what they touched (cheap when nothing)."""
        if self._closed or self._unchanged():
            return Touched()
        if self.read_only:  # no lock to take: read the file and its journal again
            self._load()
            return Touched(everything=True)
        with self._lock:
            return self._catch_up_locked()

    def _apply(
        self,
        entry: Mapping[str, Any],
        touched: Touched | None = None,
        *,
        texts: list[str | None] | None = None,
        absent: Mapping[str, set[str]] | None = None,
    ) -> None:
        """Apply a journal entry to the tables. A save made here gives its records' ``texts``
        (as the journal has them) and, by table, the ids it found ``absent``
        (``lookups.py``: taken out as they are created), so nothing is encoded or looked up
        again."""
        none: set[str] = set()
        for n, (table_name, record_id, record) in enumerate(entry["ops"]):
            table = self._table(table_name)
            unknown = none if absent is None else absent.get(table_name, none)
            new = record_id in unknown
            if new:
                unknown.discard(record_id)
            accounts: tuple[Any, ...] = ()
            if table.by_account is not None:
                old = None if new else table.get(record_id)
                accounts = (old and old.get("account"), record and record.get("account"))
            elif table_name == "accounts":
                accounts = (record_id,)
            for account in set(accounts):
                if account:
                    rev = record.get("rev") if record is not None else None
                    before = self._since_fold.get(account, 0)
                    self._since_fold[account] = stamp_of(table_name, record_id, rev, before)
            if touched is not None:
                touched.tables.add(table_name)
                touched.accounts.update(a for a in accounts if a)
            if record is None:
                table.remove(record_id)
            else:
                table.put(record, texts[n] if texts is not None else None, absent=new)
        self.revision += 1

    def _table(self, name: str) -> Table:
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(name)
        return table

    # -- a data file that disappeared ---------------------------------------------------------

    def _lost_locked(self) -> None:
        """The data file was deleted or moved away while open (its journal may remain,
        orphaned): write everything this process holds to a recovery file, and refuse."""
        if self._lost is None:
            with contextlib.suppress(StoreError, OSError):  # what others saved since, if readable
                found = self._journal.header()
                if found is not None and found[0].id == self._jid:
                    read = self._journal.read(self._joffset, self._jline)
                    with self._mutex:
                        for line, entry, end in read.entries:
                            self._replay(line, entry)
                            self._joffset, self._jline = end, line + 1
            try:
                kept = (
                    f"everything it held, with every save, is written to {self._recover_locked()}"
                )
            except (StoreError, OSError) as e:
                problem = osapi.problem(e) if isinstance(e, OSError) else str(e)
                kept = f"a recovery file could not be written ({problem}); the saves are in {self._journal.path}"
            self._lost = (
                f"{self.path}: was deleted or moved away while Rapport had it open: {kept}. "
                f"Put a data file back at {self.path} (rename the recovery file) to go on"
            )
            self.note(self._lost)
        raise StoreError(f"{self._lost}; nothing was saved.")

    def _recover_locked(self) -> Path:
        """Write everything in memory to a new file beside the lost one; return its path."""
        raise NotImplementedError


def _seen(read: Entries | None) -> tuple[int, int] | None:
    return (read.ino, read.size) if read is not None else None
