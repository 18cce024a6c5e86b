"""Schema 2 (issue 16): a response's comment and the survey kit's response codes. A file of
schema 1 opens, is upgraded with a byte-for-byte backup, and its records stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_company, context

from rapport.store import Store, ValidationError
from rapport.store.actions.surveys import open_wave, record_response
from rapport.store.engine.backups import list_backups
from rapport.store.engine.migrate import SCHEMA
from rapport.store.records import codes


def test_a_schema_1_file_is_upgraded_with_a_backup_and_its_responses_unchanged(
    db_path: Path,
) -> None:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        wave = open_wave(store, "Spring", "2026-11-01").created("waves")[0]["id"]
        response = record_response(
            store,
            {
                "account": ids["acme"],
                "wave": wave,
                "contact": ids["dana"],
                "respondent": "customer",
                "answers": {"trust": 4},
                "recommend": 9,
            },
        ).created("responses")[0]
    data = db_path.read_bytes()
    assert SCHEMA == 2 and data.count(b'"schema":2,') == 1
    # As Rapport wrote it before comments and codes: schema 1, no comment field.
    old = data.replace(b'"schema":2,', b'"schema":1,').replace(b',"comment":""', b"")
    assert b'"comment"' not in old
    db_path.write_bytes(old)
    for leftover in db_path.parent.glob("rapport.json.*"):
        if leftover.is_file():
            leftover.unlink()

    with Store.open(db_path, context()) as store:
        assert any("schema 1" in note for note in store.notes)
        kept = store.get("responses", response["id"])
        assert kept is not None
        assert (kept["version"], kept["rev"]) == (response["version"], response["rev"])
        assert kept.get("comment", "") == ""
        assert list(store.all("survey_codes")) == []
        # the new table and field work at once
        with store.transaction("code") as tx:
            tx.create(
                "survey_codes",
                {"code": "K7M4QX", "wave": wave, "account": ids["acme"], "respondent": "employee"},
            )
            tx.update("responses", response["id"], {"comment": "Fine."}, expect=kept["version"])
    [backup] = list_backups(db_path)
    assert backup.read_bytes() == old
    assert b'"schema":2,' in db_path.read_bytes()
    with Store.open(db_path, context()) as store:
        assert store.get("responses", response["id"])["comment"] == "Fine."
        assert [c["code"] for c in store.all("survey_codes")] == ["K7M4QX"]
        assert not store.notes  # upgraded once only


def test_codes_are_short_and_never_use_letters_people_misread() -> None:
    for confusing in "0O1IlUV":
        assert confusing not in codes.ALPHABET
        assert confusing.upper() not in codes.ALPHABET
    code = codes.new_code(set())
    assert len(code) == 6 and codes.is_code(code)
    assert codes.shown("k7m4qx") == "K7M-4QX"
    for typed in ("K7M-4QX", "k7m 4qx", " k7m4qx ", "K7M_4QX"):
        assert codes.normalize(typed) == "K7M4QX"
        assert codes.is_code(typed)
    for wrong in ("K7M4Q", "K7M4QXX", "K7M4Q0", "KOM4QX", "K1M4QX", ""):
        assert not codes.is_code(wrong), wrong


def test_a_new_code_is_never_one_already_taken() -> None:
    picks = iter("AAAAAAAAAAAABBBBBB")
    code = codes.new_code({"AAAAAA"}, choose=lambda alphabet: next(picks))
    assert code == "BBBBBB"


@pytest.mark.parametrize("field", ["comment"])
def test_a_comment_longer_than_a_page_is_refused_by_name(db_path: Path, field: str) -> None:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        wave = open_wave(store, "Spring", "2026-11-01").created("waves")[0]["id"]
        with pytest.raises(ValidationError) as refused:
            record_response(
                store,
                {
                    "account": ids["acme"],
                    "wave": wave,
                    "contact": ids["dana"],
                    "respondent": "customer",
                    "recommend": 9,
                    field: "x" * 5000,
                },
            )
        assert "comment: is 5,000 characters long" in str(refused.value)
