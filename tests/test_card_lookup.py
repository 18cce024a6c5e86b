"""Naming an account or a survey wave on the command line (``rapport card ACCOUNT --wave W``):
by id or by name with case and spacing folded; an unknown one is named, with close matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from loyalty_world import build_world

from rapport.store import Context, Store, StoreError
from rapport.store.records.names import (
    AccountNotFound,
    WaveNotFound,
    close_names,
    find_account,
    find_wave,
)


@pytest.fixture
def opened(tmp_path: Path, ctx: Context):
    ids = build_world(tmp_path / "w.json", ctx)
    with Store.open(tmp_path / "w.json", ctx) as store:
        yield store, ids


def test_close_names_fold_case_and_find_what_was_typed_inside():
    names = ["Acme Corp", "Acme Logistics", "Beta Industries", "Gamma Foods"]
    assert close_names("acme", names) == ["Acme Corp", "Acme Logistics"]
    assert close_names("ACME CROP", names) == ["Acme Corp"]
    assert close_names("foods", names) == ["Gamma Foods"]
    assert close_names("zzz", names) == []
    assert close_names("   ", names) == []
    assert close_names("a", [f"A{i}" for i in range(10)], n=3) == ["A0", "A1", "A2"]


def test_find_wave_by_folded_name_or_id(opened):
    store, ids = opened
    assert find_wave(store, "  autumn   2026")["id"] == ids["w2"]
    assert find_wave(store, ids["w1"])["name"] == "Spring 2026"


def test_unknown_wave_names_the_waves_when_none_is_close(opened):
    store, _ = opened
    with pytest.raises(WaveNotFound) as e:
        find_wave(store, "xyz")
    assert e.value.suggestions == ["Autumn 2026", "Spring 2026"]
    assert "no survey wave is named or has the id 'xyz'" in str(e.value)


def test_two_waves_of_one_name_ask_for_the_id(opened):
    store, _ = opened
    q = next(store.all("questionnaires"))["id"]
    with store.transaction("twin") as tx:
        tx.create("waves", {"name": "autumn 2026", "date": "2026-10-02", "questionnaire": q})
    with pytest.raises(StoreError, match="give the id instead"):
        find_wave(store, "Autumn 2026")


def test_a_part_of_a_name_finds_the_one_account_holding_it_as_search_does(opened):
    store, _ = opened
    assert find_account(store, "retail")["name"] == "Delta Retail"


def test_unknown_account_suggests_close_names(opened):
    store, _ = opened
    with pytest.raises(AccountNotFound) as e:
        find_account(store, "Delta Retial")
    assert e.value.suggestions == ["Delta Retail"]
