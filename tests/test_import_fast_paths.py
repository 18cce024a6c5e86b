"""The shortcuts a big import takes write and find exactly what the plain ways would: the
JSON encoder made once, the journal line's ids written as they are, account names worked
out once per spelling."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from helpers import build_company

from rapport.store import Context, Store
from rapport.store.engine.journal import _pieces
from rapport.store.engine.mapped_table import MappedTable
from rapport.store.exchange.import_plan import AccountIndex, ContactIndex
from rapport.store.records.ids import new_id
from rapport.store.records.records import compact_encoder, dumps, freeze

VALUES: list[Any] = [
    {"b": 1, "a": [1, 2.5, None, True, False], "é": "Grüße\n\t\u2028\x00", "n": -0.0},
    {"nested": {"z": [{"y": "x"}], "a": {}}, "big": 10**30, "f": 1e-7},
    "just text",
    7,
    None,
    [],
    {"inf": float("inf"), "nan": float("nan")},
]


def plain(value: Any, *, sort_keys: bool = False) -> str:
    encoder = json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, default=dict
    )
    return encoder.encode(value)


@pytest.mark.parametrize("value", VALUES)
def test_the_encoder_made_once_writes_what_json_writes(value: Any) -> None:
    assert compact_encoder()(value) == plain(value)
    assert compact_encoder(sort_keys=True)(value) == plain(value, sort_keys=True)


def test_a_frozen_record_is_written_as_the_record() -> None:
    record = {"id": "a1", "tags": ["x", "y"], "scores": {"q1": 3}}
    assert dumps(freeze(json.loads(json.dumps(record)))) == plain(record)
    assert dumps(MappingProxyType({"a": MappingProxyType({"b": (1, 2)})})) == '{"a":{"b":[1,2]}}'


def test_an_unknown_value_is_refused_as_before() -> None:
    with pytest.raises(TypeError):
        dumps({"when": object()})


@pytest.mark.parametrize(
    "record_id", ["abcXYZ019", "with space", 'a"quote', "Grüße", "", "a\\b", "tab\there"]
)
def test_a_journal_line_is_the_json_of_its_entry_whatever_the_ids(record_id: str) -> None:
    entry = {
        "tx": "t1",
        "at": "2026-01-01T00:00:00Z",
        "by": "Zoë",
        "ops": [
            ["interactions", record_id, {"id": record_id, "summary": "é\n"}],
            ["_deleted", record_id, None],
            ['a "table"', "plain1", {"x": 1}],
        ],
    }
    line = "".join(_pieces(entry, None))
    assert line == json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
    texts = [dumps(r) if r is not None else None for _, _, r in entry["ops"]]
    assert "".join(_pieces(entry, texts)) == line


def test_an_account_added_after_a_name_was_asked_for_is_found(db_path: Path, ctx: Context) -> None:
    build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        index = AccountIndex(store)
        acme, error = index.require("  acme   CORP ")
        assert error is None and acme is not None and acme["name"] == "Acme Corp"
        assert index.require("Acme Corp") == (acme, None)
        missing, error = index.require("Newco")
        assert missing is None and error is not None and "no account named Newco" in error.reason
        index.add({"id": "newco000001", "name": "Newco"})
        found, error = index.require("newco")
        assert error is None and found is not None and found["id"] == "newco000001"
        index.add({"id": "newco000002", "name": "NEWCO"})
        twice, error = index.require("Newco")
        assert twice is None and error is not None and "several accounts" in error.reason


def test_a_contact_planned_after_its_name_was_asked_for_is_found(
    db_path: Path, ctx: Context
) -> None:
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        contacts = ContactIndex(store, AccountIndex(store), records=False)
        missing, reason = contacts.by_name(ids["acme"], "New Person")
        assert missing is None and reason is not None and "no contact named" in reason
        planned = contacts.plan(ids["acme"], "New Person", "")
        assert contacts.by_name(ids["acme"], "new  person") == (planned, None)
        contacts.plan(ids["acme"], "NEW PERSON", "")
        twice, reason = contacts.by_name(ids["acme"], "New Person")
        assert twice is None and reason is not None and "several contacts" in reason


@pytest.mark.parametrize("extra", [0, 1, 50])
def test_the_file_says_which_ids_it_holds_asked_few_or_many(
    db_path: Path, ctx: Context, extra: int
) -> None:
    build_company(db_path, ctx)  # closed as the last process: folded, read through the map
    with Store.open(db_path, ctx) as store:
        table = store.tables["interactions"]
        assert isinstance(table, MappedTable)
        held = sorted(table.ids())
        assert len(held) >= 2
        # fewer ids than the table holds (asked by id), or more (the table's ids read)
        ids = [held[0], *(new_id() for _ in range(extra))]
        assert table.base.present("interactions", ids) == {held[0]}
        assert table.base.present("_deleted", ids) == set()
        assert table.base.present("interactions", held + ids) == set(held)
