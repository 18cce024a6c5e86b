"""Windows and macOS, simulated on Linux: the engine's OS layers with only their system
calls replaced (``store/engine/osapi.py`` keeps those in ``_primitive`` methods), so the
tests run the real Windows and macOS rules here.

* :class:`SimulatedWindows` behaves as Windows does where it matters to the data file: no
  shared lock (asking for one fails the test), exclusive byte-range locks held per handle
  (two handles of one process conflict, as on Windows), no replacing or removing a file that
  some handle holds open, and syncs recorded.
* :class:`SimulatedDarwin` records which sync each file and folder got (``F_FULLFSYNC``, or
  plain ``fsync`` where the file system refuses it: ``refuse_fullfsync``).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from rapport.store.engine import osapi


def _kind(fd: int) -> str:
    return "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"


class SimulatedDarwin(osapi.Darwin):
    def __init__(self, *, refuse_fullfsync: bool = False) -> None:
        self.refuse_fullfsync = refuse_fullfsync
        self.syncs: list[tuple[str, str]] = []
        """(call, "file" or "folder") for every sync, in order."""

    def _fullfsync(self, fd: int) -> None:
        if self.refuse_fullfsync:
            raise OSError(errno.ENOTSUP, "F_FULLFSYNC not supported here")
        self.syncs.append(("F_FULLFSYNC", _kind(fd)))
        os.fsync(fd)

    def _fsync(self, fd: int) -> None:
        self.syncs.append(("fsync", _kind(fd)))
        os.fsync(fd)

    def _fdatasync(self, fd: int) -> None:  # never used on macOS (it has no fdatasync)
        self.syncs.append(("fdatasync", _kind(fd)))
        os.fdatasync(fd)


class SimulatedWindows(osapi.Windows):
    replace_patience = 0.2  # Windows' retries, shortened for the tests

    def __init__(self) -> None:
        self.handles: dict[int, tuple[int, int]] = {}
        """Open handles: fd -> (device, inode) of the file it holds."""
        self.locks: dict[tuple[int, int, int], int] = {}
        """Locked bytes: (device, inode, offset) -> the fd holding the lock."""
        self.syncs: list[tuple[str, str]] = []
        self.refused: list[str] = []
        """Every replace or removal refused because a handle held the file open."""
        self.moves: list[tuple[str, str]] = []

    # -- handles ---------------------------------------------------------------------------

    def open(self, path: Path | str, flags: int, mode: int = 0o600) -> int:
        fd = super().open(path, flags, mode)
        st = os.fstat(fd)
        self.handles[fd] = (st.st_dev, st.st_ino)
        return fd

    def close(self, fd: int) -> None:
        self.handles.pop(fd, None)
        for key in [k for k, holder in self.locks.items() if holder == fd]:
            del self.locks[key]  # closing a handle releases its locks
        super().close(fd)

    def _held_open(self, path: Path | str) -> bool:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return False
        return (st.st_dev, st.st_ino) in self.handles.values()

    # -- the system calls, as Windows answers them --------------------------------------------

    def _locking(self, fd: int, offset: int, *, unlock: bool) -> None:
        dev, ino = self.handles[fd]  # a lock is only ever taken on a handle the layer opened
        key = (dev, ino, offset)
        if unlock:
            if self.locks.get(key) != fd:
                raise OSError(errno.EACCES, "not locked by this handle")
            del self.locks[key]
        elif key in self.locks:  # even by this very handle: LockFile does not nest
            raise OSError(errno.EACCES, "locked")
        else:
            self.locks[key] = fd

    def _move(self, src: Path | str, dst: Path | str) -> None:
        for path in (src, dst):
            if self._held_open(path):
                self.refused.append(f"replace {dst}")
                raise PermissionError(
                    errno.EACCES,
                    "The process cannot access the file because it is being used by another process",
                    str(path),
                )
        self.moves.append((str(src), str(dst)))
        os.replace(src, dst)

    def remove(self, path: Path | str) -> None:
        if self._held_open(path):
            self.refused.append(f"remove {path}")
            raise PermissionError(errno.EACCES, "being used by another process", str(path))
        os.unlink(path)

    def _fsync(self, fd: int) -> None:
        self.syncs.append(("FlushFileBuffers", _kind(fd)))
        os.fsync(fd)

    def sync_dir(self, folder: Path | str) -> None:
        self.syncs.append(("nothing (write-through rename)", "folder"))
        super().sync_dir(folder)

    def _process_running(self, pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True
