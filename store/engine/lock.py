"""Locks between processes (and threads) that share one data file.

* :class:`WriteLock` serialises writers: held while a save is appended to the journal and
  while the journal is folded into the data file. Reentrant within a process.
* :class:`Presence` tells whether other processes still have the file open, so that the
  last one to close folds the journal into the data file.

Both go through the OS layer (:mod:`.osapi`). Where the OS has shared locks (POSIX
``flock``), presence is a shared lock on ``<data file>.users`` and "the last one" is whoever
can turn it exclusive. Windows has exclusive locks only, so there each process locks a
*slot* (one byte of ``.users``) of its own, and "the last one" is whoever finds every other
slot free.

Lock files are opened without following symbolic links: a link where a lock file should be
is refused, never followed (a dangling one would otherwise create its target).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from ..errors import StoreBusy
from . import osapi
from .durable import sibling_mode

SLOTS = 256
"""Presence slots on Windows: bytes 1..SLOTS of ``.users`` (byte 0 is unused there)."""


def _try_lock(fd: int, shared: bool = False) -> bool:
    """Lock the whole file without waiting (module level: the tests watch it)."""
    return osapi.current().try_lock(fd, shared=shared)


def _unlock(fd: int) -> None:
    osapi.current().unlock(fd)


def open_lock_file(path: Path, like: Path) -> int:
    """Open (creating it if need be) the lock file ``path`` beside the data file ``like``.

    Raises ``OSError`` if it cannot be opened or created (a read-only folder, a link)."""
    layer = osapi.current()
    flags = os.O_RDWR | os.O_CREAT | osapi.NOFOLLOW
    try:
        return layer.open(path, flags, sibling_mode(like))
    except PermissionError:
        if not path.exists():
            raise
        # a lock file we may not write to still locks (flock and LockFile need only a handle)
        return layer.open(path, os.O_RDONLY | osapi.NOFOLLOW)


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

    @property
    def held(self) -> bool:
        """This thread holds the lock (inside a ``with``)."""
        return self._depth > 0

    def open(self) -> None:
        """Open (or create) the lock file without locking it: ``OSError`` if it cannot be."""
        if self._fd is None:
            self._fd = open_lock_file(self.path, self._like)

    def _acquire(self) -> None:
        self.open()
        assert self._fd is not None
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
            osapi.current().close(self._fd)
            self._fd = None


class Presence:
    """Held while this process has the file open: a shared lock on ``<data file>.users``,
    or (Windows) an exclusive lock on a slot of it."""

    def __init__(self, path: Path, like: Path) -> None:
        self.path = path
        self._layer = osapi.current()
        self._fd: int | None = open_lock_file(path, like)
        self._slot: int | None = None
        if self._layer.shared_locks:
            deadline = time.monotonic() + 30
            while not _try_lock(self._fd, shared=True):
                if time.monotonic() > deadline:  # pragma: no cover - a stuck closer
                    break
                time.sleep(0.005)
        else:
            for slot in range(1, SLOTS + 1):
                if self._layer.try_lock_byte(self._fd, slot):
                    self._slot = slot
                    break

    def last_one(self) -> bool:
        """True when no other process has the file open.

        Without a slot of its own (all taken) a process cannot tell and answers False: the
        journal then keeps the saves until a later close folds them (nothing is lost)."""
        if self._fd is None:
            return True
        if self._layer.shared_locks:
            return _try_lock(self._fd, shared=False)
        if self._slot is None:
            return False
        for slot in range(1, SLOTS + 1):
            if slot == self._slot:
                continue
            if not self._layer.try_lock_byte(self._fd, slot):
                return False  # someone holds it: still open elsewhere
            self._layer.unlock_byte(self._fd, slot)
        return True

    def release(self) -> None:
        if self._fd is not None:
            try:
                if self._layer.shared_locks:
                    _unlock(self._fd)
                elif self._slot is not None:
                    self._layer.unlock_byte(self._fd, self._slot)
            finally:
                self._layer.close(self._fd)
                self._fd = None
