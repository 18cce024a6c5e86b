"""What is worked out from the records, kept beside the data file so that the next process
does not work it out again (``<data file>.cache``, SQLite).

Derived, never the only copy of anything: each entry is kept with the stamp of what it was
worked out from, and is used only while that stamp still matches (the caller says what
the stamp is: for an account's summary, the versions of its records, the settings and the
day). Deleting the file loses nothing but time. A process that may not write beside the
data file only reads it; anything going wrong with it is treated as a miss.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS derived (kind TEXT, key TEXT, stamp TEXT, value TEXT,
                                    PRIMARY KEY (kind, key)) WITHOUT ROWID;
"""
_CHUNK = 500


class Derived:
    def __init__(self, path: Path, *, writable: bool, mode: int = 0o600) -> None:
        self.path = path
        self.mode = mode
        self.writable = writable
        self._db: sqlite3.Connection | None = None
        self._failed = False
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._failed:
            return self._db
        try:
            if self.writable:
                if not self.path.exists():  # customer data: the data file's own mode
                    os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, self.mode))
                    os.chmod(self.path, self.mode)
                db = sqlite3.connect(self.path, timeout=0.5, check_same_thread=False)
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = OFF")  # derived: a lost write is a miss
                db.executescript(_SCHEMA)
            elif self.path.exists():
                db = sqlite3.connect(
                    f"file:{self.path}?mode=ro", uri=True, timeout=0.5, check_same_thread=False
                )
            else:
                self._failed = True
                return None
            self._db = db
        except (sqlite3.Error, OSError):
            self._failed = True
        return self._db

    def get(self, kind: str, stamps: dict[str, str]) -> dict[str, str]:
        """The values kept for ``stamps``' keys whose stamp matches."""
        found: dict[str, str] = {}
        with self._lock:
            db = self._connect()
            if db is None:
                return found
            keys = list(stamps)
            try:
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    query = (
                        f"SELECT key, stamp, value FROM derived WHERE kind = ? AND key IN ({marks})"
                    )
                    for key, stamp, value in db.execute(query, (kind, *chunk)):
                        if stamps.get(key) == stamp:
                            found[key] = value
            except sqlite3.Error:
                return {}
        return found

    def all(self, kind: str) -> dict[str, tuple[str, str]]:
        """{key: (stamp, value)} of everything kept of ``kind`` (the caller checks stamps);
        reading creates nothing."""
        with self._lock:
            db = self._connect() if self._db is not None or self.path.exists() else None
            if db is None:
                return {}
            query = "SELECT key, stamp, value FROM derived WHERE kind = ?"
            try:
                return {key: (stamp, value) for key, stamp, value in db.execute(query, (kind,))}
            except sqlite3.Error:
                return {}

    def put(
        self, kind: str, rows: Iterable[tuple[str, str, str]], *, drop: Iterable[str] = ()
    ) -> None:
        """Keep ``(key, stamp, value)`` rows, and forget the keys ``drop`` (a write that
        fails is dropped: it is derived)."""
        if not self.writable:
            return
        with self._lock:
            db = self._connect()
            if db is None:
                return
            with contextlib.suppress(sqlite3.Error), db:
                db.executemany(
                    "DELETE FROM derived WHERE kind = ? AND key = ?", ((kind, k) for k in drop)
                )
                db.executemany(
                    "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)",
                    ((kind, k, s, v) for k, s, v in rows),
                )

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None
