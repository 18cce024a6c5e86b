"""The operating system under the data file: one small layer, one class per OS.

The engine says *what* it needs (lock a file, replace one file by another, make bytes or a
rename durable, tell whether a process still runs, tell whether a file may be written);
each class says *how* on its OS:

* :class:`Posix` (Linux and the BSDs): ``flock`` (shared and exclusive), ``rename(2)``
  (atomic, and allowed while others hold the file open), ``fdatasync`` for files and
  ``fsync`` of the folder after a rename.
* :class:`Darwin` (macOS): as POSIX, but ``fsync`` there only reaches the drive's cache, so
  files **and folders** are synced with ``fcntl(F_FULLFSYNC)`` (plain ``fsync`` only where
  the file system refuses it, as some network and FAT volumes do).
* :class:`Windows`: ``msvcrt.locking`` has no shared lock, so whether others have the file
  open is told by byte-range *slots* (see ``lock.Presence``); a file some process holds open
  cannot be replaced (``MoveFileEx`` is refused), so a replace is retried for
  :attr:`OS.replace_patience` seconds and then reported as :class:`FileInUse` (callers then
  keep the journal and fold later: nothing is lost); renames are made durable by
  ``MOVEFILE_WRITE_THROUGH`` (a folder cannot be synced there); permission bits mean little.

Each class keeps its system calls in small ``_primitive`` methods and its rules (retries,
fallbacks, which call for which purpose) in the public ones, so that the tests can run the
Windows and macOS rules on Linux with only the primitives simulated (``tests/os_doubles.py``).
Every file the engine opens goes through :meth:`OS.open` / :meth:`OS.close` for the same
reason: the Windows double refuses to replace a file some handle holds open.

``current()`` is the layer in use; tests swap it with ``use()``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

BINARY = getattr(os, "O_BINARY", 0)
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileInUse(OSError):
    """A file could not be replaced because another program holds it open (Windows)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.EACCES, "another program has it open", str(path))


def problem(e: OSError) -> str:
    """What went wrong, in words a user reads (the file is named by the caller)."""
    words = {
        errno.ENOSPC: "the disk is full",
        getattr(errno, "EDQUOT", -1): "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "it does not exist",
        errno.ELOOP: "it is a symbolic link",
        errno.EIO: "the disk reported an input/output error",
        errno.ENOTDIR: "a folder in its path is not a folder",
    }
    if isinstance(e, FileInUse):
        return e.strerror or "another program has it open"
    return words.get(e.errno or 0) or (e.strerror or str(e)).rstrip(".").lower()


class OS:
    """What every OS layer provides (this base is the POSIX behaviour)."""

    name = "posix"
    shared_locks = True
    """``lock(fd, shared=True)`` exists, so presence is a shared lock."""
    replace_while_open = True
    """A file another process has open may be replaced (renamed over), so any process may
    fold the journal into the data file; on Windows only the last one to close it does."""
    keep_journal_open = True
    """The journal may stay open between saves (a checkpoint may still replace it)."""
    can_map = True
    """A mapped file may be replaced (for the mapped read path of issue 13)."""
    replace_patience = 2.0
    """Seconds a refused replace is retried (only where files held open cannot be replaced)."""

    # -- opening and closing (all of the engine's files come through here) -----------------

    def open(self, path: Path | str, flags: int, mode: int = 0o600) -> int:
        return os.open(path, flags | BINARY, mode)

    def close(self, fd: int) -> None:
        os.close(fd)

    def reader(self, path: Path | str, *, follow: bool = True) -> BinaryIO:
        """A binary file open for reading (``with`` it: closing it goes through :meth:`close`).
        Without ``follow`` a symbolic link is refused (``OSError``, ELOOP) where the OS can."""
        fd = self.open(path, os.O_RDONLY | (0 if follow else NOFOLLOW))
        return _Reader(self, fd)

    def remove(self, path: Path | str) -> None:
        os.unlink(path)

    # -- locks -------------------------------------------------------------------------------

    def try_lock(self, fd: int, *, shared: bool = False) -> bool:
        """Lock the whole file without waiting; False if another holder has it."""
        import fcntl

        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def unlock(self, fd: int) -> None:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)

    def try_lock_byte(self, fd: int, offset: int) -> bool:
        """Lock one byte exclusively without waiting (Windows presence slots only)."""
        raise NotImplementedError(f"{self.name} has shared locks; slots are not used")

    def unlock_byte(self, fd: int, offset: int) -> None:
        raise NotImplementedError(f"{self.name} has shared locks; slots are not used")

    # -- replacing and syncing -----------------------------------------------------------------

    def replace(self, src: Path | str, dst: Path | str) -> None:
        """Rename ``src`` over ``dst`` atomically (readers see one or the other)."""
        self._move(src, dst)

    def _move(self, src: Path | str, dst: Path | str) -> None:
        os.replace(src, dst)

    def sync_file(self, fd: int) -> None:
        """Make the bytes written to ``fd`` durable."""
        self._fdatasync(fd)

    def _fdatasync(self, fd: int) -> None:
        getattr(os, "fdatasync", os.fsync)(fd)

    def sync_dir(self, folder: Path | str) -> None:
        """Make the renames and creations inside ``folder`` durable."""
        fd = os.open(folder, os.O_RDONLY)
        try:
            self._fsync(fd)
        finally:
            os.close(fd)

    def _fsync(self, fd: int) -> None:
        os.fsync(fd)

    # -- processes -----------------------------------------------------------------------------

    def pid_alive(self, pid: int) -> bool:
        """Whether process ``pid`` still runs (another user's process counts as running)."""
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True

    # -- what may be written -------------------------------------------------------------------

    def read_only_reason(self, path: Path) -> str | None:
        """Why the existing file ``path`` must not be written, or None.

        A file is read-only when the system says it may not be written *or* no one has write
        permission on it (so a 0444 file stays unwritten even for root, who may write anything).
        """
        if self._on_read_only_mount(path.parent):
            return f"is on a read-only file system ({path.parent})"
        try:
            mode = path.stat().st_mode
        except OSError:
            return None
        if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            return "is read-only (its permissions do not allow writing)"
        return None

    def folder_read_only(self, folder: Path) -> bool:
        """Whether no file can be created in ``folder`` (by its permissions)."""
        try:
            mode = folder.stat().st_mode
        except OSError:
            return False
        writable = mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        return not writable or not os.access(folder, os.W_OK | os.X_OK)

    def _on_read_only_mount(self, folder: Path) -> bool:
        try:
            return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):
            return False

    def free_bytes(self, folder: Path) -> int | None:
        """Room left on the disk holding ``folder`` for this user, or None if unknown."""
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            return None


class Posix(OS):
    pass


class Darwin(Posix):
    """macOS: ``F_FULLFSYNC`` for files and folders alike (``fsync`` stops at the drive's cache)."""

    name = "darwin"

    def sync_file(self, fd: int) -> None:
        try:
            self._fullfsync(fd)
        except OSError:  # a file system without it (some network and FAT volumes)
            self._fsync(fd)

    def sync_dir(self, folder: Path | str) -> None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            try:
                self._fullfsync(fd)
            except OSError:
                self._fsync(fd)
        finally:
            os.close(fd)

    def _fullfsync(self, fd: int) -> None:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_FULLFSYNC)  # type: ignore[attr-defined,unused-ignore]


class Windows(OS):
    """Windows: exclusive byte-range locks only, no replacing an open file, write-through renames."""

    name = "windows"
    shared_locks = False
    keep_journal_open = False
    replace_while_open = False
    can_map = False
    STILL_ACTIVE = 259

    def try_lock(self, fd: int, *, shared: bool = False) -> bool:
        if shared:
            raise NotImplementedError("Windows has no shared lock: use presence slots")
        return self.try_lock_byte(fd, 0)

    def unlock(self, fd: int) -> None:
        self.unlock_byte(fd, 0)

    def try_lock_byte(self, fd: int, offset: int) -> bool:
        try:
            self._locking(fd, offset, unlock=False)
            return True
        except OSError:
            return False

    def unlock_byte(self, fd: int, offset: int) -> None:
        self._locking(fd, offset, unlock=True)

    def _locking(self, fd: int, offset: int, *, unlock: bool) -> None:
        import msvcrt

        os.lseek(fd, offset, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK if unlock else msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]

    def replace(self, src: Path | str, dst: Path | str) -> None:
        """Windows refuses to replace (or rename) a file some process holds open; readers
        hold it briefly, so retry for :attr:`replace_patience` seconds, then give up with
        :class:`FileInUse` (the caller keeps the journal: nothing is lost)."""
        deadline = time.monotonic() + self.replace_patience
        delay = 0.01
        while True:
            try:
                self._move(src, dst)
                return
            except PermissionError:
                if time.monotonic() >= deadline:
                    raise FileInUse(dst) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.2)

    def _move(self, src: Path | str, dst: Path | str) -> None:
        # MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH: the rename is on disk on return
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        if not kernel32.MoveFileExW(str(src), str(dst), 0x1 | 0x8):
            code = ctypes.get_last_error()  # type: ignore[attr-defined,unused-ignore]
            raise ctypes.WinError(code)  # type: ignore[attr-defined,unused-ignore]

    def sync_file(self, fd: int) -> None:
        self._fsync(fd)  # FlushFileBuffers

    def sync_dir(self, folder: Path | str) -> None:
        """Nothing to do: a folder cannot be opened to sync it on Windows; every rename is
        made with MOVEFILE_WRITE_THROUGH instead, and NTFS journals its metadata."""

    def remove(self, path: Path | str) -> None:
        os.unlink(path)  # refused (PermissionError) while any process holds it open

    def pid_alive(self, pid: int) -> bool:
        """``os.kill(pid, 0)`` would *kill* the process on Windows: ask the system instead."""
        return self._process_running(pid)

    def _process_running(self, pid: int) -> bool:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # type: ignore[attr-defined,unused-ignore]
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == self.STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)

    def folder_read_only(self, folder: Path) -> bool:
        return False  # folders' permissions are ACLs there: creating a file tells

    def _on_read_only_mount(self, folder: Path) -> bool:
        return False


class _Reader(io.BufferedReader):
    """A reading handle whose close is the OS layer's (so the Windows double sees it)."""

    def __init__(self, layer: OS, fd: int) -> None:
        super().__init__(io.FileIO(fd, "rb", closefd=False), buffer_size=1 << 16)
        self._layer, self._fd = layer, fd

    def close(self) -> None:
        if not self.closed:
            try:
                super().close()
            finally:
                self._layer.close(self._fd)


def _for_this_system() -> OS:
    if sys.platform == "win32":
        return Windows()
    if sys.platform == "darwin":
        return Darwin()
    return Posix()


_current: OS = _for_this_system()


def current() -> OS:
    """The OS layer in use."""
    return _current


@contextlib.contextmanager
def use(layer: OS) -> Iterator[OS]:
    """Run the engine on ``layer`` for a while (tests: the simulated Windows and macOS)."""
    global _current
    previous, _current = _current, layer
    try:
        yield layer
    finally:
        _current = previous
