"""Faults of the file system, injected at the ``os`` level for one folder (the tests run as
root here, whom permissions do not stop, and a read-only mount or a full disk cannot be
made without privileges). Patched: ``os.open``, ``os.replace``, ``os.rename``, ``os.mkdir``,
``os.unlink``, ``os.statvfs``, ``os.pwrite``: what the data file's code calls, before
issue 12's fixes and after them, so a test shows the fault both ways.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Faults:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.real = {
            name: getattr(os, name)
            for name in ("open", "replace", "rename", "mkdir", "unlink", "statvfs", "pwrite")
        }

    @staticmethod
    def _inside(path: Any, folder: Path) -> bool:
        try:
            return Path(os.path.abspath(os.fspath(path))).parent == folder
        except TypeError:
            return False

    def _refuse(self, code: int, path: Any) -> OSError:
        return OSError(code, os.strerror(code), os.fspath(path))

    def read_only_folder(self, folder: Path, code: int = errno.EACCES) -> None:
        """Nothing can be created, renamed or removed in ``folder``; its existing files can
        still be written (as with ``chmod a-w folder``)."""
        folder = folder.resolve()
        real = self.real

        def opener(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
            if self._inside(path, folder) and flags & os.O_CREAT and not os.path.exists(path):
                raise self._refuse(code, path)
            return real["open"](path, flags, mode, **kw)

        def mover(src: Any, dst: Any, **kw: Any) -> None:
            if self._inside(src, folder) or self._inside(dst, folder):
                raise self._refuse(code, dst)
            real["replace"](src, dst, **kw)

        def mkdir(path: Any, mode: int = 0o777, **kw: Any) -> None:
            if self._inside(path, folder):
                raise self._refuse(code, path)
            real["mkdir"](path, mode, **kw)

        def unlink(path: Any, **kw: Any) -> None:
            if self._inside(path, folder):
                raise self._refuse(code, path)
            real["unlink"](path, **kw)

        self.monkeypatch.setattr(os, "open", opener)
        self.monkeypatch.setattr(os, "replace", mover)
        self.monkeypatch.setattr(os, "rename", mover)
        self.monkeypatch.setattr(os, "mkdir", mkdir)
        self.monkeypatch.setattr(os, "unlink", unlink)

    def read_only_mount(self, folder: Path) -> None:
        """``folder`` is on a read-only file system: ``statvfs`` says so, and every write
        fails with EROFS."""
        folder = folder.resolve()
        real = self.real
        self.read_only_folder(folder, errno.EROFS)
        creating = os.open

        def opener(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
            if self._inside(path, folder) and flags & WRITING:
                raise self._refuse(errno.EROFS, path)
            return creating(path, flags, mode, **kw)

        def statvfs(path: Any) -> os.statvfs_result:
            found = real["statvfs"](path)
            if Path(os.path.abspath(os.fspath(path))) == folder:
                values = list(found)
                values[8] |= os.ST_RDONLY  # f_flag
                return os.statvfs_result(values)
            return found

        self.monkeypatch.setattr(os, "open", opener)
        self.monkeypatch.setattr(os, "statvfs", statvfs)

    def full_disk_for_new_files(self, folder: Path) -> None:
        """A new file in ``folder`` (a checkpoint's or a backup's temporary) is created, but
        writing to it fails: the disk is full."""
        folder = folder.resolve()
        real = self.real

        def opener(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
            if self._inside(path, folder) and flags & os.O_CREAT and flags & os.O_EXCL:
                fd = real["open"](path, flags, mode, **kw)
                os.close(fd)
                return real["open"]("/dev/full", os.O_WRONLY)
            return real["open"](path, flags, mode, **kw)

        self.monkeypatch.setattr(os, "open", opener)

    def full_disk_mid_write(self) -> None:
        """``os.pwrite`` (a journal append) writes half of what it is given, then the disk is full."""
        real = self.real
        state = {"wrote": False}

        def pwrite(fd: int, data: bytes, offset: int) -> int:
            if not state["wrote"]:
                state["wrote"] = True
                return real["pwrite"](fd, data[: len(data) // 2], offset)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        self.monkeypatch.setattr(os, "pwrite", pwrite)
