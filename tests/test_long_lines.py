"""Messages longer than the window is wide wrap inside it at 80x24, never cut off at the
right edge: a form field's error, and the kiosk's question to someone who answered already."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import build_company, context, screen_text, settle, tab_to
from survey_world import build_world

from rapport.store import Store
from rapport.store.actions import issue_codes
from rapport.store.actions.surveys import record_response
from rapport.store.records import codes
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.kiosk_app import KioskApp
from rapport.tui.modals.record_form import RecordForm
from rapport.tui.modals.response_entry import ResponseEntry


def flattened(app: object) -> str:
    """The screen's text with box borders taken off and lines joined, as a reader reads it."""
    lines = [line.strip(" │▌▎▊█") for line in screen_text(app).splitlines()]
    return re.sub(r"\s+", " ", " ".join(lines))


async def test_a_long_field_error_wraps_at_80_columns(db_path: Path, tmp_path: Path) -> None:
    build_company(db_path)
    app = make_app(db_path, context(), Config(path=tmp_path / "config.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        await tab_to(pilot, "value")
        await pilot.press("ctrl+a", "ctrl+k", *"1,500", "ctrl+s")
        await settle(pilot)
        shown = flattened(app)
        assert "could be 1500" in shown
        assert "(a decimal comma): write 1500 or 1.5" in shown, shown


async def test_the_kiosks_answered_already_note_wraps_at_80_columns(
    db_path: Path, tmp_path: Path
) -> None:
    ids = build_world(db_path)
    with Store.open(db_path, context()) as store:
        wave = issue_codes(store, "Autumn 2026", on="2026-11-20").wave["id"]
    store = Store.open(db_path, context())
    app = KioskApp(store, context(), wave, ids["north"], Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("end", "enter")
        await settle(pilot)
        await pilot.press(*"Rui Costa", "enter")
        await settle(pilot)
        await pilot.press("1", "1", "2", "1", "3", "enter", "5", "ctrl+s")
        await settle(pilot, 0.2)
        await pilot.press("enter", "end", "enter", *"rui costa", "enter")
        await settle(pilot)
        shown = flattened(app)
        assert "answered this survey already" in shown
        assert "Your new answers replace your earlier ones." in shown, shown


async def test_a_response_codes_note_wraps_at_80_columns(db_path: Path, tmp_path: Path) -> None:
    ids = build_world(db_path)
    with Store.open(db_path, context()) as store:
        kit = issue_codes(store, "Autumn 2026", on="2026-11-20")
        [form] = [f for f in kit.forms if f.contact and f.contact["id"] == ids["ines"]]
        record_response(
            store,
            {
                "account": ids["north"],
                "wave": kit.wave["id"],
                "contact": ids["ines"],
                "respondent": "customer",
                "recommend": 9,
            },
        )
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("c", *codes.shown(form.code), "enter")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, ResponseEntry)
        shown = flattened(app)
        assert "answered already: saving replaces that answer" in shown, shown
