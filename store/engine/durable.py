"""Durable, atomic file operations that work on Linux, macOS and Windows.

* :func:`sync` makes written bytes durable (``fdatasync``; ``F_FULLFSYNC`` on macOS, where
  plain ``fsync`` only reaches the drive's cache; ``fsync`` elsewhere).
* :func:`replace_atomically` writes a new file beside the target and renames it over the
  target, so a reader (or a crash) sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from collections.abc import Iterable
from pathlib import Path

OWNER_ONLY = 0o600


def sync(fd: int) -> None:
    if sys.platform == "darwin":  # pragma: no cover - not run on Linux CI
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:  # pragma: no cover - Windows, macOS fallback
        os.fsync(fd)


def sync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_mode(path: Path, default: int = OWNER_ONLY) -> int:
    """The permission bits of ``path`` if it exists (so shared files stay shared), else ``default``."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return default


def create_private(path: Path, mode: int = OWNER_ONLY) -> int:
    """Create ``path`` exclusively with exactly ``mode`` (the umask may not widen or narrow it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    return fd


def _replace(src: Path, dst: Path) -> None:
    # Windows refuses to replace a file another process has open; those opens are brief.
    for attempt in range(50):
        try:
            os.replace(src, dst)
            return
        except PermissionError:  # pragma: no cover - Windows only
            if os.name == "posix" or attempt == 49:
                raise
            time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, say: alive
        return True
    return True


def remove_stale_temporaries(path: Path) -> int:
    """Remove what :func:`replace_atomically` calls on ``path`` left half-written when their
    process was killed (each a whole copy of the file, hidden, otherwise kept forever).

    Only files of processes that no longer run are removed; call it holding the lock that
    serialises the writers of ``path``. Returns how many were removed.
    """
    if os.name != "posix":  # pragma: no cover - os.kill(pid, 0) would kill on Windows
        return 0
    path = Path(path)
    prefix = f".{path.name}."
    removed = 0
    for entry in os.scandir(path.parent):
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid, sep, token = name[len(prefix) : -len(".tmp")].partition("-")
        if not (sep and pid.isdigit() and token.isalnum()) or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed += 1
    return removed


def replace_atomically(path: Path, chunks: Iterable[bytes], *, mode: int | None = None) -> None:
    """Write ``chunks`` to a temporary file beside ``path``, make it durable, rename it over ``path``."""
    path = Path(path)
    if mode is None:
        mode = file_mode(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = create_private(tmp, mode)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            sync(out.fileno())
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    sync_dir(path.parent)


def write_private(path: Path, data: bytes) -> None:
    """Write an export (CSV, JSON, a card, a calendar) atomically, readable by its owner
    only (0600), as the data file is: exports hold the same customer data."""
    replace_atomically(Path(path), [data], mode=OWNER_ONLY)
