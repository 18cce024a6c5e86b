"""Issue 13: a short command only appends; the file is read in place through a derived
index, which is rebuilt from the file whenever it is missing or stale."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tinydb
from helpers import build_company

from rapport.store import Context, Store
from rapport.store.actions.edits import log_interaction
from rapport.store.engine import checkpoints, osapi
from rapport.store.engine.mapped_table import MappedTable

Cli = Callable[..., Any]


def every_record(path: Path, ctx: Context) -> dict[str, dict[str, Any]]:
    with Store.open(path, ctx, read_only=True) as store:
        return {
            name: {r["id"]: dict(r) for r in store.all(name)}
            for name in ("accounts", "interactions", "followups", "_audit")
        }


def index_of(path: Path) -> Path:
    return path.with_name(path.name + ".index")


def test_a_short_command_appends_and_a_fold_puts_everything_in_the_file(
    db_path: Path, ctx: Context, cli: Cli
) -> None:
    build_company(db_path, ctx)
    before = db_path.read_bytes()
    for n in range(3):
        done = cli("log", "Acme Corp", "--summary", f"short {n}", db=db_path)
        assert done.returncode == 0, done.stderr
    assert db_path.read_bytes() == before, "a short command rewrote the data file"
    journal = db_path.with_name(db_path.name + ".journal")
    assert journal.read_bytes().count(b"short ") == 3
    folded = cli("fold", db=db_path)
    assert folded.returncode == 0, folded.stderr
    assert "folded" in folded.stdout
    assert journal.read_bytes().count(b"\n") == 1  # a fresh journal: its header
    with tinydb.TinyDB(db_path, access_mode="r") as db:
        summaries = {d["summary"] for d in db.table("interactions").all()}
    assert {"short 0", "short 1", "short 2"} <= summaries
    again = cli("fold", db=db_path)
    assert again.returncode == 0 and "nothing to fold" in again.stdout


def test_a_journal_past_the_threshold_is_folded_when_a_short_command_closes(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_company(db_path, ctx)
    monkeypatch.setattr(checkpoints, "FOLD_BYTES", 1)
    store = Store.open(db_path, ctx)
    store.short_lived = True
    account = next(a for a in store.all("accounts") if a["name"] == "Acme Corp")["id"]
    log_interaction(store, account, summary="past the threshold")
    store.close()  # RAPPORT_FOLD=inline in the tests: the closing process folds
    assert b"past the threshold" in db_path.read_bytes()


def test_below_the_threshold_a_short_command_leaves_the_saves_in_the_journal(
    db_path: Path, ctx: Context
) -> None:
    build_company(db_path, ctx)
    before = db_path.read_bytes()
    store = Store.open(db_path, ctx)
    store.short_lived = True
    account = next(a for a in store.all("accounts") if a["name"] == "Acme Corp")["id"]
    log_interaction(store, account, summary="kept in the journal")
    store.close()
    assert db_path.read_bytes() == before
    assert "kept in the journal" in {
        r["summary"] for r in every_record(db_path, ctx)["interactions"].values()
    }


def test_the_file_read_in_place_holds_exactly_what_reading_it_whole_holds(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        log_interaction(store, ids["beta"], summary="since the fold", follow_up="2026-12-24")
        assert isinstance(store.tables["interactions"], MappedTable)
        assert len(store.for_account("interactions", ids["beta"])) >= 1
        assert store.count_for("followups", ids["beta"]) == 1
    in_place = every_record(db_path, ctx)
    monkeypatch.setattr(osapi.current(), "can_map", False)
    with Store.open(db_path, ctx, read_only=True) as whole:
        assert not isinstance(whole.tables["interactions"], MappedTable)
    assert every_record(db_path, ctx) == in_place


def test_a_missing_or_stale_index_is_rebuilt_from_the_file(
    db_path: Path, ctx: Context, tmp_path: Path
) -> None:
    ids = build_company(db_path, ctx)
    expected = every_record(db_path, ctx)
    index_of(db_path).unlink()
    assert every_record(db_path, ctx) == expected
    assert index_of(db_path).exists()

    # another file put in its place, the old index left beside it: the stamp says stale
    other = tmp_path / "other" / "rapport.json"
    build_company(other, ctx)
    with Store.open(other, ctx) as store:
        log_interaction(store, store.all("accounts").__next__()["id"], summary="other file")
        store.checkpoint()
    stale = index_of(db_path).read_bytes()
    shutil.copyfile(other, db_path)
    index_of(db_path).write_bytes(stale)
    records = every_record(db_path, ctx)
    assert "other file" in {r["summary"] for r in records["interactions"].values()}
    assert ids["acme"] not in records["accounts"]
    assert index_of(db_path).read_bytes() != stale


def test_a_damaged_index_is_not_trusted(db_path: Path, ctx: Context) -> None:
    build_company(db_path, ctx)
    expected = every_record(db_path, ctx)
    index_of(db_path).write_bytes(b"not an index at all")
    assert every_record(db_path, ctx) == expected


def test_what_is_kept_beside_the_file_has_the_data_files_mode(db_path: Path, ctx: Context) -> None:
    build_company(db_path, ctx)
    assert stat.S_IMODE(index_of(db_path).stat().st_mode) == 0o600
    os.chmod(db_path, 0o640)
    index_of(db_path).unlink()
    every_record(db_path, ctx)
    assert stat.S_IMODE(index_of(db_path).stat().st_mode) == 0o640


def test_a_file_edited_outside_rapport_is_read_whole_and_not_indexed(
    db_path: Path, ctx: Context
) -> None:
    build_company(db_path, ctx)
    index_of(db_path).unlink()
    text = db_path.read_text(encoding="utf-8").replace("Acme Corp", "Acme Corporation")
    db_path.write_text(text, encoding="utf-8")  # the check no longer matches
    names = {a["name"] for a in every_record(db_path, ctx)["accounts"].values()}
    assert "Acme Corporation" in names
    assert not index_of(db_path).exists()
