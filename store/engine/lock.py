"""Locks between processes (and threads) that share one data file.

* :class:`WriteLock` serialises writers: held while a save is appended to the journal and
  while the journal is folded into the data file. Reentrant within a process.
* :class:`Presence` tells whether other processes still have the file open, so that the
  last one to close folds the journal into the data file.

POSIX uses ``flock``; Windows uses ``msvcrt.locking`` (exclusive only, so there every
process folds the journal when it closes).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from ..errors import StoreBusy
from .durable import file_mode

if sys.platform != "win32":  # POSIX
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    SHARED_LOCKS = True
else:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int, shared: bool = False) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    SHARED_LOCKS = False


def _open_lockfile(path: Path, like: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, file_mode(like))


class WriteLock:
    """An exclusive lock on ``<data file>.lock``, reentrant and thread-safe in one process."""

    def __init__(self, path: Path, like: Path, timeout: float = 30.0) -> None:
        self.path = path
        self._like = like
        self._timeout = timeout
        self._fd: int | None = None
        self._thread_lock = threading.RLock()
        self._depth = 0

    def __enter__(self) -> WriteLock:
        self._thread_lock.acquire()
        try:
            if self._depth == 0:
                self._acquire()
        except BaseException:
            self._thread_lock.release()
            raise
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        try:
            if self._depth == 0 and self._fd is not None:
                _unlock(self._fd)
        finally:
            self._thread_lock.release()

    def _acquire(self) -> None:
        if self._fd is None:
            self._fd = _open_lockfile(self.path, self._like)
        deadline = time.monotonic() + self._timeout
        delay = 0.001
        while not _try_lock(self._fd):
            if time.monotonic() > deadline:
                raise StoreBusy(
                    f"{self._like}: another program has held the file's lock for "
                    f"{self._timeout:.0f} s ({self.path}); try again"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Presence:
    """A shared lock on ``<data file>.users`` held while this process has the file open."""

    def __init__(self, path: Path, like: Path) -> None:
        self.path = path
        self._fd: int | None = _open_lockfile(path, like)
        deadline = time.monotonic() + 30
        while SHARED_LOCKS and not _try_lock(self._fd, shared=True):
            if time.monotonic() > deadline:  # pragma: no cover - a stuck closer
                break
            time.sleep(0.005)

    def last_one(self) -> bool:
        """True when no other process has the file open (always True without shared locks)."""
        if not SHARED_LOCKS or self._fd is None:
            return True
        return _try_lock(self._fd, shared=False)

    def release(self) -> None:
        if self._fd is not None:
            try:
                if SHARED_LOCKS:
                    _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None
