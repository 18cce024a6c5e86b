"""The change journal beside the data file (``<data file>.journal``).

Every save appends one line (one transaction, JSON) and makes it durable before the save is
reported done; that costs one small write and one sync however large the data file is.
Processes sharing the file read each other's lines to stay current. At checkpoints the
journal is folded into the data file and started afresh.

The first line is a header naming the journal and the data file generation it applies to::

    {"journal":"<id>","base":"<generation>","follows":["<previous journal id>",<its length>]}

What can be found, and what is done about it (issue 12):

* No journal: nothing saved since the last fold; one is made at the first save.
* A journal is only ever *created whole* (written aside, synced, renamed over the old one,
  the folder synced: :meth:`Journal.reset`), so no crash leaves a torn or empty header. A
  journal whose first line is not a whole header was damaged from outside: it is refused as
  unreadable (named, left untouched), never taken as absent.
* A last line without its newline is the remains of a save that never finished (its
  process stopped mid-write; it was never reported done). A writer holding the lock copies
  it into the backups folder and cuts it off (:meth:`Journal.set_aside_tail`), with a note
  the user is shown; readers ignore it.
* A damaged line anywhere else, or one that is not a save's shape, means the journal was
  damaged from outside: the file is refused naming the journal and the line. (Each entry's
  *records* are checked by ``replay.py`` before they are applied.)
* A journal that is a symbolic link is refused (Rapport's own files are never links).
* A save is checked before anything is appended (room on the disk, the journal writable);
  one that fails while being written is cut off again, so a save is either whole and
  reported done, or absent and reported failed (:class:`~rapport.store.errors.NotSaved`).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import NotSaved, StoreError, UnreadableFile
from ..records.records import compact_encoder
from . import osapi
from .backups import write_backup
from .durable import replace_atomically, sibling_mode

ROOM = 64 << 10
"""Bytes that must be free on the disk beyond a save's line before it is appended."""


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


@dataclass
class Entries:
    """The complete entries read from a journal, each as (its line number, the entry, the
    offset just after it), the header being line 1; the offset after the last of them; how
    many bytes of a torn save follow; and the journal's inode and size as read."""

    entries: list[tuple[int, dict[str, Any], int]] = field(default_factory=list)
    end: int = 0
    torn: int = 0
    next_line: int = 2
    ino: int = 0
    size: int = 0


def new_journal_id() -> str:
    return secrets.token_hex(8)


def _link_problem(path: Path) -> UnreadableFile:
    target = os.readlink(path)
    return UnreadableFile(
        path,
        f"is a symbolic link (to {target}); Rapport keeps its journal beside the data file and "
        "never follows a link there: remove the link",
    )


class Journal:
    def __init__(self, path: Path, data_file: Path) -> None:
        self.path = path
        self._data_file = data_file
        self._fd: int | None = None
        self._fd_ino = 0

    # -- reading -------------------------------------------------------------------------

    def _reader(self) -> BinaryIO | None:
        """The journal open for reading, or None if there is none (a link is refused)."""
        try:
            return osapi.current().reader(self.path, follow=False)
        except FileNotFoundError:
            if os.path.islink(self.path):  # a dangling link
                raise _link_problem(self.path) from None
            return None
        except OSError as e:
            if os.path.islink(self.path):
                raise _link_problem(self.path) from None
            raise UnreadableFile(self.path, f"cannot be read ({osapi.problem(e)})") from None

    def header(self) -> tuple[Header, int] | None:
        """The header and the offset just after it, or ``None`` if there is no journal."""
        handle = self._reader()
        if handle is None:
            return None
        with handle:
            line = handle.readline()
        return self._header(line), len(line)

    def _header(self, line: bytes) -> Header:
        if not line:
            raise UnreadableFile(
                self.path,
                "is empty (0 bytes), but a journal always starts with its header: it was cut "
                "or emptied outside Rapport, and the saves it held are lost unless a copy "
                "exists; if it should be empty, delete it",
            )
        if not line.endswith(b"\n"):
            raise UnreadableFile(self.path, "line 1 is cut short: it is not a whole journal header")
        try:
            data = json.loads(line)
            follows = data.get("follows")
            return Header(
                _text(data["journal"]),
                _text(data["base"]),
                (_text(follows[0]), _count(follows[1])) if follows else None,
            )
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            raise UnreadableFile(self.path, "line 1 is not a journal header") from None

    def read(self, offset: int, line: int, problems: list[str] | None = None) -> Entries:
        """The complete entries from ``offset`` on, where line number ``line`` starts.

        A line that is not a save is refused (:class:`UnreadableFile` naming its line), or,
        given ``problems`` (``rapport check``), described there and skipped."""
        handle = self._reader()
        if handle is None:
            return Entries(end=offset, next_line=line)
        with handle:
            ino = os.fstat(handle.fileno()).st_ino
            handle.seek(offset)
            data = handle.read()
        found = self._entries(data, offset, line, problems)
        found.ino, found.size = ino, offset + len(data)
        return found

    def snapshot(self, problems: list[str] | None = None) -> tuple[Header, int, Entries] | None:
        """The header, the offset after it and every complete entry, all from one open of
        the file: for readers that do not hold the write lock, so that a journal replaced
        meanwhile (a checkpoint) is read wholly or not at all."""
        handle = self._reader()
        if handle is None:
            return None
        with handle:
            ino = os.fstat(handle.fileno()).st_ino
            data = handle.read()
        start = data.find(b"\n") + 1
        header = self._header(data[:start] if start else data)
        found = self._entries(data[start:], start, 2, problems)
        found.ino, found.size = ino, len(data)
        return header, start, found

    def _entries(self, data: bytes, offset: int, line: int, problems: list[str] | None) -> Entries:
        found = Entries()
        end = data.rfind(b"\n") + 1  # bytes after the last newline are a torn save
        position = 0
        while position < end:
            stop = data.index(b"\n", position)
            text = data[position:stop]
            position = stop + 1
            try:
                entry = json.loads(text)
                shape = _shape_problem(entry)
            except ValueError:
                shape = "is damaged (not valid JSON)"
            if shape is None:
                found.entries.append((line, entry, offset + position))
            elif problems is None:
                raise UnreadableFile(self.path, f"line {line} {shape}")
            else:
                problems.append(f"{self.path}: line {line} {shape}")
            line += 1
        found.end = offset + end
        found.torn = len(data) - end
        found.next_line = line
        return found

    # -- writing (the caller holds the write lock) -----------------------------------------

    def set_aside_tail(self, end: int) -> Path | None:
        """Copy what follows ``end`` (a save that never finished) into the backups folder,
        then cut it off; return the copy's path (None if there was nothing)."""
        handle = self._reader()
        if handle is None:
            return None
        with handle:
            handle.seek(end)
            tail = handle.read()
        if not tail:
            return None
        try:
            kept = write_backup(self._data_file, "unfinished-save", [tail], suffix=".journal-tail")
            fd = osapi.current().open(self.path, os.O_WRONLY | osapi.NOFOLLOW)
            try:
                os.ftruncate(fd, end)
                osapi.current().sync_file(fd)
            finally:
                osapi.current().close(fd)
        except OSError as e:
            raise NotSaved(
                self.path,
                f"ends with a save that never finished, which could not be set aside "
                f"({osapi.problem(e)})",
            ) from None
        return kept

    def append(
        self, entry: dict[str, Any], at: int, texts: Sequence[str | None] | None = None
    ) -> int:
        """Append ``entry`` at offset ``at`` durably; return the new end. ``texts``: the JSON
        text of each of its ops' records, when the caller has made them already.

        The caller holds the write lock and has read the journal up to ``at`` (its end, a
        torn tail already set aside). What can be checked is checked first (the disk's room,
        the journal writable); a write or sync that fails anyway is cut off again: the save
        is then absent, and :class:`NotSaved` says so. The line is written in pieces (a big
        save's line is never held whole), its newline last, and synced once: until then it
        is a torn line, which every reader leaves alone. Where the OS allows it the file
        stays open between saves (one ``stat`` tells whether a checkpoint replaced it).
        """
        layer = osapi.current()
        size = sum(len(p) if p.isascii() else len(p.encode()) for p in _pieces(entry, texts))
        free = layer.free_bytes(self.path.parent)
        if free is not None and free < size + ROOM:
            raise NotSaved(self.path, f"the disk is full ({free:,} bytes free)")
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise NotSaved(self.path, "was removed by another program") from None
        if st.st_size != at:
            raise StoreError(
                f"{self.path}: changed while this program held the file's lock (it is "
                f"{st.st_size:,} bytes, {at:,} were read); nothing was saved: try again"
            )
        if self._fd is None or self._fd_ino != st.st_ino:
            self.close()
            try:
                self._fd = layer.open(self.path, os.O_WRONLY | osapi.NOFOLLOW)
            except OSError as e:
                raise NotSaved(self.path, f"cannot be written ({osapi.problem(e)})") from None
            self._fd_ino = st.st_ino
        fd = self._fd
        try:
            end = at
            for chunk in _chunks(_pieces(entry, texts)):
                _write_at(fd, chunk, end)
                end += len(chunk)
            if end != at + size:  # pragma: no cover - the pieces are made the same way twice
                raise OSError(f"wrote {end - at:,} bytes of a {size:,}-byte save")
            layer.sync_file(fd)
        except OSError as e:
            with contextlib.suppress(OSError):  # take back what was written of it
                os.ftruncate(fd, at)
                layer.sync_file(fd)
            self.close()
            raise NotSaved(self.path, f"could not be written ({osapi.problem(e)})") from None
        finally:
            if not layer.keep_journal_open:
                self.close()
        return at + size

    @property
    def inode(self) -> int:
        """The inode of the journal this process last wrote to."""
        return self._fd_ino

    def close(self) -> None:
        if self._fd is not None:
            osapi.current().close(self._fd)
            self._fd = None

    def reset(self, header: Header) -> int:
        """Start a fresh journal holding only ``header``, created whole: written beside it,
        synced, renamed over any old one, the folder synced. Return its length."""
        self.close()
        data = header.encode()
        replace_atomically(self.path, [data], mode=sibling_mode(self._data_file))
        return len(data)


_ENCODE = compact_encoder()
_PIECES = 1 << 20
"""Bytes of a journal line written at a time."""


def _pieces(entry: dict[str, Any], texts: Sequence[str | None] | None) -> Iterator[str]:
    """The journal line of ``entry`` (JSON on one line, ending in a newline), in pieces:
    what ``json.dumps(entry)`` writes, with each op's record as given in ``texts``."""
    ops = entry["ops"]
    head = _ENCODE({k: v for k, v in entry.items() if k != "ops"})
    yield head[:-1] + ("," if len(head) > 2 else "") + '"ops":['
    tables: dict[str, str] = {}
    for n, (table, record_id, record) in enumerate(ops):
        if record is None:
            text = "null"
        else:
            given = texts[n] if texts is not None else None
            text = given if given is not None else _ENCODE(record)
        name = tables.get(table)
        if name is None:
            name = tables[table] = _ENCODE(table)
        key = f'"{record_id}"' if _plain(record_id) else _ENCODE(record_id)
        yield f"{',' if n else ''}[{name},{key},{text}]"
    yield "]}\n"


def _plain(text: str) -> bool:
    """Whether ``text`` is its own JSON string (in quotes): letters and digits, as ids are."""
    return isinstance(text, str) and text.isascii() and text.isalnum()


def _chunks(pieces: Iterable[str]) -> Iterator[bytes]:
    """``pieces`` joined and encoded into chunks of about :data:`_PIECES` bytes."""
    batch: list[str] = []
    held = 0
    for piece in pieces:
        batch.append(piece)
        held += len(piece)
        if held >= _PIECES:
            yield "".join(batch).encode()
            batch, held = [], 0
    if batch:
        yield "".join(batch).encode()


def _write_at(fd: int, line: bytes, at: int) -> None:
    if hasattr(os, "pwrite"):
        written = 0
        while written < len(line):
            written += os.pwrite(fd, line[written:], at + written)
    else:  # pragma: no cover - Windows
        os.lseek(fd, at, os.SEEK_SET)
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view) :]


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("not text")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("not a count")
    return value


def _shape_problem(entry: Any) -> str | None:
    """Why a decoded line is not a save (``{"ops": [[table, id, record-or-null], ...]}``)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("ops"), list):
        return "is not a save: it holds no list of changes (ops)"
    for number, op in enumerate(entry["ops"], 1):
        if not isinstance(op, list) or len(op) != 3:
            return f"is not a save: change {number} is not [table, id, record]"
        table, record_id, record = op
        if not isinstance(table, str) or not isinstance(record_id, str):
            return f"is not a save: change {number} does not name a table and an id"
        if record is not None and not isinstance(record, dict):
            return f"is not a save: change {number} holds {type(record).__name__}, not a record"
    return None
