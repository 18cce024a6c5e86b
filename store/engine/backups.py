"""Backups kept beside the data file, in ``<data file>.backups/``.

A backup is taken before anything rewrites many records at once (a migration, an import, a
merge), when a journal has to be set aside, and when a save that never finished is cut off
a journal. ``rapport check`` lists them; an unreadable file's message names the newest.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from ..errors import StoreError
from . import osapi
from .durable import file_mode, replace_atomically


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
        with osapi.current().reader(source) as handle:
            replace_atomically(
                target, iter(lambda: handle.read(1 << 20), b""), mode=file_mode(data_file)
            )
    except OSError as e:
        raise _failed(data_file, e) from None
    return target


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
