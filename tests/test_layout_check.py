"""The data file's check: a file exactly as Rapport wrote it is trusted; any other is read
record by record, and still opens when its records are sound."""

from __future__ import annotations

import json
from pathlib import Path

from rapport.store import Context, Store
from rapport.store.actions.edits import create_account
from rapport.store.engine import layout


def written(db_path: Path, ctx: Context) -> str:
    with Store.open(db_path, ctx) as store:
        return create_account(store, {"name": "ACME", "owner": "tester"}).created("accounts")[0][
            "id"
        ]


def test_a_file_as_rapport_wrote_it_is_verified(db_path: Path, ctx: Context) -> None:
    written(db_path, ctx)
    contents = layout.read(db_path)
    assert contents.verified
    assert layout.CHECK_TABLE not in contents.tables
    check = json.loads(db_path.read_text())[layout.CHECK_TABLE]["1"]
    records = sum(len(rows) for rows in contents.tables.values())
    assert check["records"] == records


def test_a_sound_edit_outside_rapport_is_read_and_not_trusted(db_path: Path, ctx: Context) -> None:
    account = written(db_path, ctx)
    db_path.write_bytes(db_path.read_bytes().replace(b'"name":"ACME"', b'"name":"ACNE"', 1))
    assert not layout.read(db_path).verified
    with Store.open(db_path, ctx) as store:
        assert store.require("accounts", account)["name"] == "ACNE"
    assert layout.read(db_path).verified, "closing it wrote a checked file again"


def test_a_file_without_the_check_still_opens(db_path: Path, ctx: Context) -> None:
    account = written(db_path, ctx)
    text = db_path.read_text()
    trailer = text.index(f',\n"{layout.CHECK_TABLE}"')
    db_path.write_text(text[:trailer] + "\n}\n")  # the lines layout, as written before the check
    contents = layout.read(db_path)
    assert contents.canonical and not contents.verified
    with Store.open(db_path, ctx) as store:
        assert store.require("accounts", account)["name"] == "ACME"


def test_a_file_tinydb_wrote_is_parsed_whole(db_path: Path, ctx: Context) -> None:
    account = written(db_path, ctx)
    data = json.loads(db_path.read_text())
    del data[layout.CHECK_TABLE]
    db_path.write_text(json.dumps(data))
    contents = layout.read(db_path)
    assert not contents.canonical and contents.verified, (
        "parsed whole, so every record is sound JSON"
    )
    with Store.open(db_path, ctx) as store:
        assert store.require("accounts", account)["name"] == "ACME"
