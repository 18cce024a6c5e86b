"""The key map: a wrong entry is named at start and the binding keeps its keys; a key taken
from another binding of the screen is named; help and the palette show each binding's id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import build_company, context, screen_text, settle
from textual.command import CommandPalette

from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.keymap import checked_keymap, key_problem
from rapport.tui.modals.log_interaction import LogInteraction
from rapport.tui.screens.accounts import AccountsScreen


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def app_with_keymap(db_path: Path, tmp_path: Path, keymap: dict[str, str]) -> Any:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"keymap": keymap}), encoding="utf-8")
    return make_app(db_path, context(), Config.load(path), poll_seconds=3600)


def notices(app: Any) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("j", True),
        ("ctrl+n", True),
        ("question_mark", True),
        ("left_square_bracket", True),
        ("f5", True),
        ("shift+tab", True),
        ("notakey!!", False),
        ("ctrl+", False),
        ("cntrl+x", False),
        ("", False),
    ],
)
def test_what_is_a_key(key: str, ok: bool) -> None:
    assert (key_problem(key) is None) is ok


def test_entries_that_cannot_be_used_are_left_out_and_named() -> None:
    good, problems = checked_keymap(
        {"accounts.lgo": "L", "table.down": "notakey!!", "accounts.agenda": "A"}
    )
    assert good == {"accounts.agenda": "A"}
    assert any("accounts.lgo" in p and "accounts.log" in p for p in problems), problems
    assert any("table.down" in p and "notakey!!" in p for p in problems), problems


async def test_a_bad_key_map_is_named_at_start_and_the_defaults_kept(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    keymap = {"accounts.lgo": "L", "table.down": "notakey!!", "accounts.agenda": "A"}
    app = app_with_keymap(db_path, tmp_path, keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        told = notices(app)
        assert "accounts.lgo" in told and "notakey!!" in told
        screen = app.screen
        assert isinstance(screen, AccountsScreen)
        await pilot.press("j", "down")  # table.down keeps its keys
        await settle(pilot)
        assert screen.table.cursor == 2
        await pilot.press("A")  # the good entry is used
        await settle(pilot)
        assert type(app.screen).__name__ == "AgendaScreen"


async def test_a_key_taken_from_another_binding_of_the_screen_is_named(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_with_keymap(db_path, tmp_path, {"accounts.log": "q"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        told = notices(app)
        assert "accounts.log takes q" in told and "accounts.quit" in told, told


async def test_help_shows_each_binding_id(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("question_mark")
        await settle(pilot)
        shown = screen_text(app)
        for binding_id in ("accounts.log", "accounts.search", "table.down", "app.undo"):
            assert binding_id in shown


async def test_the_palette_shows_each_binding_id(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("ctrl+p", *"log")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, CommandPalette)
        assert "id: accounts.log" in screen_text(app)


async def test_ctrl_f_in_the_log_form_jumps_to_the_follow_up(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    """A call with a follow-up from the accounts list: i, the summary, ctrl+f, +7, ctrl+s."""
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, LogInteraction)
        await pilot.press(*"Rang Dana", "ctrl+f", "plus", "7", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen), notices(app)
    from rapport.store import Store

    with Store.open(db_path, context()) as store:
        calls = [
            i
            for i in store.for_account("interactions", company["acme"])
            if i["summary"] == "Rang Dana"
        ]
        assert len(calls) == 1
        followups = [
            f
            for f in store.for_account("followups", company["acme"])
            if f.get("interaction") == calls[0]["id"]
        ]
        assert [f["due"] for f in followups] == ["2026-11-30"]


async def test_enter_in_the_search_line_opens_the_one_account_found(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"a", "enter")  # several: the list takes the keys
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert app.focused is app.screen.table
        await pilot.press("slash", "ctrl+u", *"mull", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "AccountScreen"
        assert app.screen.account_id == company["muller"]


async def test_a_paste_of_several_lines_into_a_one_line_field_keeps_all_of_it(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    from textual import events

    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogInteraction)
        form.body.row("promise").editor.focus()
        await settle(pilot)
        app.post_message(events.Paste("Send the offer\nwith the new prices\n\nby Friday\n"))
        await settle(pilot)
        assert form.body.row("promise").raw() == "Send the offer with the new prices by Friday"
        assert "3 lines" in notices(app) and "joined by spaces" in notices(app)
