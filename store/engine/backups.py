"""Backups kept beside the data file, in ``<data file>.backups/``.

A backup is taken before anything rewrites many records at once (a migration, an import, a
merge), when a journal has to be set aside, and when a save that never finished is cut off
a journal. ``rapport check`` lists them; an unreadable file's message names the newest.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import StoreError
from . import osapi
from .durable import file_mode, replace_atomically, replacing


def backup_dir(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".backups")


def _target(data_file: Path, reason: str, suffix: str = ".json") -> Path:
    folder = backup_dir(data_file)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return folder / f"{data_file.stem}-{stamp}-{reason}{suffix}"


def _failed(data_file: Path, e: OSError) -> StoreError:
    return StoreError(
        f"{backup_dir(data_file)}: a backup could not be kept there ({osapi.problem(e)}); "
        "nothing was changed"
    )


def write_backup(
    data_file: Path, reason: str, chunks: Iterable[bytes], *, suffix: str = ".json"
) -> Path:
    """Write a backup from ``chunks`` (a whole data file's bytes); return its path.

    Raises :class:`StoreError` (nothing changed) if it cannot be written."""
    try:
        target = _target(data_file, reason, suffix)
        replace_atomically(target, chunks, mode=file_mode(data_file))
    except OSError as e:
        raise _failed(data_file, e) from None
    return target


def copy_backup(source: Path, data_file: Path, reason: str, suffix: str = ".json") -> Path:
    """Copy ``source`` byte for byte into the backups folder; return the copy's path."""
    try:
        target = _target(data_file, reason, suffix)
        with (
            osapi.current().reader(source) as handle,
            replacing(target, mode=file_mode(data_file)) as out,
        ):
            _copy(handle, out)
    except OSError as e:
        raise _failed(data_file, e) from None
    return target


_NO_RANGE = frozenset({errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EBADF})
"""What ``copy_file_range`` fails with where it cannot copy these two files (another file
system, a device): they are then copied through this process."""


def _copy(source: BinaryIO, out: BinaryIO) -> None:
    """``source`` (from where it is) to its end into ``out`` (nothing written to it yet): in
    the kernel where it can (``os.copy_file_range``: no byte of a 300 MB file passes
    through this process), else a MiB at a time."""
    copy_range = getattr(os, "copy_file_range", None)
    if copy_range is not None:
        try:
            while copy_range(source.fileno(), out.fileno(), 1 << 30):
                pass
            return
        except OSError as e:
            if e.errno not in _NO_RANGE:
                raise
    # on from where the kernel stopped, if it copied some: it moved both files' offsets
    for chunk in iter(lambda: source.read(1 << 20), b""):
        out.write(chunk)


def list_backups(data_file: Path) -> list[Path]:
    """The backups of ``data_file``, oldest first."""
    folder = backup_dir(data_file)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def newest_backup(data_file: Path) -> Path | None:
    """The newest backup of the whole file (not of a journal or a part of one)."""
    backups = [p for p in list_backups(data_file) if p.suffix == ".json"]
    return backups[-1] if backups else None


def remove_all(data_file: Path) -> None:  # pragma: no cover - used by tests' clean-up only
    shutil.rmtree(backup_dir(data_file), ignore_errors=True)
