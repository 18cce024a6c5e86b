"""Small and resized windows: the names still tell accounts apart at 60 columns, wide windows
give owner and stage their words, the cursor's row stays in view, and below the smallest
size that works the app says so instead of drawing half a screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import context, screen_text, settle
from textual.app import App, ComposeResult

from rapport.store import Store
from rapport.store.actions import create_account
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.screens.accounts import AccountsScreen
from rapport.tui.widgets.account_cells import COLUMNS
from rapport.tui.widgets.too_small import MIN_SIZE, TooSmallNotice
from rapport.tui.widgets.vtable import Column, VirtualTable, fit_columns

NAMES = [
    "Aarhus Analytics A/S",
    "Aarhus Freight AS",
    "Aarhus Health AB",
    "Aarhus Instruments AB",
    "Aarhus Packaging ApS",
]


@pytest.fixture
def aarhus(db_path: Path) -> Path:
    with Store.open(db_path, context()) as store:
        for name in NAMES:
            create_account(
                store,
                {"name": name, "owner": "Elena van Dijk", "stage": "exploration", "tier": "key"},
            )
    return db_path


def app_for(db_path: Path, tmp_path: Path) -> Any:
    return make_app(db_path, context(), Config(path=tmp_path / "config.json"), poll_seconds=3600)


def rows_shown(app: Any) -> list[str]:
    return [line for line in screen_text(app).splitlines() if "Aarhus" in line]


async def test_at_60_columns_the_names_tell_the_accounts_apart(
    aarhus: Path, tmp_path: Path
) -> None:
    app = app_for(aarhus, tmp_path)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot, 0.2)
        rows = rows_shown(app)
        assert len(rows) == len(NAMES)
        names = [row[2:24].strip() for row in rows]
        assert len(set(names)) == len(NAMES), names
        assert all("AMB" in row or "—" in row for row in rows)  # the class stays


async def test_at_120_columns_owner_and_stage_get_their_words(aarhus: Path, tmp_path: Path) -> None:
    app = app_for(aarhus, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        for row in rows_shown(app):
            assert "Elena van Dijk" in row and "exploration" in row, row


def test_columns_go_in_order_and_the_name_keeps_what_it_needs() -> None:
    for width in range(30, 200):
        widths = dict(zip([c.key for c in COLUMNS], fit_columns(COLUMNS, width), strict=True))
        assert widths["name"] is not None and widths["name"] >= 20
        assert widths["class"] == 3 and widths["strength"] == 11
        used = sum(w + 1 for w in widths.values() if w is not None)
        assert used <= max(width, 20 + 1 + 4 + 12), (width, widths)
        dropped = {c.key for c in COLUMNS if widths[c.key] is None}
        for column in COLUMNS:  # a column goes only after every one less needed
            if column.key in dropped:
                assert all(c.key in dropped for c in COLUMNS if c.drop > column.drop)


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("n", "N")], lambda row: [row], lambda row: row)

    def on_virtual_table_selected(self, event: VirtualTable.Selected) -> None:
        self.chosen.append(event.row)


async def test_after_a_resize_the_cursor_row_stays_in_view() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 40)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows([f"row {i:03}" for i in range(100)])
        table.focus()
        await pilot.pause()
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        assert table.current == "row 030"
        await pilot.resize_terminal(40, 12)
        await pilot.pause(0.1)
        top = round(table.scroll_offset.y)
        assert top <= table.cursor < top + table.scrollable_content_region.height - 1


async def test_keys_act_on_the_row_in_view_after_the_wheel_scrolls_it_away() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows([f"row {i:03}" for i in range(100)])
        table.focus()
        await pilot.pause()
        table.scroll_to(y=50, animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        top = round(table.scroll_offset.y)
        assert top <= table.cursor < top + table.scrollable_content_region.height - 1
        assert app.chosen == [table.current]


async def test_below_the_smallest_size_it_says_so_and_comes_back(
    aarhus: Path, tmp_path: Path
) -> None:
    app = app_for(aarhus, tmp_path)
    width, height = MIN_SIZE
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.resize_terminal(width - 1, height)
        await settle(pilot)
        assert app.screen.query(TooSmallNotice)
        shown = screen_text(app)
        assert f"Rapport needs at least {width}x{height}" in shown
        assert f"this window is {width - 1}x{height}" in shown
        assert "Aarhus" not in shown  # no half-drawn list behind it
        await pilot.press("j", "j")  # typed meanwhile: kept for the list
        await pilot.resize_terminal(width, height)
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert not app.screen.query(TooSmallNotice)
        assert "Aarhus Freight" in screen_text(app)
        assert app.screen.table.cursor == 2
