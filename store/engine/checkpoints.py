"""Checkpoints, backups and closing: the part of :class:`~rapport.store.engine.Store`
that writes the data file.

The data file itself is rewritten only at checkpoints ("folds": atomically, a new file
renamed over the old): when the app closes, on ``rapport fold``, and when a short command
closes with a journal grown past :data:`FOLD_BYTES`. A short command (``rapport log``)
otherwise only appends to the journal. After a fold the file is a plain TinyDB file
holding everything. (On Windows, where an open file cannot be replaced, only the last
process to close the file folds it.)

A checkpoint that cannot be done (a read-only folder, a full disk, Windows refusing to
replace a file another program has open) loses nothing: every save is in the journal, which
is left as it is, and a later close folds it in. Closing therefore never fails because of
it; it leaves a note saying so (issue 12: a save that was kept is never reported failed).
The data file's meta names the journal point it holds (``folded``), so a checkpoint stopped
between writing the data file and starting the new journal is recognised, not set aside.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..records.schema import ALL_TABLES
from . import layout, osapi
from .backups import copy_backup, write_backup
from .durable import remove_stale_temporaries, replace_atomically, sibling_mode
from .journal import stat
from .loading import Loading
from .mapped import IndexWriter
from .mapped_table import tables_of

FOLD_BYTES = 2 << 20
"""A journal longer than this (2 MiB, a few thousand saves) is folded into the data file
when a short command closes: the cost of rewriting the file is spread over that many saves."""

FOLD_ENV = "RAPPORT_FOLD"
"""How a short command folds a journal past :data:`FOLD_BYTES` at close: ``background``
(the default: a detached ``rapport fold --if-needed``, so nobody waits), ``inline`` (in the
closing process), ``never`` (only the app's close and ``rapport fold`` do it)."""


class Checkpoints(Loading):
    """Folding the journal into the data file, backups, and closing the file
    (:class:`~rapport.store.engine.Store` is built on it)."""

    def checkpoint(self) -> None:
        """Fold the journal into the data file (atomically) and start a fresh journal.

        Raises :class:`StoreError` if it cannot be done; the saves then stay in the journal."""
        if self.read_only:
            return
        with self._lock:
            self._catch_up_locked()
            folded = (self._jid, self._joffset) if self._jid else None
            previous = self.meta
            self.meta = self._new_meta(self.meta)
            if folded:
                self.meta["folded"] = list(folded)
            try:
                self._write_main_locked()
            except OSError as e:
                self.meta = previous
                raise self._unfolded(e) from None
            except BaseException:
                self.meta = previous
                raise
            try:
                self._reset_journal_locked(follows=folded)
            except OSError as e:
                # The data file holds everything and says so (``folded``): the old journal
                # is recognised as folded and replaced at the next save.
                raise self._unfolded(e) from None

    def _unfolded(self, e: OSError) -> StoreError:
        where = e.filename or self.path
        return StoreError(
            f"{self.path}: every save is kept in its journal {self._journal.path}, but it could "
            f"not be folded into the file ({where}: {osapi.problem(e)}); a later fold does it "
            "(the app's close, or `rapport fold`)"
        )

    def needs_fold(self) -> bool:
        """The journal has grown past :data:`FOLD_BYTES`, or the file is not in Rapport's
        own layout (written by another program: folding makes the next open fast)."""
        if self.read_only:
            return False
        return self.pending_bytes() > FOLD_BYTES or not self._checked

    def _write_main_locked(self) -> None:
        for path in (self.path, self._journal.path):  # what killed checkpoints left
            remove_stale_temporaries(path)
        index = (
            IndexWriter(self.sibling(".index"), mode=sibling_mode(self.path))
            if osapi.current().can_map
            else None
        )
        try:
            replace_atomically(self.path, self.file_chunks(placed=index.add if index else None))
        except BaseException:
            if index is not None:
                index.abandon()
            raise
        self._checked = True
        self._base = self.meta["gen"]
        self._main_stat = stat(self.path)
        if index is not None:
            self._rebase(index)

    def _rebase(self, index: IndexWriter) -> None:
        """After a fold the file holds everything: read its big tables in place again,
        through the index written with it (kept as they are if it cannot be)."""
        try:
            base = index.finish(self.path, str(self.meta["gen"]))
        except (OSError, sqlite3.Error):
            index.abandon()
            return
        if base is not None:
            with self._mutex:
                self.tables.update(tables_of(base, small=False))
                self._since_fold = {}

    def file_chunks(
        self,
        meta: Mapping[str, Any] | None = None,
        *,
        placed: Callable[[str, str, bytes, int], None] | None = None,
    ) -> Iterator[bytes]:
        """The whole store as a data file's bytes (for checkpoints, backups and exports);
        ``placed`` is told where each record's text lies in them (the index of a fold)."""
        names = [*ALL_TABLES, *sorted(set(self.tables) - set(ALL_TABLES))]
        with self._mutex:
            head = self.meta if meta is None else meta
            tables = ((n, self._table(n).pieces()) for n in names)
            yield from layout.write_chunks(head, tables, placed=placed)

    def _recover_locked(self) -> Path:
        """Write everything in memory to ``<file>.recovered-<time>.json`` beside the lost
        file (or in the home folder if that folder is gone too); return its path."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"{self.path.name}.recovered-{stamp}.json"
        meta = self._new_meta(self.meta)
        if self._jid:  # its journal, if put back beside it, is known to be folded in
            meta["folded"] = [self._jid, self._joffset]
        last: OSError | None = None
        for folder in (self.path.parent, Path.home()):
            target = folder / name
            try:
                replace_atomically(target, self.file_chunks(meta))
                return target
            except OSError as e:
                last = e
        assert last is not None
        raise last

    def backup(self, reason: str) -> Path:
        """Keep a copy of everything as it is now in the backups folder; return its path.

        When nothing was saved since the last fold, the data file holds everything exactly
        as a backup would: it is copied byte for byte (not written again record by record,
        nor read through the map, so its pages do not count as this process's memory)."""
        with self._lock:
            self._catch_up_locked()
            if self._checked and self.pending_bytes() == 0 and stat(self.path) == self._main_stat:
                return copy_backup(self.path, self.path, reason)
            return write_backup(self.path, reason, self.file_chunks())

    def pending_bytes(self) -> int:
        """How much is in the journal and not yet folded into the data file."""
        return self._joffset - self._jstart

    def close(self, *, fold: bool | None = None) -> None:
        """Close the file, folding the journal into it when

        * ``fold`` is True (the app closing, ``rapport fold``);
        * ``fold`` is False (a short command: :attr:`short_lived`) only when the journal has
          grown past :data:`FOLD_BYTES`, in a detached process (:data:`FOLD_ENV`): it
          otherwise only appended its saves;
        * ``fold`` is None (a program using the store) when it is the last process to
          close the file.

        Never raises for what cannot be folded (the saves are in the journal): a note says so."""
        if self._closed:
            return
        self._closed = True
        if fold is None and self.short_lived:
            fold = False
        try:
            if not self.read_only and self._presence is not None:
                self._fold_at_close(fold)
        except StoreError as e:
            if self._lost is None:  # a lost file was told already
                self.note(str(e))
        except OSError as e:
            self.note(str(self._unfolded(e)))
        finally:
            self._release()

    def _fold_at_close(self, fold: bool | None) -> None:
        assert self._presence is not None
        alone = self._presence.last_one()
        if not (osapi.current().replace_while_open or alone):
            return  # Windows: the file cannot be replaced while another process has it open
        how = os.environ.get(FOLD_ENV, "background")
        if fold is None:
            if not alone:
                return
        elif fold is False:
            if how == "never" or not self.needs_fold():
                return
            if how == "background" and self._fold_elsewhere():
                return
        with self._lock:
            self._catch_up_locked(recover=self._joffset > self._jstart)
            if self._joffset > self._jstart or not self._checked:
                self.checkpoint()

    def _fold_elsewhere(self) -> bool:
        """Start a detached ``rapport fold --if-needed`` on this file (nobody waits for it);
        False if it could not be started (the caller folds inline)."""
        command = [sys.executable, "-m", "rapport", "fold", "--if-needed", "--db", str(self.path)]
        try:
            subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
            )
        except OSError:
            return False
        return True
