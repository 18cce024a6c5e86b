"""The change journal beside the data file (``<data file>.journal``).

Every save appends one line (one transaction, JSON) and makes it durable before the save is
reported done; that costs one small write and one ``fdatasync`` however large the data file
is. Processes sharing the file read each other's lines to stay current. At checkpoints the
journal is folded into the data file and started afresh.

The first line is a header naming the journal and the data file generation it applies to::

    {"journal":"<id>","base":"<generation>","follows":["<previous journal id>",<its length>]}

A last line without its newline is the remains of a save that never finished (the process
was killed mid-write): it was never reported done, so it is ignored and cut off before the
next append. A damaged line anywhere else means the journal was damaged from outside; the
file is then refused rather than guessed at.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UnreadableFile
from .durable import create_private, file_mode, replace_atomically, sync, sync_dir


@dataclass(frozen=True)
class Header:
    id: str
    base: str
    follows: tuple[str, int] | None = None

    def encode(self) -> bytes:
        data: dict[str, Any] = {"journal": self.id, "base": self.base, "follows": self.follows}
        return (json.dumps(data, separators=(",", ":")) + "\n").encode()


@dataclass(frozen=True)
class Stat:
    """Enough of a file's status to notice that another process changed it."""

    ino: int
    size: int
    mtime_ns: int


def stat(path: Path) -> Stat | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return Stat(st.st_ino, st.st_size, st.st_mtime_ns)


KEEP_OPEN = os.name == "posix"
"""Keep the journal open between saves (not on Windows: there it would block checkpoints)."""


def new_journal_id() -> str:
    return secrets.token_hex(8)


class Journal:
    def __init__(self, path: Path, data_file: Path) -> None:
        self.path = path
        self._data_file = data_file
        self._fd: int | None = None
        self._fd_ino = 0

    def header(self) -> tuple[Header, int] | None:
        """The header and the offset just after it, or ``None`` if there is no usable journal."""
        try:
            with open(self.path, "rb") as handle:
                line = handle.readline()
        except FileNotFoundError:
            return None
        if not line.endswith(b"\n"):
            return None  # torn while being created: as good as absent
        return self._header(line), len(line)

    def _header(self, line: bytes) -> Header:
        try:
            data = json.loads(line)
            follows = data.get("follows")
            return Header(
                str(data["journal"]),
                str(data["base"]),
                (str(follows[0]), int(follows[1])) if follows else None,
            )
        except (ValueError, KeyError, TypeError, IndexError):
            raise UnreadableFile(self.path, "line 1 is not a journal header") from None

    def read(self, offset: int) -> tuple[list[dict[str, Any]], int]:
        """The complete entries from ``offset`` on, and the offset after the last of them."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                data = handle.read()
        except FileNotFoundError:
            return [], offset
        return self._entries(data, offset)

    def snapshot(self) -> tuple[Header, int, list[dict[str, Any]], int] | None:
        """The header, the offset after it, every complete entry and the offset after them,
        all from one open of the file: for readers that do not hold the write lock, so that
        a journal replaced meanwhile (a checkpoint) is read wholly or not at all."""
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return None
        start = data.find(b"\n") + 1
        if not start:
            return None  # torn while being created: as good as absent
        entries, end = self._entries(data[start:], start)
        return self._header(data[:start]), start, entries, end

    def _entries(self, data: bytes, offset: int) -> tuple[list[dict[str, Any]], int]:
        entries: list[dict[str, Any]] = []
        end = data.rfind(b"\n") + 1  # bytes after the last newline are a torn save
        position = 0
        while position < end:
            stop = data.index(b"\n", position)
            line = data[position:stop]
            position = stop + 1
            try:
                entry = json.loads(line)
                if not isinstance(entry, dict) or not isinstance(entry.get("ops"), list):
                    raise ValueError
            except ValueError:
                raise UnreadableFile(
                    self.path, f"an entry at byte {offset + position - len(line) - 1} is damaged"
                ) from None
            entries.append(entry)
        return entries, offset + end

    def append(self, entry: dict[str, Any], at: int) -> int:
        """Append ``entry`` at offset ``at`` (cutting off any torn tail), durably; return the new end.

        The caller holds the write lock and has read the journal up to ``at``. On POSIX the
        file stays open between saves (one ``stat`` tells whether a checkpoint replaced it);
        Windows cannot replace a file someone holds open, so there it is opened each time.
        """
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        st = os.stat(self.path)
        if self._fd is None or self._fd_ino != st.st_ino:
            self.close()
            self._fd = os.open(self.path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
            self._fd_ino = st.st_ino
        fd = self._fd
        try:
            if st.st_size != at:
                os.ftruncate(fd, at)
            if hasattr(os, "pwrite"):
                written = 0
                while written < len(line):
                    written += os.pwrite(fd, line[written:], at + written)
            else:  # pragma: no cover - Windows
                os.lseek(fd, at, os.SEEK_SET)
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view) :]
            sync(fd)
        finally:
            if not KEEP_OPEN:
                self.close()
        return at + len(line)

    @property
    def inode(self) -> int:
        """The inode of the journal this process last wrote to."""
        return self._fd_ino

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def reset(self, header: Header) -> int:
        """Start a fresh journal holding only ``header`` (atomically); return its length."""
        self.close()
        data = header.encode()
        if self.path.exists():
            replace_atomically(self.path, [data], mode=file_mode(self._data_file))
        else:
            fd = create_private(self.path, file_mode(self._data_file))
            try:
                os.write(fd, data)
                sync(fd)
            finally:
                os.close(fd)
            sync_dir(self.path.parent)
        return len(data)
