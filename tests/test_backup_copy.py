"""A backup copied byte for byte (``backups.copy_backup``): in the kernel where it can, else
through the process, the same bytes either way, also when the kernel stops part way."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from rapport.store.engine.backups import copy_backup

DATA = b"".join(b'{"n":%d,"text":"x\xc3\xa9"}\n' % n for n in range(200_000))  # ~5 MB


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "rapport.json"
    path.write_bytes(DATA)
    return path


def test_a_copy_holds_the_same_bytes(data_file: Path) -> None:
    kept = copy_backup(data_file, data_file, "test")
    assert kept.read_bytes() == DATA
    assert kept.parent.name == "rapport.json.backups"


def test_without_copy_file_range_the_process_copies(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "copy_file_range", raising=False)
    assert copy_backup(data_file, data_file, "test").read_bytes() == DATA


def test_a_kernel_that_stops_part_way_is_taken_over(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = getattr(os, "copy_file_range", None)
    if real is None:
        pytest.skip("no copy_file_range on this system")
    calls = {"n": 0}

    def partly(src: int, dst: int, count: int, *args: object) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        return real(src, dst, 12_345)

    monkeypatch.setattr(os, "copy_file_range", partly, raising=False)
    assert copy_backup(data_file, data_file, "test").read_bytes() == DATA
    assert calls["n"] == 2


def test_a_failing_disk_is_said_not_taken_over(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: int, dst: int, count: int, *args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "copy_file_range", full, raising=False)
    with pytest.raises(Exception, match="could not be kept"):
        copy_backup(data_file, data_file, "test")
    assert not [p for p in (data_file.parent / "rapport.json.backups").iterdir()]
