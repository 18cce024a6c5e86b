"""Schema 2 (issue 15): accounts have a group and a renewal date, opportunities are open
(not "noticed") with the dates they were passed and closed and the account that referred
them, and appointments are a table. A schema-1 file opens, is upgraded once with a
byte-for-byte backup, and keeps every record's version and rev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rapport.store import Context, Store, ValidationError
from rapport.store.actions import save_record
from rapport.store.engine.backups import list_backups
from rapport.store.engine.migrate import SCHEMA
from rapport.store.records.validate import clean

ENVELOPE = {
    "version": 3,
    "rev": "0123456789abcdef",
    "created_at": "2025-01-02T10:00:00Z",
    "updated_at": "2025-06-01T10:00:00Z",
    "updated_by": "ann",
}


def schema_1_file(path: Path) -> None:
    """A file as Rapport 0.1 (schema 1) wrote it, written by plain JSON (TinyDB's layout)."""
    account = {
        "id": "aaaaaaaaaaaa",
        **ENVELOPE,
        "name": "ACME",
        "owner": "ann",
        "tier": "key",
        "value": 1000,
        "division": "",
        "region": "",
        "type": "long_term",
        "stage": "engagement",
        "bad_news": "normal",
        "tags": [],
        "b2c": False,
        "notes": "",
    }
    opportunity = {
        "id": "bbbbbbbbbbbb",
        **ENVELOPE,
        "account": "aaaaaaaaaaaa",
        "what": "A second line",
        "noticed": "2025-05-01",
        "noticed_by": "ann",
        "value": 5000,
        "passed_to": "",
        "status": "noticed",
    }
    data = {
        "_rapport": {"1": {"schema": 1, "file": "cccccccccccc", "created": "2025-01-01"}},
        "accounts": {"1": account},
        "opportunities": {"2": opportunity},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_schema_1_file_is_upgraded_once_with_a_backup(db_path: Path, ctx: Context) -> None:
    schema_1_file(db_path)
    original = db_path.read_bytes()
    with Store.open(db_path, ctx) as store:
        assert any("schema 1" in note for note in store.notes)
        account = store.require("accounts", "aaaaaaaaaaaa")
        assert account["group"] == "" and account["renewal"] is None
        assert (account["version"], account["rev"]) == (3, "0123456789abcdef")
        opportunity = store.require("opportunities", "bbbbbbbbbbbb")
        assert opportunity["status"] == "open"
        assert opportunity["passed_on"] is None and opportunity["referred_by"] is None
        assert (opportunity["version"], opportunity["rev"]) == (3, "0123456789abcdef")
        save_record(store, "accounts", {"group": "ACME Group"}, record_id="aaaaaaaaaaaa")
    backups = list_backups(db_path)
    assert len(backups) == 1 and backups[0].read_bytes() == original
    meta = json.loads(db_path.read_text(encoding="utf-8"))["_rapport"]
    assert meta["1"]["schema"] == SCHEMA == 2
    with Store.open(db_path, ctx) as store:
        assert not store.notes  # upgraded once only
        assert store.require("accounts", "aaaaaaaaaaaa")["group"] == "ACME Group"
    assert len(list_backups(db_path)) == 1


def test_a_schema_1_file_opened_read_only_is_upgraded_in_memory_only(
    db_path: Path, ctx: Context
) -> None:
    schema_1_file(db_path)
    original = db_path.read_bytes()
    with Store.open(db_path, ctx, read_only=True) as store:
        assert store.require("opportunities", "bbbbbbbbbbbb")["status"] == "open"
    assert db_path.read_bytes() == original
    assert list_backups(db_path) == []


def test_new_fields_are_checked() -> None:
    base = {"name": "A", "owner": "ann"}
    assert clean("accounts", {**base, "renewal": "2027-01-31"})["renewal"] == "2027-01-31"
    with pytest.raises(ValidationError, match="renewal: 2027-02-30 is not a date"):
        clean("accounts", {**base, "renewal": "2027-02-30"})
    appointment = {
        "account": "aaaaaaaaaaaa",
        "date": "2026-11-24",
        "owner": "ann",
        "summary": "Review",
    }
    assert clean("appointments", {**appointment, "time": "9:30"})["time"] == "09:30"
    assert clean("appointments", {**appointment, "time": "14.05"})["time"] == "14:05"
    for wrong in ("24:00", "9", "noon", "12:60"):
        with pytest.raises(ValidationError, match=r"time: .* is not a time of day"):
            clean("appointments", {**appointment, "time": wrong})
    cleaned = clean("appointments", {**appointment, "time": "10:00"})
    assert (cleaned["minutes"], cleaned["status"], cleaned["kind"]) == (60, "planned", "meeting")


def test_passing_and_closing_an_opportunity_stamps_its_dates(store: Store) -> None:
    from rapport.store.actions import create_account

    account = create_account(store, {"name": "ACME", "owner": "ann"}).created("accounts")[0]
    made = save_record(
        store,
        "opportunities",
        {"account": account["id"], "what": "More", "noticed": "2026-11-01", "value": 900},
    )
    opportunity = made.created("opportunities")[0]
    assert opportunity["status"] == "open" and opportunity["passed_on"] is None
    oid = opportunity["id"]
    with pytest.raises(
        ValidationError, match="passed_to: is required when the opportunity is passed"
    ):
        save_record(store, "opportunities", {"status": "passed"}, record_id=oid)
    save_record(store, "opportunities", {"status": "passed", "passed_to": "sam"}, record_id=oid)
    assert store.require("opportunities", oid)["passed_on"] == "2026-11-23"
    save_record(store, "opportunities", {"status": "won"}, record_id=oid)
    won = store.require("opportunities", oid)
    assert (won["passed_on"], won["closed_on"], won["value"]) == ("2026-11-23", "2026-11-23", 900)
    save_record(store, "opportunities", {"status": "open"}, record_id=oid)
    reopened = store.require("opportunities", oid)
    assert reopened["passed_on"] is None and reopened["closed_on"] is None


def test_a_schema_1_laptop_file_merges_into_a_schema_2_file(
    db_path: Path, ctx: Context, tmp_path: Path
) -> None:
    from rapport.store.exchange import merge_file

    laptop = tmp_path / "laptop" / "laptop.json"
    schema_1_file(laptop)
    with Store.open(db_path, ctx) as store:
        merge_file(store, laptop)
        account = store.require("accounts", "aaaaaaaaaaaa")
        assert account["name"] == "ACME" and account["group"] == ""
        assert store.require("opportunities", "bbbbbbbbbbbb")["status"] == "open"
    assert list_backups(laptop) == [], "the laptop's file is only read"


def test_the_demo_company_has_groups_renewals_appointments_and_referrals() -> None:
    from datetime import date

    from rapport.store.demo.company import generate

    company = generate(200, seed=7, today=date(2026, 3, 15))
    groups: dict[str, set[str]] = {}
    for a in company["accounts"]:
        if a["group"]:
            groups.setdefault(a["group"], set()).add(a["division"])
    assert len(groups) >= 5
    assert all(len(divisions) >= 2 for divisions in groups.values()), "served by divisions"
    renewals = [a["renewal"] for a in company["accounts"] if a["renewal"]]
    assert len(renewals) > 50 and all(r > "2026-03-15" for r in renewals)
    statuses = {a["status"] for a in company["appointments"]}
    assert statuses == {"planned", "cancelled"}
    assert any(
        a["date"] < "2026-03-15" and a["status"] == "planned" for a in company["appointments"]
    )
    assert any(i["kind"] == "referral" for i in company["interactions"])
    assert any(o["referred_by"] for o in company["opportunities"])


def test_a_big_demo_company_names_more_groups_than_there_are_stems() -> None:
    """More groups than name stems once hung the generator (it drew names until a new one)."""
    from datetime import date

    from rapport.store.demo import words
    from rapport.store.demo.company import generate

    company = generate(1600, seed=3, today=date(2026, 3, 15))
    names = {a["group"] for a in company["accounts"] if a["group"]}
    assert len(names) > len(words.STEMS)
