"""Response rates: forms issued, answered, the rate overall and per account and owner, the
mirrors still missing and who has not answered; on the command line and in the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import context, screen_text, settle
from survey_world import build_world

from rapport.store import Store
from rapport.store.actions import issue_codes
from rapport.store.actions.surveys import record_response
from rapport.store.records import codes
from rapport.store.views import status_to_json, wave_status
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.response_entry import ResponseEntry
from rapport.tui.screens.surveys import SurveysScreen
from rapport.tui.screens.wave_status import WaveStatusScreen


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    ids = build_world(db_path)
    with Store.open(db_path, context()) as store:
        kit = issue_codes(store, "Autumn 2026", on="2026-11-20")
        ids["wave"] = kit.wave["id"]
        for form in kit.forms:
            ids[f"code_{form.contact['id'] if form.contact else form.account['id']}"] = codes.shown(
                form.code
            )
        record_response(
            store,
            {
                "account": ids["north"],
                "wave": ids["wave"],
                "contact": ids["ines"],
                "respondent": "customer",
                "answers": {"care": 4},
                "recommend": 9,
            },
        )
        record_response(
            store,
            {
                "account": ids["north"],
                "wave": ids["wave"],
                "respondent": "employee",
                "staff": "ann",
                "answers": {"care": 5},
            },
        )
    return ids


def test_rates_per_account_and_owner_missing_mirrors_and_who_to_remind(
    db_path: Path, world: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        data = status_to_json(wave_status(store, world["wave"]))
    assert (data["wave"], data["issued"], data["invited"], data["answered"]) == (
        "Autumn 2026",
        5,
        3,
        1,
    )
    assert data["rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert [
        (a["account"], a["owner"], a["invited"], a["answered"], a["mirror"])
        for a in data["accounts"]
    ] == [("Nordwind Fähren", "ann", 2, 1, True), ("Südhang Wein", "bob", 1, 0, False)]
    assert [(o["owner"], o["rate"], o["mirrors_missing"]) for o in data["owners"]] == [
        ("ann", 0.5, 0),
        ("bob", 0.0, 1),
    ]
    assert data["mirrors_missing"] == ["Südhang Wein"]
    assert [(x["contact"], x["code"]) for x in data["not_answered"]] == [
        ("Omar <b>Lindqvist</b>", world[f"code_{world['omar']}"]),
        ("Pia Sørensen", world[f"code_{world['pia']}"]),
    ]


def test_survey_status_on_the_command_line(db_path: Path, world: dict[str, str], cli) -> None:  # type: ignore[no-untyped-def]
    as_json = cli("survey", "status", "autumn 2026", "--format", "json", db=db_path)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert {"wave", "invited", "answered", "rate", "accounts"} <= set(data)
    assert set(data["accounts"][0]) >= {"account", "owner", "invited", "answered", "mirror"}
    text = cli("survey", "status", "Autumn 2026", db=db_path)
    assert text.returncode == 0
    assert "answered 1 of 3: 33%" in text.stdout
    assert "Mirrors missing: Südhang Wein (bob)" in text.stdout
    assert "Omar <b>Lindqvist</b>" in text.stdout and world[f"code_{world['pia']}"] in text.stdout
    unknown = cli("survey", "status", "Nope", db=db_path)
    assert unknown.returncode == 1 and "no survey wave is named" in unknown.stderr


async def test_the_surveys_screen_shows_rates_and_follows_new_answers(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        assert "33%" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, WaveStatusScreen)
        shown = screen_text(app)
        assert "answered 1 of 3: 33%" in shown and "Südhang Wein" in shown
        record = {
            "account": world["south"],
            "wave": world["wave"],
            "contact": world["pia"],
            "respondent": "customer",
            "recommend": 8,
        }
        app.save(lambda store: record_response(store, record))
        await settle(pilot, 0.2)
        assert "answered 2 of 3: 67%" in screen_text(app)


async def test_a_code_picks_wave_account_contact_and_respondent_in_response_entry(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("c", *world[f"code_{world['pia']}"].lower(), "enter")
        await settle(pilot, 0.2)
        entry = app.screen
        assert isinstance(entry, ResponseEntry) and entry.account_id == world["south"]
        assert "Pia Sørensen at Südhang Wein, wave Autumn 2026" in screen_text(app)
        await pilot.press("3", "4", "5", "2", *"6", "tab", "4", "tab", *"Slow.", "ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, SurveysScreen), screen_text(app)
        # In the app's own response entry for another account: the code switches to its form,
        # and the scores typed before the code are kept.
        app.open_account(world["north"])
        await settle(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket", "n")
        await settle(pilot)
        entry = app.screen
        assert isinstance(entry, ResponseEntry) and entry.account_id == world["north"]
        await pilot.press("tab", "5")  # a score for the first statement, before the code
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "field-code", app.focused
        await pilot.press(*world[f"code_{world['south']}"])
        await settle(pilot, 0.3)
        assert app.screen.account_id == world["south"]  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
    with Store.open(db_path, context()) as store:
        by = {
            (r["respondent"], r["contact"]): r
            for r in store.for_account("responses", world["south"])
        }
        pia = by[("customer", world["pia"])]
        assert (pia["answers"], pia["recommend"], pia["switch"], pia["comment"]) == (
            {"care": 3, "care_2": 4, "price": 5, "speed": 2},
            6,
            4,
            "Slow.",
        )
        mirror = by[("employee", None)]
        assert (mirror["staff"], mirror["answers"]) == ("bob", {"care": 5})
