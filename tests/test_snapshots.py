"""What every screen looks like, at 80x24 (SSH) and 120x40, on a fixed demo file and a
fixed date. Review a failing comparison in snapshot_report.html before --snapshot-update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import context

from rapport.store import Store
from rapport.store.actions.edits import save_record
from rapport.store.actions.surveys import open_wave
from rapport.store.demo.company import write_demo
from rapport.tui.app import make_app
from rapport.tui.config import Config

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
Steps = Callable[[Any], Awaitable[None]]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snap") / "demo.json"
    ctx = context()
    write_demo(path, 40, 7, ctx, me="tester")
    with Store.open(path, ctx) as store:
        open_wave(store, "Winter 2026", "2026-11-20")
    return path


def app_for(demo_file: Path, tmp_path: Path) -> Any:
    copy = tmp_path / "demo.json"
    copy.write_bytes(demo_file.read_bytes())
    copy.chmod(0o600)
    app = make_app(copy, context(), Config(path=tmp_path / "config.json"), poll_seconds=3600)
    app.animation_level = "none"
    return app


async def settled(pilot: Any) -> None:
    """Wait for the screen, its workers (cards fill in) and stop cursors blinking."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        screen = app.screen
        rows = getattr(screen, "_rows", None)
        if type(screen).__name__ != "LoadingScreen" and not (
            rows is not None and any(r.cls == "" for r in rows.values())
        ):
            break
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def keys(*presses: str) -> Steps:
    async def run(pilot: Any) -> None:
        await settled(pilot)
        for key in presses:
            await pilot.press(key)
            await settled(pilot)

    return run


async def edit_conflict(pilot: Any) -> None:
    """Editing an account that a colleague saves meanwhile: both versions side by side."""
    await keys("j", "j", "enter", "E")(pilot)
    form = pilot.app.screen
    with Store.open(pilot.app.path, context("colleague")) as other:
        save_record(other, "accounts", {"region": "Baltics"}, record_id=form.account_id)
    await pilot.press("tab", *" (HQ)", "ctrl+s")
    await settled(pilot)
    await pilot.press("y")  # yes, the owner "... (HQ)" is a new person
    await settled(pilot)


SCREENS: dict[str, Steps] = {
    "accounts": keys(),
    "accounts_search": keys("slash", *"class:opp", "enter"),
    "account": keys("j", "j", "enter"),
    "account_card_zoomed": keys("j", "j", "enter", "z"),
    "account_blind_spots": keys("slash", *"fairfax auto", "enter"),
    "account_plan": keys("j", "j", "enter", "right_square_bracket"),
    "log_interaction": keys("i"),
    "log_interaction_error": keys("i", *"Called", "tab", "tab", *"2026-02-30", "ctrl+s"),
    "delete_confirm": keys("d"),
    "filters": keys("f"),
    "bulk_change": keys("space", "space", "c"),
    "agenda": keys("a"),
    "surveys": keys("w"),
    "response_entry": keys("w", "r", *"aarh", "enter"),
    "questionnaire": keys("w", "Q"),
    "portfolio": keys("p"),
    "help": keys("question_mark"),
    "edit_conflict": edit_conflict,
    "wave_status": keys("w", "s"),
    "kiosk_start": keys("w", "K", *"aarh", "enter"),
    "kiosk_question": keys("w", "K", *"aarh", "enter", "enter", "4", "5"),
    "kiosk_leave": keys("w", "K", *"aarh", "enter", "escape"),
    "group": keys("slash", *"aarhus fin", "enter", "ctrl+g"),
    "opportunities": keys("O"),
    "pass_to_sales": keys("O", "s", "s", "P"),
    "appointment_form": keys("A"),
    "gestures": keys("enter", "right_square_bracket", "right_square_bracket", "j", "v"),
}


@pytest.mark.parametrize("size", SIZES.keys())
@pytest.mark.parametrize("screen", SCREENS.keys())
def test_screen(screen: str, size: str, snap_compare: Any, demo_file: Path, tmp_path: Path) -> None:
    app = app_for(demo_file, tmp_path)
    assert snap_compare(app, run_before=SCREENS[screen], terminal_size=SIZES[size])


def test_too_small_notice(snap_compare: Any, demo_file: Path, tmp_path: Path) -> None:
    """Below the smallest size that works: a notice, not half a screen."""
    app = app_for(demo_file, tmp_path)
    assert snap_compare(app, run_before=keys(), terminal_size=(50, 14))
