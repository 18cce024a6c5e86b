"""Issue 12, what is written: a save is reported done exactly when it was kept; a read-only
file, journal, folder or file system is never written; a full disk, a link where Rapport's
own files go, and a data file deleted while open each get a message naming the file.

The tests run as root here, whom permissions do not stop: read-only *permissions* are real
(Rapport goes by the permission bits too), read-only folders and file systems and full disks
are injected at the ``os`` level (``faults.py``), so the same test shows the fault before the
fix (a traceback, or a write) and after it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from faults import Faults
from store_faults_helpers import journal, leave_saves_in_journal, rapport, snapshot, sound_file

from rapport.store import Context, Store, StoreError
from rapport.store.actions.edits import log_interaction
from rapport.store.engine.backups import backup_dir

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def db(tmp_path: Path, ctx: Context) -> Path:
    """A sound file that has been opened (its lock files exist), with ACME."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "rapport.json"
    sound_file(path, ctx)
    return path


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    return Faults(monkeypatch)


def log(capsys: Capsys, db: Path, summary: str = "a call") -> tuple[int, str, str]:
    return rapport(capsys, "log", "ACME", "--summary", summary, "--db", str(db))


def summaries(db: Path, ctx: Context) -> set[str]:
    with Store.open(db, ctx, read_only=True) as store:
        return {r["summary"] for r in store.all("interactions")}


# -- 5. a save that was kept is reported done; one that was not, failed and absent ---------


def test_a_kept_save_in_a_read_only_folder_is_done_with_a_warning(
    db: Path, ctx: Context, capsys: Capsys, faults: Faults
) -> None:
    """The journal can take the save; a fold cannot make its new file."""
    faults.read_only_folder(db.parent)
    code, out, err = log(capsys, db, "kept")
    assert code == 0, err
    assert len(out.strip()) == 12  # the new interaction's id
    assert "Traceback" not in err
    code, out, err = rapport(capsys, "fold", "--db", str(db))
    assert code == 1, err
    assert "kept in its journal" in err and "permission denied" in err
    assert "Traceback" not in err
    assert b"kept" in journal(db).read_bytes()
    assert "kept" in summaries(db, ctx)


def test_a_kept_save_on_a_full_disk_is_done_with_a_warning(
    db: Path, ctx: Context, capsys: Capsys, faults: Faults
) -> None:
    faults.full_disk_for_new_files(db.parent)
    code, out, err = log(capsys, db, "kept")
    assert code == 0 and out.strip(), err
    code, out, err = rapport(capsys, "fold", "--db", str(db))
    assert code == 1 and "kept in its journal" in err and "disk is full" in err
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert "kept" in summaries(db, ctx)


def test_a_save_the_disk_has_no_room_for_is_refused_before_anything_is_written(
    db: Path, ctx: Context, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=4096))
    before = snapshot(db.parent)
    code, out, err = log(capsys, db, "no room")
    assert code == 1 and out == ""
    assert f"{journal(db)}: the disk is full" in err and "nothing was saved" in err
    assert snapshot(db.parent) == before


def test_a_save_the_disk_fills_up_under_is_taken_back(
    db: Path, ctx: Context, capsys: Capsys, faults: Faults
) -> None:
    written = journal(db).read_bytes()
    faults.full_disk_mid_write()
    code, out, err = log(capsys, db, "half")
    assert code == 1 and out == "", err
    assert "disk is full" in err and "nothing was saved" in err
    assert journal(db).read_bytes() == written, "half a save was left in the journal"
    assert "half" not in summaries(db, ctx)


# -- 6. a read-only file or mount is never written --------------------------------------------


def test_a_read_only_file_is_never_written_and_can_be_viewed(
    tmp_path: Path, ctx: Context, capsys: Capsys
) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    db = folder / "rapport.json"
    sound_file(db, ctx)
    for path in folder.iterdir():  # as copied from elsewhere: the file alone, 0444
        if path != db:
            path.unlink()
    db.chmod(0o444)
    before = snapshot(folder)
    code, out, err = log(capsys, db)
    assert code == 1 and out == ""
    assert f"{db}: is read-only" in err and "nothing was saved" in err
    code, out, err = rapport(capsys, "card", "ACME", "--db", str(db))
    assert code == 0 and "ACME" in out, err
    code, out, _ = rapport(capsys, "check", str(db))
    assert code == 0, out
    with Store.open(db, ctx) as store:  # opened for writing: it says why it cannot
        assert store.read_only and "read-only" in str(store.read_only_reason)
    assert snapshot(folder) == before
    assert sorted(os.listdir(folder)) == [db.name]


def test_a_read_only_journal_refuses_saves_with_a_message(
    db: Path, ctx: Context, capsys: Capsys
) -> None:
    leave_saves_in_journal(db, ctx, 1)
    journal(db).chmod(0o444)
    before = snapshot(db.parent)
    code, out, err = log(capsys, db)
    assert code == 1 and out == ""
    assert f"its journal {journal(db)} is read-only" in err and "Traceback" not in err
    assert snapshot(db.parent) == before
    assert "call 0" in summaries(db, ctx)  # what it holds is still read


def test_a_read_only_mount_is_never_written(
    tmp_path: Path, ctx: Context, capsys: Capsys, faults: Faults
) -> None:
    folder = tmp_path / "mounted"
    folder.mkdir()
    db = folder / "rapport.json"
    sound_file(db, ctx)
    for name in (".lock", ".users"):  # never opened on this machine
        db.with_name(db.name + name).unlink()
    before = snapshot(folder)
    faults.read_only_mount(folder)
    code, out, err = log(capsys, db)
    assert code == 1 and out == ""
    assert "read-only file system" in err and "Traceback" not in err
    code, out, err = rapport(capsys, "card", "ACME", "--db", str(db))
    assert code == 0 and "ACME" in out, err
    assert snapshot(folder) == before


def test_a_folder_where_the_lock_files_cannot_be_made_opens_read_only(
    tmp_path: Path, ctx: Context, capsys: Capsys, faults: Faults
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "rapport.json"
    sound_file(db, ctx)
    for name in (".lock", ".users"):
        db.with_name(db.name + name).unlink()
    faults.read_only_folder(folder)
    code, out, err = log(capsys, db)
    assert code == 1 and out == ""
    assert "cannot be opened or made (permission denied)" in err and "nothing was saved" in err
    # (the index was made by the fold that wrote the file, before the folder was locked)
    assert sorted(os.listdir(folder)) == [db.name, db.name + ".index", db.name + ".journal"]


# -- links where Rapport's own files go ----------------------------------------------------


@pytest.mark.parametrize("suffix", [".users", ".lock"])
def test_a_dangling_link_for_a_lock_file_is_not_followed(
    db: Path, ctx: Context, capsys: Capsys, suffix: str
) -> None:
    lock = db.with_name(db.name + suffix)
    lock.unlink()
    target = db.parent / "elsewhere" / "made-by-rapport"
    lock.symlink_to(target)
    code, out, err = log(capsys, db)
    assert code == 1 and out == ""
    assert f"{lock} is a symbolic link" in err
    assert not target.parent.exists()
    assert lock.is_symlink()


def test_a_dangling_journal_link_is_refused_with_a_message(
    db: Path, ctx: Context, capsys: Capsys
) -> None:
    journal(db).unlink()
    target = db.parent / "nowhere.journal"
    journal(db).symlink_to(target)
    code, out, err = log(capsys, db)
    assert code == 1 and out == ""
    assert f"{journal(db)}: is a symbolic link" in err and "Traceback" not in err
    code, out, _ = rapport(capsys, "check", str(db))
    assert code == 1 and "symbolic link" in out
    assert not target.exists() and journal(db).is_symlink()


# -- 7. a data file deleted while open --------------------------------------------------------


def test_a_data_file_deleted_while_open_is_recovered_at_the_next_save(
    db: Path, ctx: Context
) -> None:
    store = Store.open(db, ctx)
    account = next(iter(store.all("accounts")))["id"]
    log_interaction(store, account, summary="in the journal only")
    db.unlink()
    with pytest.raises(StoreError) as refused:
        log_interaction(store, account, summary="after the deletion")
    message = str(refused.value)
    assert f"{db}: was deleted or moved away" in message and "nothing was saved" in message
    recovered = [p for p in db.parent.iterdir() if ".recovered-" in p.name]
    assert len(recovered) == 1 and str(recovered[0]) in message
    with pytest.raises(StoreError):  # said again, no second recovery file
        log_interaction(store, account, summary="again")
    store.close()
    assert [p for p in db.parent.iterdir() if ".recovered-" in p.name] == recovered
    assert summaries(recovered[0], ctx) == {"first call", "in the journal only"}
    # renamed into place beside the orphaned journal, it is the file again, and knows that it
    # holds all of that journal (which is still kept aside, as any journal not its own)
    recovered[0].rename(db)
    with Store.open(db, ctx) as store:
        assert {r["summary"] for r in store.all("interactions")} == {
            "first call",
            "in the journal only",
        }
        assert any("already holds" in note for note in store.notes), store.notes
    assert len(list(backup_dir(db).iterdir())) == 1


def test_a_file_fault_no_verb_foresaw_is_a_message(
    db: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of defence: an OSError anywhere is a message naming the file."""
    from rapport.cli import cmd_card

    def broken(*args: object) -> int:
        raise OSError(errno.EIO, "Input/output error", str(db))

    monkeypatch.setattr(cmd_card, "run", broken)
    code, _, err = rapport(capsys, "card", "ACME", "--db", str(db))
    assert code == 1 and f"rapport: {db}: input/output error" in err


def test_a_new_file_made_where_one_was_deleted_keeps_its_orphaned_journal(
    db: Path, ctx: Context
) -> None:
    leave_saves_in_journal(db, ctx, 2)  # saves only in the journal, then the file is gone
    orphan = journal(db).read_bytes()
    db.unlink()
    with Store.open(db, ctx) as store:  # the app makes a new file at the path
        assert any("without its data file" in note for note in store.notes)
    kept = [p for p in backup_dir(db).iterdir() if p.name.endswith(".journal")]
    assert len(kept) == 1 and kept[0].read_bytes() == orphan
