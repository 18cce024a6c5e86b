"""The survey kiosk, driven as the customer's people and the staff member do: it shows one
account's contacts and nothing else of the file; the palette and the app's keys do nothing;
each response is saved at once and closes the loop; leaving needs the staff's word."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import context, screen_text, settle
from survey_world import build_world

from rapport.store import Store
from rapport.store.actions import issue_codes
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.kiosk_app import KioskApp
from rapport.tui.modals.kiosk_leave import KioskLeave
from rapport.tui.screens.kiosk import KioskScreen
from rapport.tui.screens.surveys import SurveysScreen

OTHERS = ("Südhang Wein", "Pia Sørensen", "ann", "bob")
"""What the kiosk for Nordwind Fähren must never show: the other account, its contact,
and the owners."""


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    ids = build_world(db_path)
    with Store.open(db_path, context()) as store:
        ids["wave"] = issue_codes(store, "Autumn 2026", on="2026-11-20").wave["id"]
    return ids


def kiosk(db_path: Path, world: dict[str, str], tmp_path: Path) -> KioskApp:
    store = Store.open(db_path, context())
    return KioskApp(
        store,
        context(),
        world["wave"],
        world["north"],
        Config(path=tmp_path / "c.json"),
        poll_seconds=3600,
    )


def shows_nothing_else(app: object) -> str:
    shown = screen_text(app)
    for other in OTHERS:
        assert other not in shown, other
    return shown


async def test_a_customer_answers_at_the_kiosk_and_the_next_person_can_start(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = kiosk(db_path, world, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        assert isinstance(app.screen, KioskScreen)
        start = shows_nothing_else(app)
        assert "Nordwind Fähren" in start and "Ines Okafor" in start
        assert "Omar <b>Lindqvist</b>" in start  # a name is text, never markup
        assert "press escape, then type leave" in start
        await pilot.press("enter")  # Ines, the first name
        await settle(pilot)
        assert "They look after us as if we were their only client." in shows_nothing_else(app)
        await pilot.press("4", "5", "backspace", "4", "3", "2", "1", "0", "enter", "2")
        await settle(pilot)
        assert "Anything else you would like to tell us?" in shows_nothing_else(app)
        await pilot.press(*"Great ferry [b]crew[/b].", "ctrl+s")
        await settle(pilot, 0.2)
        thanks = shows_nothing_else(app)
        assert "Thank you, Ines!" in thanks and "follow-up" not in thanks
        # saved durably at once: another process reads it from the file
        with Store.open(db_path, context(), read_only=True) as other:
            [saved] = other.for_account("responses", world["north"])
            assert saved["contact"] == world["ines"] and saved["wave"] == world["wave"]
            assert saved["answers"] == {"care": 4, "care_2": 4, "price": 3, "speed": 2}
            assert (saved["recommend"], saved["switch"], saved["comment"]) == (
                10,
                2,
                "Great ferry [b]crew[/b].",
            )
        await pilot.press("enter")
        await settle(pilot)
        assert "Please choose your name" in shows_nothing_else(app)


async def test_the_palette_and_the_apps_keys_do_nothing_at_the_kiosk(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = kiosk(db_path, world, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        before, depth = screen_text(app), len(app.screen_stack)
        for key in (
            "ctrl+p",
            "question_mark",
            "f1",
            "u",
            "ctrl+c",
            "tab",
            "q",
            "a",
            "w",
            "p",
            "slash",
        ):
            await pilot.press(key)
            await settle(pilot, 0.02)
            assert isinstance(app.screen, KioskScreen), key
            assert len(app.screen_stack) == depth, key
        assert app.is_running
        assert screen_text(app).splitlines()[:3] == before.splitlines()[:3]
        shows_nothing_else(app)


async def test_leaving_needs_the_staff_members_word(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = kiosk(db_path, world, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, KioskLeave)
        shown = shows_nothing_else(app)
        assert "Type leave and press enter" in shown
        await pilot.press("ctrl+p", *"stay", "enter")  # the wrong word: back to the survey
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen) and app.is_running
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # escape in the question goes back too
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen)
        await pilot.press("escape", *"leave", "enter")
        await settle(pilot, 0.3)
    assert not app.is_running


async def test_a_name_not_listed_is_added_and_an_earlier_answer_is_asked_about(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = kiosk(db_path, world, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("end", "enter")  # "My name is not in the list"
        await settle(pilot)
        await pilot.press(*"Rui  Costa", "enter")
        await settle(pilot)
        await pilot.press("1", "1", "2", "1", "3", "enter", "5", "ctrl+s")  # recommend 3: a loop
        await settle(pilot, 0.2)
        assert "Thank you, Rui!" in shows_nothing_else(app)
        await pilot.press("enter", "end", "enter", *"rui costa", "enter")
        await settle(pilot)
        shown = shows_nothing_else(app)
        assert "Hello, Rui Costa." in shown and "answered this survey already" in shown
        await pilot.press("n")
        await settle(pilot)
        assert "Please choose your name" in screen_text(app)
    with Store.open(db_path, context()) as store:
        [rui] = [
            c for c in store.for_account("contacts", world["north"]) if c["name"] == "Rui Costa"
        ]
        [answer] = store.for_account("responses", world["north"])
        assert (answer["contact"], answer["recommend"]) == (rui["id"], 3)
        loops = [
            f for f in store.for_account("followups", world["north"]) if f["origin"] == "survey"
        ]
        # recommend 3 and the account now a Defector: the owner is told, as for any answer
        assert f"loop:{answer['id']}" in {ref for f in loops for ref in f["ref"].split()}
        assert {f["owner"] for f in loops} == {"ann"}


async def test_the_kiosk_from_the_surveys_screen_and_back(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        await pilot.press("K", *"nordw")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen)
        shows_nothing_else(app)
        for key in ("ctrl+p", "question_mark", "u"):
            await pilot.press(key)
            await settle(pilot, 0.02)
            assert isinstance(app.screen, KioskScreen), key
        await pilot.press("ctrl+q")  # asks; does not quit the app
        await settle(pilot)
        assert isinstance(app.screen, KioskLeave) and app.is_running
        await pilot.press(*"LEAVE", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        await pilot.press("question_mark")  # the app's keys work again
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
