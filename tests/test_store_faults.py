"""Issue 12, what is read: a data file reached by two paths, damaged journals, journal
entries no save could have written, and files that are not Rapport's.

Each case failed before the fix (data lost or rewritten, or a traceback); each now gets a
message naming the file and the problem, and the file is left exactly as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import tinydb
from store_faults_helpers import (
    append_line,
    journal,
    leave_saves_in_journal,
    rapport,
    snapshot,
    sound_file,
)

from rapport.store import Context, Store, UnreadableFile
from rapport.store.actions.edits import log_interaction
from rapport.store.engine.backups import backup_dir, list_backups
from rapport.store.records.ids import new_id

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "data"
    made.mkdir()
    return made


# -- 1. one file by two paths ------------------------------------------------------------------


def test_a_file_reached_through_a_link_is_one_file_written_through_the_link(
    folder: Path, ctx: Context, capsys: Capsys
) -> None:
    real = folder / "real" / "a.json"
    real.parent.mkdir()
    account = sound_file(real, ctx)
    link = folder / "link.json"
    link.symlink_to(real)

    via_link, via_real = Store.open(link, ctx), Store.open(real, ctx)
    for n in range(4):
        log_interaction(via_link, account, summary=f"link {n}")
        log_interaction(via_real, account, summary=f"real {n}")
        via_link.refresh()
        via_real.refresh()
    assert via_link.count("interactions") == via_real.count("interactions") == 9
    via_link.close()  # the last one but one: nothing folded
    via_real.close()  # the last one: folds everything into the one file

    assert link.is_symlink() and link.resolve() == real, "the link was replaced by a copy"
    assert sorted(p.name for p in folder.iterdir()) == ["link.json", "real"]
    code, out, _ = rapport(
        capsys, "log", "ACME", "--summary", "through the link", "--db", str(link)
    )
    assert code == 0 and out.strip()
    assert link.is_symlink() and link.resolve() == real
    code, _, err = rapport(capsys, "fold", "--db", str(link))
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real
    with tinydb.TinyDB(real, access_mode="r") as db:
        summaries = {d["summary"] for d in db.table("interactions").all()}
    assert summaries == {"first call", "through the link"} | {
        f"{side} {n}" for side in ("link", "real") for n in range(4)
    }


def test_a_dangling_link_is_refused_and_its_target_not_made(folder: Path, ctx: Context) -> None:
    link = folder / "link.json"
    link.symlink_to(folder / "gone" / "a.json")
    with pytest.raises(UnreadableFile) as refused:
        Store.open(link, ctx)  # the app opens with create=True
    assert "symbolic link" in str(refused.value) and "does not exist" in str(refused.value)
    assert link.is_symlink() and not (folder / "gone").exists()
    assert [p.name for p in folder.iterdir()] == ["link.json"]


# -- 2. damaged journals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[:10], lambda data: b"", lambda data: data[: data.index(b"\n")]],
    ids=["cut-inside-header", "emptied", "header-without-newline"],
)
def test_a_journal_with_a_damaged_header_is_refused_untouched(
    folder: Path, ctx: Context, capsys: Capsys, damage: Any
) -> None:
    db = folder / "rapport.json"
    sound_file(db, ctx)
    leave_saves_in_journal(db, ctx, 3)
    journal(db).write_bytes(damage(journal(db).read_bytes()))
    before = snapshot(folder)

    code, out, err = rapport(capsys, "log", "ACME", "--summary", "more", "--db", str(db))
    assert code == 1 and out == ""
    assert f"{journal(db)}: " in err and ("header" in err or "empty" in err), err
    code, out, _ = rapport(capsys, "check", str(db))
    assert code == 1 and "NOT sound" in out and str(journal(db)) in out
    with pytest.raises(UnreadableFile):
        Store.open(db, ctx, read_only=True)
    assert snapshot(folder) == before


def test_a_journal_is_created_whole(
    folder: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written beside, synced, renamed into place: never seen half-made."""
    db = folder / "rapport.json"
    sound_file(db, ctx)
    journal(db).unlink()
    renamed: list[tuple[str, str]] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append((a, b)), real_replace(a, b)))
    with Store.open(db, ctx) as store:
        log_interaction(store, next(iter(store.all("accounts")))["id"], summary="x")
        made = [a for a, b in renamed if Path(b) == journal(db)]
        assert made, "the journal was made in place, where a crash leaves it half-written"
        assert Path(made[0]).parent == folder and Path(made[0]).name.startswith(".")


def test_a_torn_last_save_is_set_aside_with_a_note(
    folder: Path, ctx: Context, capsys: Capsys
) -> None:
    db = folder / "rapport.json"
    sound_file(db, ctx)
    leave_saves_in_journal(db, ctx, 2)
    torn = b'{"tx":"half","ops":[["interactions","' + new_id().encode()
    with open(journal(db), "ab") as handle:
        handle.write(torn)

    code, out, _ = rapport(capsys, "check", str(db))
    assert code == 0 and "never finished" in out  # check reads only: it says so
    assert journal(db).read_bytes().endswith(torn)

    code, out, err = rapport(capsys, "log", "ACME", "--summary", "after", "--db", str(db))
    assert code == 0 and out.strip()
    kept = [p for p in list_backups(db) if p.name.endswith(".journal-tail")]
    assert len(kept) == 1 and kept[0].read_bytes() == torn
    assert "note: A save that never finished" in err and str(kept[0]) in err
    with Store.open(db, ctx, read_only=True) as store:
        assert store.count("interactions") == 4
    assert torn not in journal(db).read_bytes()


# -- 3. journal entries no save could have written ---------------------------------------------


def _account_without_version(_db: Path) -> dict[str, Any]:
    record_id = new_id()
    return {"ops": [["accounts", record_id, {"id": record_id, "name": 5}]]}


def _interaction_of_nobody(_db: Path) -> dict[str, Any]:
    record_id = new_id()
    record = {
        "id": record_id,
        "version": 1,
        "rev": "x",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "updated_by": "x",
        "account": new_id(),
        "date": "2026-01-01",
        "kind": "call",
        "summary": "ghost",
    }
    return {"ops": [["interactions", record_id, record]]}


ENTRIES = {
    "ops-missing-id-and-record": lambda db: {"ops": [["interactions"]]},
    "account-without-version-name-5": _account_without_version,
    "reference-to-no-account": _interaction_of_nobody,
    "writes-the-meta": lambda db: {"ops": [["_rapport", "000000000001", {"id": "000000000001"}]]},
    "id-is-not-an-id": lambda db: {"ops": [["accounts", "../../etc", None]]},
    "ops-not-a-list": lambda db: {"ops": "everything"},
    "not-an-object": lambda db: [1, 2, 3],
}


@pytest.mark.parametrize("make", ENTRIES.values(), ids=ENTRIES.keys())
def test_a_journal_entry_no_save_could_have_written_is_refused_by_line(
    folder: Path, ctx: Context, capsys: Capsys, make: Any
) -> None:
    db = folder / "rapport.json"
    sound_file(db, ctx)
    leave_saves_in_journal(db, ctx, 1)
    append_line(db, make(db))  # line 3: the header, one save, this
    before = snapshot(folder)

    code, out, err = rapport(capsys, "log", "ACME", "--summary", "more", "--db", str(db))
    assert code == 1 and out == "", err
    assert f"{journal(db)}: line 3 " in err, err
    code, out, _ = rapport(capsys, "check", str(db))
    assert code == 1 and f"{journal(db)}: line 3 " in out, out
    for read_only in (False, True):
        with pytest.raises(UnreadableFile, match="line 3"):
            Store.open(db, ctx, read_only=read_only)
    assert snapshot(folder) == before, "nothing of it may reach the data file"


def test_check_reports_every_damage_it_is_shown(folder: Path, ctx: Context, capsys: Capsys) -> None:
    """A bad record in the file, two bad journal lines and a good one between them: all
    listed; the good save is still counted."""
    db = folder / "rapport.json"
    sound_file(db, ctx)
    db.write_bytes(db.read_bytes().replace(b'"owner":"tester"', b'"owner":7', 1))
    journal(db).write_bytes(journal(db).read_bytes() + b"not json\n")
    append_line(db, {"ops": [["interactions"]]})
    code, out, _ = rapport(capsys, "check", "--format", "json", str(db))
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    problems = "\n".join(report["problems"])
    assert "line 2 is damaged" in problems
    assert "line 3 is not a save" in problems
    assert "owner: 7 is not text" in problems
    assert report["counts"]["accounts"] == 1


# -- 4. files that are not Rapport's -----------------------------------------------------------


def _rapport_file_edited(name: bytes) -> Any:
    def make(db: Path, ctx: Context) -> None:
        sound_file(db, ctx)
        db.write_bytes(db.read_bytes().replace(b'"name":"ACME"', b'"name":' + name, 1))

    return make


def _plain(data: bytes) -> Any:
    def make(db: Path, ctx: Context) -> None:
        db.write_bytes(data)

    return make


SHAPES = {
    "null": (_plain(b"null"), "null"),
    "empty-object": (_plain(b"{}"), "no tables"),
    "another-programs-tinydb": (
        _plain(b'{"users": {"1": {"name": "ann", "password": "x"}}}'),
        "not a Rapport file",
    ),
    "no-meta-account-name-42": (
        _plain(b'{"accounts": {"1": {"name": 42, "owner": "x"}}}'),
        "not a Rapport file",
    ),
    "rapport-file-account-name-42": (_rapport_file_edited(b"42"), "name: 42 is not text"),
    "rapport-file-account-name-null": (_rapport_file_edited(b"null"), "name: is required"),
    "schema-as-text": (
        _plain(b'{"_rapport": {"1": {"schema": "1"}}, "accounts": {}}'),
        'schema is "1" (text), not a version number',
    ),
    "schema-negative": (_plain(b'{"_rapport": {"1": {"schema": -1}}}'), "not a version number"),
    "meta-without-schema": (_plain(b'{"_rapport": {"1": {"x": 1}}}'), "has no schema"),
}


@pytest.mark.parametrize(("make", "problem"), SHAPES.values(), ids=SHAPES.keys())
def test_a_file_that_is_not_rapports_is_refused_byte_identical(
    folder: Path, ctx: Context, capsys: Capsys, make: Any, problem: str
) -> None:
    db = folder / "rapport.json"
    make(db, ctx)
    before = snapshot(folder)
    for verb in (["log", "ACME", "--summary", "a call"], ["card", "ACME"], ["agenda", "--all"]):
        code, out, err = rapport(capsys, *verb, "--db", str(db))
        assert code == 1 and out == "", (verb, out, err)
        assert f"rapport: {db}: " in err and problem in err, err
    code, out, _ = rapport(capsys, "check", str(db))
    assert code == 1 and problem in out
    with pytest.raises(UnreadableFile):
        Store.open(db, ctx)
    assert snapshot(folder) == before
    assert not backup_dir(db).exists()


def test_an_empty_tinydb_file_is_adopted_without_a_backup(folder: Path, ctx: Context) -> None:
    db = folder / "rapport.json"
    with tinydb.TinyDB(db) as tdb:  # what a TinyDB program leaves once its records are gone
        tdb.insert({"x": 1})
        tdb.truncate()
    assert db.read_bytes() == b'{"_default": {}}'
    with Store.open(db, ctx) as store:
        assert any("empty TinyDB" in note for note in store.notes)
        assert store.count("settings") == 1
    with tinydb.TinyDB(db, access_mode="r") as tdb:
        assert tdb.table("_rapport").get(doc_id=1)["schema"] >= 1
    assert not backup_dir(db).exists()


def test_a_link_that_leads_back_to_itself_is_named_a_loop(folder: Path, ctx: Context) -> None:
    link = folder / "loop.json"
    link.symlink_to("loop.json")
    with pytest.raises(UnreadableFile, match="leads back to itself"):
        Store.open(link, ctx)
    assert [p.name for p in folder.iterdir()] == ["loop.json"]
