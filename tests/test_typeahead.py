"""Keys typed ahead land where they were typed: every key that opens something, with the
keys after it sent in the same burst (as one read over SSH delivers them)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from helpers import build_company, burst, context, screen_text, settle
from textual.widgets import TextArea

from rapport.store import Store
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.account_form import AccountForm
from rapport.tui.modals.bulk import BulkChange
from rapport.tui.modals.log_interaction import LogInteraction
from rapport.tui.modals.record_form import RecordForm
from rapport.tui.screens.account import AccountScreen
from rapport.tui.screens.accounts import AccountsScreen
from rapport.tui.widgets.choice import Choice


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def app_for(db_path: Path, tmp_path: Path) -> Any:
    return make_app(db_path, context(), Config(path=tmp_path / "config.json"), poll_seconds=3600)


async def home(pilot: Any) -> AccountsScreen:
    await settle(pilot, 0.2)
    screen = pilot.app.screen
    assert isinstance(screen, AccountsScreen)
    return screen


def field(app: Any, name: str) -> Any:
    return app.screen.query_one(f"#field-{name}")


def value(app: Any, name: str) -> Any:
    widget = field(app, name)
    if isinstance(widget, TextArea):
        return widget.text
    return widget.value


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_log_form_gets_the_summary_typed_after_i(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "i", *"Hello")
        assert isinstance(app.screen, LogInteraction)
        assert value(app, "summary") == "Hello"


async def test_search_line_gets_the_letters_typed_after_slash(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    """m (only mine) and u (undo) are letters of the search, not commands."""
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await home(pilot)
        await burst(pilot, "slash", *"mull")
        assert screen.search_text == "mull"
        assert not any("undo" in n.lower() for n in notices(app))
        shown = screen_text(app)
        assert "Müller Logistik GmbH" in shown and "Acme Corp" not in shown


async def test_a_whole_call_with_a_follow_up_in_one_burst(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    """Fields in a form: tab and the keys after it go to the next field, in order."""
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "slash", *"acme", "enter", "i", *"Rang", "tab", *"v", "ctrl+s")
        assert not isinstance(app.screen, RecordForm), notices(app)
    with Store.open(db_path, context()) as store:
        summaries = {
            (i["summary"], i["kind"]) for i in store.for_account("interactions", company["acme"])
        }
        assert ("Rang", "visit") in summaries


async def test_new_and_edit_account_forms_get_what_follows(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "n", *"Zeta uno")
        assert isinstance(app.screen, AccountForm)
        assert value(app, "name") == "Zeta uno"
        await burst(pilot, "escape", "y")  # discard what was typed
        assert isinstance(app.screen, AccountsScreen)
        await burst(pilot, "e", "end", *" Ltd")  # the cursor is on Acme Corp
        assert isinstance(app.screen, AccountForm)
        assert value(app, "name") == "Acme Corp Ltd"


async def test_filter_form_gets_the_letter_after_f(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await home(pilot)
        await burst(pilot, "f", "d", "enter")
        assert isinstance(app.screen, AccountsScreen)
        assert screen.search_text == "class:defector"


async def test_bulk_form_gets_the_owner_typed_after_c(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "space", "c", *"dora")
        assert isinstance(app.screen, BulkChange)
        assert value(app, "owner") == "dora"


async def test_export_form_gets_the_path_typed_after_x(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "X", "ctrl+u", *"out.csv")
        assert isinstance(app.screen, RecordForm)
        assert value(app, "file") == "out.csv"


async def test_stage_and_account_forms_on_the_account_screen(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "enter", "t", "d")  # open Acme, change stage, d: dissolution
        assert isinstance(app.screen, RecordForm)
        stage = field(app, "stage")
        assert isinstance(stage, Choice) and stage.value == "dissolution"
        await burst(pilot, "escape", "y", "E", "end", *" Ltd")
        assert isinstance(app.screen, AccountForm)
        assert value(app, "name") == "Acme Corp Ltd"


async def test_account_screen_i_and_tab_n(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "enter", "i", *"quick")
        assert isinstance(app.screen, LogInteraction)
        assert value(app, "summary") == "quick"
        await burst(pilot, "escape", "y", "right_square_bracket", "n", *"Plan x")
        assert isinstance(app.screen, RecordForm)
        assert app.focused is not None and app.focused.id == "field-what"
        assert value(app, "what") == "Plan x"


async def test_q_typed_into_a_form_is_a_letter(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "i", *"qqq")
        assert isinstance(app.screen, LogInteraction)
        assert value(app, "summary") == "qqq"
        assert app.is_running


async def test_keys_sent_while_the_file_opens_reach_the_accounts_list(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "slash", *"beta")  # at once, before the list is there
        await settle(pilot, 0.2)
        screen = app.screen
        assert isinstance(screen, AccountsScreen)
        assert screen.search_text == "beta"


@pytest.mark.parametrize("opening", [0.5, 2.5])
async def test_keys_sent_while_a_slow_file_opens_reach_the_accounts_list_in_order(
    db_path: Path,
    tmp_path: Path,
    company: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    opening: float,
) -> None:
    """A file on a slow disk (or one whose index is being made) keeps the loading screen up;
    the keys typed meanwhile wait, and go once the list is there (longer than the patience
    a single key gets, too): none lost, none run as a command on the wrong screen."""
    from rapport.tui import app as app_module

    real = app_module.open_target

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(opening)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "open_target", slow)
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "slash", *"beta")  # "a" would open the agenda on the list
        await settle(pilot, 0.2)
        screen = app.screen
        assert isinstance(screen, AccountsScreen), type(screen)
        assert screen.search_text == "beta"


async def test_palette_runs_what_was_typed_and_entered_at_once(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await burst(pilot, "ctrl+p", *"gamma f", "enter")
        assert isinstance(app.screen, AccountScreen), type(app.screen)
        assert app.screen.account_id == company["gamma"]
