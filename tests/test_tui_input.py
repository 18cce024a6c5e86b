"""Input in the app that was misread or lost (issue 9): amounts, errors that name their
field and go once it is mended, a form that opened prefilled, typos that would create a
person, email addresses, resolving a complaint, an export over an existing file, and a
second survey answer from one contact."""

from __future__ import annotations

import csv
import stat
from pathlib import Path
from typing import Any

import pytest
from helpers import build_company, context, screen_text, settle, shows, tab_to
from textual.widgets import Label

from rapport.store import Store
from rapport.store.actions.surveys import open_wave, record_response
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.confirm import Confirm
from rapport.tui.modals.record_form import RecordForm
from rapport.tui.modals.response_entry import ResponseEntry
from rapport.tui.screens.account import AccountScreen
from rapport.tui.screens.accounts import AccountsScreen


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def app_for(db_path: Path, tmp_path: Path) -> Any:
    return make_app(db_path, context(), Config(path=tmp_path / "config.json"))


def error_at(form: Any, field: str) -> str:
    row = form.body.row(field)
    return str(row.query_one(".field-error", Label).content) if row.has_class("-error") else ""


async def clear_and_type(pilot: Any, text: str) -> None:
    await pilot.press("ctrl+a", "ctrl+k", *text)


async def home(pilot: Any) -> None:
    await settle(pilot, 0.3)
    assert isinstance(pilot.app.screen, AccountsScreen)


async def test_an_amount_is_read_as_written_and_one_that_reads_two_ways_is_refused(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("e")  # Acme Corp, the first row
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await tab_to(pilot, "value")
        await clear_and_type(pilot, "1.500")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "nothing saved"
        message = error_at(form, "value")
        assert message.startswith("value: 1.500 could be 1.5"), message
        assert "or 1500" in message
        await clear_and_type(pilot, "1,5M")
        assert error_at(form, "value") == "", "the error goes once the field reads well"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert app.store is not None
        assert app.store.require("accounts", company["acme"])["value"] == 1_500_000
        await pilot.press("e")
        await settle(pilot)
        await tab_to(pilot, "value")
        await clear_and_type(pilot, "50k")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.store.require("accounts", company["acme"])["value"] == 50_000


async def test_a_form_error_names_its_field_and_clears_when_mended(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        await tab_to(pilot, "promise")
        await pilot.press(*"a revised offer", "ctrl+s")
        await settle(pilot)
        assert error_at(form, "summary") == "summary is required"
        assert error_at(form, "promise_due") == "promise due is required when a promise is made"
        assert "promise due is required when a promise is made" in screen_text(app)
        await tab_to(pilot, "summary")
        await pilot.press(*"Called about the offer")
        assert error_at(form, "summary") == ""
        assert error_at(form, "promise_due") != "", "a field not yet mended keeps its error"
        await tab_to(pilot, "promise_due")
        await pilot.press(*"2026-13")
        assert error_at(form, "promise_due") != "", "not a date yet"
        await pilot.press("backspace", "backspace", *"12-01")
        assert error_at(form, "promise_due") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    with Store.open(db_path, context()) as store:
        (promise,) = store.for_account("promises", company["acme"])
        assert (promise["what"], promise["due"]) == ("a revised offer", "2026-12-01")


async def test_a_prefilled_form_closes_on_escape_when_nothing_was_typed(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    """A plan item with only "what" filled in: its empty factor opened as "" and was then
    read as None, so escape asked "Discard what you typed?" with nothing typed."""
    with Store.open(db_path, context()) as store, store.transaction() as tx:
        tx.create("plan_items", {"account": company["acme"], "what": "Only the what"})
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("right_square_bracket")  # the plan
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen), "closed without asking"
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*" now", "escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm), "something typed: it asks"


async def test_a_bulk_owner_nobody_has_asks_before_it_creates_a_person(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("space", "space", "c")  # mark Acme and Beta (space moves on)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press(*"Nobody Known", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "Nobody in this file is called 'Nobody Known'" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form, "the name stays, to be mended"
        assert error_at(form, "owner").startswith("new owner: 'Nobody Known' is nobody")
        assert app.store is not None
        assert {a["owner"] for a in app.store.all("accounts")} == {"tester", "bob", "carol"}
        await clear_and_type(pilot, "CAROL")  # a known person in another case
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        owners = [app.store.require("accounts", company[k])["owner"] for k in ("acme", "beta")]
        assert owners == ["carol", "carol"], "saved in the spelling the file knows"
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"Nora New", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert "Nora New" in {a["owner"] for a in app.store.all("accounts")}


async def test_an_email_is_checked_for_its_form_at_its_field(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*["right_square_bracket"] * 2)  # contacts
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Eva Ops")
        await tab_to(pilot, "email")
        await pilot.press(*"eva at acme", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_at(form, "email") == (
            "email: eva at acme is not an email address (name@example.com)"
        )
        await clear_and_type(pilot, "eva@acme.example")
        assert error_at(form, "email") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert app.store is not None
        emails = {c["email"] for c in app.store.for_account("contacts", company["acme"])}
        assert "eva@acme.example" in emails


async def test_resolving_a_complaint_needs_how_it_was_resolved(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store, store.transaction() as tx:
        complaint = tx.create(
            "complaints",
            {"account": company["acme"], "raised": "2026-11-02", "summary": "Late delivery"},
        )
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*["right_square_bracket"] * 4)  # complaints
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_at(form, "resolution") == (
            "resolution is required when the complaint is resolved"
        )
        assert app.store is not None
        assert app.store.require("complaints", complaint)["status"] == "open"
        await pilot.press(*"Sent the parts by courier", "ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        record = app.store.require("complaints", complaint)
        assert (record["status"], record["resolution"]) == (
            "resolved",
            "Sent the parts by courier",
        )


async def test_x_asks_before_it_replaces_a_file_and_writes_it_for_its_owner_only(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    target = tmp_path / "accounts.csv"
    target.write_text("keep me\n", encoding="utf-8")
    target.chmod(0o644)
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("X")
        await settle(pilot)
        form = app.screen
        await clear_and_type(pilot, str(target))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        # (the message wraps where the path is long: under xdist it holds popen-gwN)
        assert await shows(pilot, "already exists."), screen_text(app)
        assert "Replace (y)" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert error_at(form, "file").startswith("file is there already")
        assert target.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, AccountsScreen)
        fresh = tmp_path / "fresh.csv"
        await pilot.press("X")
        await settle(pilot)
        await clear_and_type(pilot, str(fresh))
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, AccountsScreen), "a new file is not asked about"
    with open(target, encoding="utf-8", newline="") as handle:
        assert next(r["name"] for r in csv.DictReader(handle)) == "Acme Corp"
    for written in (target, fresh):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600


async def test_a_second_answer_from_one_contact_shows_both_and_asks(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        wave = open_wave(store, "Autumn 2026", "2026-11-01").created("waves")[0]["id"]
        first = record_response(
            store,
            {
                "wave": wave,
                "account": company["acme"],
                "contact": company["dana"],
                "respondent": "customer",
                "answers": {"trust": 4},
                "recommend": 9,
            },
        ).created("responses")[0]
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await home(pilot)
        assert app.store is not None
        app.push_screen(ResponseEntry(company["acme"], wave))
        await settle(pilot)
        await tab_to(pilot, "recommend")
        await pilot.press("3", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "Dana Buyer already answered in this wave" in screen_text(app)
        question = app.screen.question
        assert "Saved on 2026-11-23: trust 4, recommend 9" in question
        assert "This one: recommend 3" in question, "both answers shown"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ResponseEntry), "what was typed stays"
        assert app.store.require("responses", first["id"])["recommend"] == 9
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, ResponseEntry | Confirm)
        (only,) = app.store.for_account("responses", company["acme"])
        assert (only["id"], only["recommend"]) == (first["id"], 3)


async def test_a_mirror_by_a_staff_name_nobody_has_asks_first(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        wave = open_wave(store, "Autumn 2026", "2026-11-01").created("waves")[0]["id"]
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await home(pilot)
        entry = ResponseEntry(company["acme"], wave)
        app.push_screen(entry)
        await settle(pilot)
        await tab_to(pilot, "respondent")
        await pilot.press("right")  # employee mirror
        await tab_to(pilot, "staff")
        await clear_and_type(pilot, "Bobby")
        await tab_to(pilot, "recommend")
        await pilot.press("7", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "The closest known: bob" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is entry
        assert app.store is not None and app.store.count("responses") == 0
        await tab_to(pilot, "staff")
        await clear_and_type(pilot, "Bob")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not entry
        (mirror,) = app.store.all("responses")
        assert (mirror["respondent"], mirror["staff"]) == ("employee", "bob")
