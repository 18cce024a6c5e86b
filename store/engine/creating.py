"""Making a data file: a new one where none is, and adopting an empty TinyDB file (the
part of :class:`~.opening.Opening` that writes a file before it is read)."""

from __future__ import annotations

import json

from ..errors import StoreError
from . import layout, osapi
from .backups import copy_backup
from .durable import replace_atomically
from .journal import Header, Stat, new_journal_id, stat


class Creating:
    """A new file where none is, an empty TinyDB file adopted: mixed into ``Opening``,
    whose attributes (the path, lock, journal, context) its methods use."""

    def _create(self) -> None:
        from ..records.seed import initial_records

        layer = osapi.current()
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if layer.folder_read_only(folder) or layer._on_read_only_mount(folder):
                raise PermissionError(13, "its folder is read-only", str(folder))
            with self._lock:
                if self.path.exists():
                    return
                self._keep_orphaned_journal_locked()
                meta = self._new_meta()
                replace_atomically(self.path, layout.write_chunks(meta, initial_records(self.ctx)))
                self._journal.reset(Header(new_journal_id(), meta["gen"]))
        except OSError as e:
            self._release()
            where = e.filename or self.path
            raise StoreError(
                f"{self.path}: cannot be created ({where}: {osapi.problem(e)})"
            ) from None

    def _keep_orphaned_journal_locked(self) -> None:
        """A journal without its data file holds the saves of a file deleted or moved away
        since its last fold: copy it into the backups before a new file's journal replaces it."""
        journal = self._journal.path
        try:
            size = journal.stat().st_size
        except FileNotFoundError:
            return
        if size:
            kept = copy_backup(journal, self.path, "journal-without-its-file", ".journal")
            self.note(
                f"A journal was found without its data file (the file was deleted or moved); "
                f"it holds saves made since that file was last folded and is kept at {kept}"
            )

    def _adopt(self, seen: Stat | None) -> None:
        """An empty TinyDB file: made a Rapport file (only by a process that may write it)."""
        from ..records.seed import initial_records

        if self.read_only or not self._open_shared_files():
            rows = {
                name: [(json.loads(t)["id"], t) for t in texts]
                for name, texts in initial_records(self.ctx)
            }
            self._take(layout.FileContents(meta={}), self._fill(rows, trusted=True), seen)
            if self.checking:
                self.note(
                    f"{self.path} is an empty TinyDB file: Rapport makes it a Rapport file "
                    "when it first opens it to save"
                )
            return
        with self._lock:
            if stat(self.path) == seen:
                meta = self._new_meta()
                replace_atomically(self.path, layout.write_chunks(meta, initial_records(self.ctx)))
                self._journal.reset(Header(new_journal_id(), meta["gen"]))
                self.note(f"{self.path} held an empty TinyDB database; it is now a Rapport file")
            self._load()
