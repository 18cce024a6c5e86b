"""At 80x24 everything needed is on the screen: a form's Save and Cancel and the field being
typed in, help from top to bottom, the account's name while the card is zoomed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import build_company, context, screen_text, settle, tab_to

from rapport.store import Store
from rapport.store.demo import write_demo
from rapport.store.loyalty.strength import whole
from rapport.store.views.cards import card_for
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.help import HelpScreen
from rapport.tui.modals.log_interaction import LogInteraction
from rapport.tui.modals.record_form import RecordForm
from rapport.tui.screens.account import AccountScreen
from rapport.tui.widgets.card import CardView


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store, store.transaction("people") as tx:
        for name in ("Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"):
            tx.create("contacts", {"account": ids["acme"], "name": f"{name} Person"})
    return ids


def app_for(db_path: Path, tmp_path: Path) -> Any:
    return make_app(db_path, context(), Config(path=tmp_path / "config.json"), poll_seconds=3600)


def visible(app: Any, widget: Any) -> bool:
    """Is ``widget`` drawn whole on the screen (not scrolled or clipped away)?"""
    region = widget.region
    shown = app.screen.find_widget(widget).visible_region if widget.region else None
    return bool(region) and shown is not None and shown.height == region.height


async def test_settings_form_shows_save_and_cancel_at_80x24(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("w", "S")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        for button in ("#save", "#cancel"):
            assert visible(app, form.query_one(button)), f"{button} is off the screen"
        last = form.body.rows()[-1].editor
        last.focus()
        await settle(pilot)
        assert visible(app, last)
        assert visible(app, form.query_one("#save"))


async def test_log_form_keeps_its_last_field_and_save_in_view_at_80x24(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    """Nine contacts to tick and three refused dates under their fields: all reachable."""
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("i", *"Met them")
        await tab_to(pilot, "date")
        await pilot.press("ctrl+u", *"2027-01-01")
        await tab_to(pilot, "follow_up")
        await pilot.press(*"someday")
        await tab_to(pilot, "promise_due")
        await pilot.press(*"never", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogInteraction)
        assert screen_text(app).count("is not a date") + screen_text(app).count("after today") >= 2
        assert visible(app, form.query_one("#save"))
        last = form.body.rows()[-1].editor
        last.focus()
        await settle(pilot)
        assert visible(app, last), "the last field cannot be seen"
        assert visible(app, form.query_one("#save"))


async def test_g_and_shift_g_go_to_the_top_and_bottom_of_help(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys")
        assert keys.max_scroll_y > 0, "help fits the screen: nothing to test"
        await pilot.press("G")
        await settle(pilot)
        assert keys.scroll_y == keys.max_scroll_y
        await pilot.press("g")
        await settle(pilot)
        assert keys.scroll_y == 0


async def test_zoomed_card_keeps_the_account_name_in_view(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("z")
        await settle(pilot)
        assert "Acme Corp" in screen_text(app).splitlines()[0]
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        assert "Timeline" in screen_text(app)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("card") / "demo.json"
    write_demo(path, 40, 7, context(), me="tester")
    return path


def surveyed_with_blind_spot(path: Path) -> tuple[str, Any]:
    with Store.open(path, context()) as store:
        for account in sorted(store.all("accounts"), key=lambda a: a["name"]):
            card = card_for(store, account["id"], context().today())
            if card.blind_spots and len(card.factors) == 10 and card.plan_progress:
                return account["id"], card
    raise AssertionError("the demo has no account with a blind spot and plan progress")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_whole_card_and_five_rows_of_the_tab_without_zoom(
    demo_file: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    copy = tmp_path / "demo.json"
    copy.write_bytes(demo_file.read_bytes())
    account_id, card = surveyed_with_blind_spot(copy)
    app = app_for(copy, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 0.2)
        app.open_account(account_id)
        await settle(pilot, 0.2)
        shown = screen_text(app)
        view = app.screen.query_one(CardView)
        assert view.max_scroll_y == 0, "the card scrolls: some of it is hidden"
        assert card.cls in shown
        band = f"strength {whole(card.strength.value)} {card.strength.band}"
        assert band in shown
        assert f"in tune {whole(card.in_tune)}" in shown
        assert "Blind spots" in shown
        for factor in card.factors:
            label = factor.key if view.compact else factor.name
            scores = [
                ("-" if s is None else f"{s:.1f}") for s in (factor.customer, factor.employee)
            ]
            pattern = re.escape(label) + r"\s+" + r"\s+".join(map(re.escape, scores))
            assert re.search(pattern, shown), f"factor {label} {scores} is not shown"
        table = app.screen.pane(0).table
        assert table.region.height >= 1 + 5, "fewer than five rows of the tab fit"
        assert table.region.bottom <= size[1] - 1  # above the footer
