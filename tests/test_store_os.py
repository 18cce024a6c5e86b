"""The data file on Windows and macOS, simulated (``os_doubles.py``): the engine's real
Windows and macOS rules, with only their system calls replaced.

Windows: no shared lock, so presence is by slots and only the last one to close folds the
journal in; a file some handle holds open cannot be replaced, so a fold is put off (the
journal keeps every save) instead of failing; the journal is not held open between saves,
so another process's fold can replace it; stale temporaries are cleaned there too.
macOS: files and folders are synced with F_FULLFSYNC (fsync where it is refused).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from os_doubles import SimulatedDarwin, SimulatedWindows
from store_faults_helpers import journal, sound_file

from rapport.store import Context, Store
from rapport.store.actions.edits import log_interaction
from rapport.store.engine import osapi


@pytest.fixture
def db(tmp_path: Path, ctx: Context) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "rapport.json"
    sound_file(path, ctx)
    return path


@pytest.fixture
def windows() -> object:
    with osapi.use(SimulatedWindows()) as layer:
        yield layer


def acme(store: Store) -> str:
    return str(next(iter(store.all("accounts")))["id"])


def journal_saves(db: Path) -> int:
    return len(journal(db).read_bytes().splitlines()) - 1


# -- Windows -----------------------------------------------------------------------------------


def test_windows_has_no_shared_lock_and_the_engine_never_asks_for_one(
    windows: SimulatedWindows, db: Path
) -> None:
    fd = windows.open(db.with_name("probe"), os.O_RDWR | os.O_CREAT)
    try:
        with pytest.raises(NotImplementedError):
            windows.try_lock(fd, shared=True)
        assert windows.try_lock(fd) and not windows.try_lock(fd)  # exclusive, not nested
    finally:
        windows.close(fd)


def test_windows_only_the_last_one_to_close_folds_the_journal_in(
    windows: SimulatedWindows, db: Path, ctx: Context
) -> None:
    first, second = Store.open(db, ctx), Store.open(db, ctx)
    log_interaction(first, acme(first), summary="from the first")
    folded = db.read_bytes()
    first.close()  # the second still has it open (its slot is locked): nothing rewritten
    assert db.read_bytes() == folded and journal_saves(db) == 1
    second.close()
    assert journal_saves(db) == 0 and b"from the first" in db.read_bytes()


def test_windows_writers_exclude_each_other(
    windows: SimulatedWindows, db: Path, ctx: Context
) -> None:
    first, second = Store.open(db, ctx), Store.open(db, ctx)
    try:
        second.exclusive().open()
        with first.exclusive():
            assert not windows.try_lock(second.exclusive()._fd)  # type: ignore[arg-type]
        assert windows.try_lock(second.exclusive()._fd)  # type: ignore[arg-type]
        windows.unlock(second.exclusive()._fd)  # type: ignore[arg-type]
    finally:
        first.close()
        second.close()


def test_windows_a_fold_blocked_by_an_open_reader_is_put_off_and_nothing_is_lost(
    windows: SimulatedWindows, db: Path, ctx: Context
) -> None:
    store = Store.open(db, ctx)
    log_interaction(store, acme(store), summary="zebra call")
    reader = windows.reader(db)  # another program reading the file just then
    try:
        store.close()  # refused for replace_patience, then put off: no exception
    finally:
        reader.close()
    assert windows.refused, "the double let an open file be replaced"
    assert any(
        "kept in its journal" in n and "another program has it open" in n for n in store.notes
    )
    assert journal_saves(db) == 1 and b"zebra call" not in db.read_bytes()
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []
    with Store.open(db, ctx) as again:  # the reader is gone: the next close folds
        assert "zebra call" in {r["summary"] for r in again.all("interactions")}
    assert journal_saves(db) == 0 and b"zebra call" in db.read_bytes()


def test_windows_the_journal_is_not_held_open_so_another_can_fold(
    windows: SimulatedWindows, db: Path, ctx: Context
) -> None:
    writer, folder = Store.open(db, ctx), Store.open(db, ctx)
    try:
        log_interaction(writer, acme(writer), summary="saved")
        folder.checkpoint()  # replaces the data file and the journal the writer appended to
        assert windows.refused == []
        log_interaction(writer, acme(writer), summary="after the fold")
    finally:
        writer.close()
        folder.close()
    with Store.open(db, ctx, read_only=True) as view:
        assert {"saved", "after the fold"} <= {r["summary"] for r in view.all("interactions")}


def test_windows_leftovers_of_killed_folds_are_cleaned(
    windows: SimulatedWindows, db: Path, ctx: Context
) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    leftover = db.with_name(f".{db.name}.{int(dead.stdout)}-0badcafe.tmp")
    leftover.write_bytes(b"half a file")
    with Store.open(db, ctx) as store:
        log_interaction(store, acme(store), summary="x")
        store.checkpoint()
    assert not leftover.exists()


def test_windows_syncs_with_flush_and_renames_write_through(
    windows: SimulatedWindows, db: Path, ctx: Context
) -> None:
    with Store.open(db, ctx) as store:
        log_interaction(store, acme(store), summary="x")
    assert ("FlushFileBuffers", "file") in windows.syncs
    assert ("nothing (write-through rename)", "folder") in windows.syncs
    assert not any(call == "FlushFileBuffers" and kind == "folder" for call, kind in windows.syncs)
    assert any(Path(dst) == db for _, dst in windows.moves)


# -- macOS ---------------------------------------------------------------------------------------


def test_macos_syncs_files_and_folders_with_full_fsync(db: Path, ctx: Context) -> None:
    darwin = SimulatedDarwin()
    with osapi.use(darwin), Store.open(db, ctx) as store:
        log_interaction(store, acme(store), summary="x")  # a journal append
        store.checkpoint()  # a new file and journal, renamed into place
    assert {kind for _, kind in darwin.syncs} == {"file", "folder"}
    assert {call for call, _ in darwin.syncs} == {"F_FULLFSYNC"}, darwin.syncs


def test_macos_falls_back_to_fsync_where_full_fsync_is_refused(db: Path, ctx: Context) -> None:
    darwin = SimulatedDarwin(refuse_fullfsync=True)
    with osapi.use(darwin), Store.open(db, ctx) as store:
        log_interaction(store, acme(store), summary="x")
    assert darwin.syncs and {call for call, _ in darwin.syncs} == {"fsync"}


# -- POSIX ---------------------------------------------------------------------------------------


class RecordingPosix(osapi.Posix):
    def __init__(self) -> None:
        self.syncs: list[str] = []

    def _fdatasync(self, fd: int) -> None:
        self.syncs.append("fdatasync")
        super()._fdatasync(fd)

    def _fsync(self, fd: int) -> None:
        self.syncs.append("fsync")
        super()._fsync(fd)


def test_posix_syncs_each_save_and_each_rename(db: Path, ctx: Context) -> None:
    posix = RecordingPosix()
    with osapi.use(posix), Store.open(db, ctx) as store:
        log_interaction(store, acme(store), summary="x")
        assert posix.syncs == ["fdatasync"]  # one save: one sync of the journal
        store.checkpoint()
    # new data file, then its folder; new journal, then its folder
    assert posix.syncs[1:5] == ["fdatasync", "fsync", "fdatasync", "fsync"]
    assert json.loads(journal(db).read_bytes())["base"]
