"""Checkpoints, backups and closing: the part of :class:`~rapport.store.engine.Store`
that writes the data file.

The data file itself is rewritten only at checkpoints (atomically: a new file renamed over
the old), normally when the last process that has the file open closes it, so after a
clean exit it is a plain TinyDB file holding everything.

A checkpoint that cannot be done (a read-only folder, a full disk, Windows refusing to
replace a file another program has open) loses nothing: every save is in the journal, which
is left as it is, and a later close folds it in. Closing therefore never fails because of
it; it leaves a note saying so (issue 12: a save that was kept is never reported failed).
The data file's meta names the journal point it holds (``folded``), so a checkpoint stopped
between writing the data file and starting the new journal is recognised, not set aside.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..records.schema import ALL_TABLES
from . import layout, osapi
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
            f"not be folded into the file ({where}: {osapi.problem(e)}); a later close does it"
        )

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

    def file_chunks(self, meta: Mapping[str, Any] | None = None) -> Iterator[bytes]:
        """The whole store as a data file's bytes (for checkpoints, backups and exports)."""
        names = [*ALL_TABLES, *sorted(set(self.tables) - set(ALL_TABLES))]

        def texts(table: Table) -> Iterator[str]:
            for record_id in table.ids():
                text = table.text(record_id)
                if text is not None:
                    yield text

        with self._mutex:
            head = self.meta if meta is None else meta
            yield from layout.write_chunks(head, ((n, texts(self._table(n))) for n in names))

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
        """Keep a copy of everything as it is now in the backups folder; return its path."""
        with self._lock:
            self._catch_up_locked()
            return write_backup(self.path, reason, self.file_chunks())

    def pending_bytes(self) -> int:
        """How much is in the journal and not yet folded into the data file."""
        return self._joffset - self._jstart

    def close(self) -> None:
        """Close the file; the last process to close it folds the journal into it.

        Never raises for what cannot be folded (the saves are in the journal): a note says so."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.read_only and self._presence is not None and self._presence.last_one():
                with self._lock:
                    self._catch_up_locked(recover=self._joffset > self._jstart)
                    if self._joffset > self._jstart or not self._checked:
                        self.checkpoint()
        except StoreError as e:
            if self._lost is None:  # a lost file was told already
                self.note(str(e))
        except OSError as e:
            self.note(str(self._unfolded(e)))
        finally:
            self._release()
