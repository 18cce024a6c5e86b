"""Survey work in the app: a response in under 30 keys, the questionnaire's versions,
settings checked at their field."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import FACTORS
from helpers import build_company, context, screen_text, settle

from rapport.store import Store
from rapport.store.actions.surveys import open_wave
from rapport.store.views.rows import current_questionnaire
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.record_form import RecordForm
from rapport.tui.modals.response_entry import ResponseEntry
from rapport.tui.screens.account import AccountScreen
from rapport.tui.screens.questionnaire import QuestionnaireScreen
from rapport.tui.screens.surveys import SurveysScreen


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        ids["wave"] = open_wave(store, "Winter 2026", "2026-11-20").created("waves")[0]["id"]
    return ids


async def test_a_whole_response_in_under_thirty_keys_closes_the_loop(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        app.open_account(company["acme"])
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        keys = ["left_square_bracket", "left_square_bracket", "n"]  # the surveys tab, new response
        keys += [
            "tab",
            *"4435243542",
            "5",
            "tab",
            "3",
            "ctrl+s",
        ]  # contact chosen; 10 scores; recommend 5; switch 3
        assert len(keys) < 30
        for key in keys[:3]:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, ResponseEntry)
        await pilot.press(*keys[3:])
        await settle(pilot, 0.2)
        assert isinstance(app.screen, AccountScreen), screen_text(app)
    with Store.open(db_path, context()) as store:
        [response] = store.for_account("responses", company["acme"])
        assert response["contact"] == company["dana"]
        assert [
            response["answers"][k]
            for k in FACTORS  # the order the screen asks them in
        ] == [4, 4, 3, 5, 2, 4, 3, 5, 4, 2]
        assert (response["recommend"], response["switch"]) == (5, 3)
        # recommend 5 <= 6: the owner gets a follow-up due two days after the response
        [loop] = [
            f for f in store.for_account("followups", company["acme"]) if f["origin"] == "survey"
        ]
        assert (loop["owner"], loop["due"], loop["ref"]) == (
            "tester",
            "2026-11-25",
            f"loop:{response['id']}",
        )


async def test_editing_an_asked_questionnaire_keeps_old_waves_meaning(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(app.screen, QuestionnaireScreen)
        assert "saving makes version 2" in screen_text(app)
        await pilot.press("x")  # retire the first statement
        await pilot.press("n", "tab", *"They pick up the phone.", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
    with Store.open(db_path, context()) as store:
        newest = current_questionnaire(store)
        assert newest is not None and newest["number"] == 2
        statements = {s["key"]: s for s in newest["statements"]}
        assert statements["trust"].get("retired") is True
        assert statements["trust_2"]["text"] == "They pick up the phone."
        first = store.require("waves", company["wave"])
        assert store.require("questionnaires", first["questionnaire"])["number"] == 1


async def test_a_wrong_setting_is_named_at_its_field_and_not_saved(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("w", "S")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        editor = form.body.row("bands__steady").editor
        editor.focus()
        await pilot.press("ctrl+a", "backspace", *"80", "ctrl+s")  # steady above strong (70)
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        row = form.body.rows()
        messages = [r.spec.name for r in row if r.has_class("-error")]
        assert messages, screen_text(app)
        assert "bands" in " ".join(messages)
    with Store.open(db_path, context()) as store:
        assert store.require("settings", "000000000001")["values"]["bands"]["steady"] == 50
