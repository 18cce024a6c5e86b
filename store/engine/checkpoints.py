"""Checkpoints, backups and closing: the part of :class:`~rapport.store.engine.Store`
that writes the data file.

The data file itself is rewritten only at checkpoints (atomically: a new file renamed over
the old), normally when the last process that has the file open closes it, so after a
clean exit it is a plain TinyDB file holding everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..records.schema import ALL_TABLES
from . import layout
from .backups import write_backup
from .durable import remove_stale_temporaries, replace_atomically
from .journal import stat
from .loading import Loading
from .table import Table

CHECKPOINT_BYTES = 64 << 20
"""A journal longer than this is folded into the data file at the next ``maybe_checkpoint``."""


class Checkpoints(Loading):
    """Folding the journal into the data file, backups, and closing the file
    (:class:`~rapport.store.engine.Store` is built on it)."""

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
