"""The records of a PostgreSQL store as this process holds them, and the reading half of
:class:`~rapport.store.postgres.PgStore`'s interface (the same calls as the file's store).

The records are held as the file's store holds them (the engine's ``Table``: texts for the
big tables, decoded on demand, indexed by account), filled from the database at opening
and kept current from ``rapport_saves``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..context import Context
from ..engine import layout
from ..engine.backups import write_backup
from ..engine.loading import Touched
from ..engine.migrate import SCHEMA
from ..engine.reads import TableReads
from ..engine.table import Table
from ..engine.transaction import ChangeSet
from ..records.schema import ALL_TABLES
from .location import Location


class Reading(TableReads):
    def refresh(self) -> Touched:
        raise NotImplementedError

    def __init__(self, url: str, ctx: Context, *, read_only: bool = False) -> None:
        self.url = url
        self.path = Location(url)
        """Shown as the URL without its password; ``.name`` is the database's name."""
        self.ctx = ctx
        self.read_only = read_only
        self.read_only_reason: str | None = "was opened read-only" if read_only else None
        self.checking = False
        self.problems: list[str] = []
        self.meta: dict[str, Any] = {}
        self.tables: dict[str, Table] = {name: Table(name) for name in ALL_TABLES}
        self.short_lived = False
        """Set by a short command (the file's meaning; a database folds nothing)."""
        self.revision = 0
        """Goes up by one for every save applied, ours or another process's."""
        self.notes: list[str] = []
        self.on_note: Callable[[str], None] | None = None
        self._mutex = threading.RLock()
        self._undo: list[ChangeSet] = []
        self._closed = False
        self._seq = 0
        """The last save (``rapport_saves.seq``) these records include."""

    def note(self, text: str) -> None:
        self.notes.append(text)
        if self.on_note is not None:
            with contextlib.suppress(Exception):  # telling must never break a save
                self.on_note(text)

    def _table(self, name: str) -> Table:
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(name)
        return table

    def _apply(self, rows: Iterable[tuple[str, str, str | None]], touched: Touched | None) -> None:
        """Put records given as ``(table, id, json text or None for gone)``."""
        for table_name, record_id, text in rows:
            table = self._table(table_name)
            if touched is not None:
                touched.tables.add(table_name)
                if table.by_account is not None:
                    old = table.get(record_id)
                    if old is not None and old.get("account"):
                        touched.accounts.add(old["account"])
                if table_name == "accounts":
                    touched.accounts.add(record_id)
            if text is None:
                table.remove(record_id)
            else:
                table.put_text(record_id, text, trusted=True)
                if touched is not None and table.by_account is not None:
                    new = table.get(record_id)
                    if new is not None and new.get("account"):
                        touched.accounts.add(new["account"])
        self.revision += 1

    # -- copies ----------------------------------------------------------------------------

    def file_chunks(self, meta: Mapping[str, Any] | None = None) -> Iterator[bytes]:
        """Everything as a data file's bytes (backups, and a copy taken offline)."""
        names = [*ALL_TABLES, *sorted(set(self.tables) - set(ALL_TABLES))]
        head = dict(meta or self.file_meta())

        with self._mutex:
            yield from layout.write_chunks(head, ((n, self._table(n).texts()) for n in names))

    def file_meta(self) -> dict[str, Any]:
        import secrets

        return {
            "file": self.meta.get("file"),
            "created": self.meta.get("created"),
            "schema": SCHEMA,
            "layout": layout.LAYOUT,
            "gen": secrets.token_hex(8),
        }

    def backup(self, reason: str) -> Path:
        """Keep a copy of everything, as a data file, in the user's data directory (the
        server's own backups are PostgreSQL's); return its path."""
        from platformdirs import user_data_path

        with self._mutex:
            self.refresh()
            folder = user_data_path("rapport", appauthor=False)
            folder.mkdir(parents=True, exist_ok=True)
            return write_backup(folder / f"{self.path.name}.json", reason, self.file_chunks())
