"""Durable, atomic file operations, on every OS (through :mod:`.osapi`).

* :func:`sync` makes written bytes durable, :func:`sync_dir` a rename or creation inside a
  folder (which call does it is the OS layer's business: ``fdatasync``, ``F_FULLFSYNC``, ...).
* :func:`replace_atomically` (and :func:`replacing`, for what is written as it is made)
  writes a new file beside the target and renames it over the target, so a reader (or a
  crash) sees either the old file or the new one, never a mix. A symbolic link is written
  *through*: the new file is made beside the link's target and renamed onto it, and the
  link stays a link.
* :func:`write_private` and :func:`writing_private` write exports that way, readable by
  their owner only.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from . import osapi

OWNER_ONLY = 0o600


def sync(fd: int) -> None:
    osapi.current().sync_file(fd)


def sync_dir(path: Path) -> None:
    """Make a rename or a creation inside ``path`` durable."""
    osapi.current().sync_dir(path)


def file_mode(path: Path, default: int = OWNER_ONLY) -> int:
    """The permission bits of ``path`` if it exists (so shared files stay shared), else ``default``."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return default


def sibling_mode(data_file: Path) -> int:
    """The mode for the files Rapport keeps beside ``data_file`` (journal, locks): the data
    file's, so a shared file's companions are shared too, and always writable by their owner."""
    return file_mode(data_file) | OWNER_ONLY


def create_private(path: Path, mode: int = OWNER_ONLY) -> int:
    """Create ``path`` exclusively with exactly ``mode`` (the umask may not widen or narrow it)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | osapi.NOFOLLOW
    fd = osapi.current().open(path, flags, mode)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    return fd


TEMPORARY = ".tmp"


def temporary_name(path: Path) -> Path:
    """The hidden temporary beside ``path`` that :func:`replace_atomically` writes."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMPORARY}")


def remove_stale_temporaries(path: Path) -> int:
    """Remove what :func:`replace_atomically` calls on ``path`` left half-written when their
    process was killed (each a whole copy of the file, hidden, otherwise kept forever).

    Only files of processes that no longer run are removed (on every OS: the OS layer tells
    whether a process runs); call it holding the lock that serialises the writers of
    ``path``. A file some process still holds open (Windows refuses to remove it) is left
    for a later call. Returns how many were removed.
    """
    layer = osapi.current()
    path = Path(path)
    prefix = f".{path.name}."
    removed = 0
    for entry in os.scandir(path.parent):
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(TEMPORARY)):
            continue
        pid, sep, token = name[len(prefix) : -len(TEMPORARY)].partition("-")
        if not (sep and pid.isdigit() and token.isalnum()) or layer.pid_alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            layer.remove(entry.path)
            removed += 1
    return removed


@contextlib.contextmanager
def replacing(path: Path, *, mode: int | None = None) -> Iterator[BinaryIO]:
    """``with replacing(path) as out: out.write(...)``: what the block writes goes to a
    temporary file beside ``path``; when the block ends it is made durable, renamed over
    ``path`` and the rename made durable. If the block raises, the temporary is removed and
    ``path`` is untouched. ``path`` may be a symbolic link: its target is replaced (the
    temporary is made beside the target), never the link itself.

    Raises ``OSError`` (the temporary removed, ``path`` untouched) if it cannot be done, and
    :class:`~.osapi.FileInUse` where another program holding ``path`` open prevents it.
    """
    layer = osapi.current()
    path = Path(os.path.realpath(path))
    if mode is None:
        mode = file_mode(path)
    tmp = temporary_name(path)
    fd = create_private(tmp, mode)
    try:
        try:
            with os.fdopen(fd, "wb", buffering=1 << 20, closefd=False) as out:
                yield out
                out.flush()
                layer.sync_file(fd)
        finally:
            layer.close(fd)
        layer.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            layer.remove(tmp)
        raise
    layer.sync_dir(path.parent)


def replace_atomically(path: Path, chunks: Iterable[bytes], *, mode: int | None = None) -> None:
    """Write ``chunks`` to a temporary file beside ``path``, make it durable, rename it over
    ``path`` and make the rename durable (:func:`replacing`)."""
    with replacing(path, mode=mode) as out:
        for chunk in chunks:
            out.write(chunk)


class Utf8Writer:
    """Text written to a binary stream as UTF-8 as it comes, in pieces of about
    :data:`PIECE` characters: an export never holds more than that of its text. Lines are
    written as given (no newline translation, on every OS)."""

    PIECE = 1 << 18

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self.PIECE:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            data = "".join(self._parts).encode("utf-8")
            self._parts.clear()
            self._size = 0
            self._raw.write(data)


def write_private(path: Path, data: bytes) -> None:
    """Write an export (CSV, JSON, a card, a calendar) atomically, readable by its owner
    only (0600), as the data file is: exports hold the same customer data."""
    replace_atomically(Path(path), [data], mode=OWNER_ONLY)


@contextlib.contextmanager
def writing_private(path: Path) -> Iterator[Utf8Writer]:
    """``with writing_private(path) as out: out.write(text)``: an export written as it is
    made, as UTF-8, and put in place as :func:`write_private` does (atomically, 0600): the
    file appears complete or not at all."""
    with replacing(Path(path), mode=OWNER_ONLY) as raw:
        out = Utf8Writer(raw)
        yield out
        out.flush()
