"""Issue 13: a fold or a backup of a file read in place copies the file's own bytes for the
records nobody saved since the last fold, and writes exactly what writing every record's
text writes (``engine/runs.py``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import tinydb
from helpers import build_company

from rapport.store import Context, Store
from rapport.store.actions.edits import delete_record, log_interaction, save_record
from rapport.store.engine import layout, runs
from rapport.store.engine.check import check_file
from rapport.store.engine.mapped_table import MappedTable
from rapport.store.records.ids import key_of
from rapport.store.records.schema import ALL_TABLES

META = {"file": "f", "created": "c", "schema": 0, "layout": "lines", "gen": "g"}


def from_texts(store: Store) -> bytes:
    """The file as writing every record's text makes it (what a fold wrote before)."""
    names = [*ALL_TABLES, *sorted(set(store.tables) - set(ALL_TABLES))]
    tables = ((n, store._table(n).texts()) for n in names)
    return b"".join(layout.write_chunks(META, tables))


def every_record(path: Path, ctx: Context) -> dict[str, dict[str, Any]]:
    with Store.open(path, ctx, read_only=True) as store:
        return {name: {r["id"]: dict(r) for r in store.all(name)} for name in ALL_TABLES}


def test_a_fold_copies_the_records_not_saved_since_and_writes_the_same_file(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        for n in range(30):
            log_interaction(store, ids["beta"], summary=f"call {n}", on="2026-10-01")
    monkeypatch.setattr(runs, "BATCH", 4)  # runs cut at batch ends too
    with Store.open(db_path, ctx) as store:
        table = store.tables["interactions"]
        assert isinstance(table, MappedTable)
        in_file = list(store.ids("interactions"))  # the file's order
        delete_record(store, "interactions", in_file[0])  # the table's first record
        save_record(store, "interactions", {"summary": "changed"}, record_id=in_file[9])
        delete_record(store, "interactions", in_file[-1])
        log_interaction(store, ids["acme"], summary="since the fold", follow_up="2026-12-24")
        pieces = list(table.pieces())
        assert sum(isinstance(p, layout.Run) for p in pieces) >= 8
        assert b"".join(store.file_chunks(META)) == from_texts(store)
        before = every_record(db_path, ctx)
        backup = store.backup("test")
        store.checkpoint()
    assert every_record(db_path, ctx) == before
    for path in (db_path, backup):
        assert check_file(path).ok, check_file(path).problems
        with tinydb.TinyDB(path, access_mode="r") as db:
            summaries = [d["summary"] for d in db.table("interactions").all()]
        assert "changed" in summaries and "since the fold" in summaries
        assert len(summaries) == len(in_file) - 1


def test_a_record_whose_key_is_not_the_one_its_id_spells_is_written_anew(
    db_path: Path, ctx: Context
) -> None:
    build_company(db_path, ctx)
    text = db_path.read_bytes()
    found = re.search(rb'\n"(\d+)":\{"id":"([0-9a-z]{12})","version":\d+,"rev":"[0-9a-f]*",'
                      rb'"created_at":"[^"]*","updated_at":"[^"]*","updated_by":"[^"]*",'
                      rb'"account"', text)  # fmt: skip
    assert found is not None
    key, record_id = found.group(1), found.group(2).decode()
    assert key == key_of(record_id).encode()
    # another key: the check (of the records' texts) still matches, so it is read in place
    db_path.write_bytes(text.replace(b'\n"' + key + b'":', b'\n"7":', 1))
    db_path.with_name(db_path.name + ".index").unlink()
    with Store.open(db_path, ctx) as store:
        assert any(isinstance(t, MappedTable) for t in store.tables.values())
        expected = from_texts(store)
        assert b"".join(store.file_chunks(META)) == expected
        store.checkpoint()
    folded = db_path.read_bytes()
    assert b'\n"7":' not in folded
    assert b'"' + key + b'":{"id":"' + record_id.encode() in folded
