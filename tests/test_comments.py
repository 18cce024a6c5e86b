"""The customer's own words: a response's comment on the card (text and JSON), in the
portfolio (Defectors and everyone who would not recommend us), and as text in the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import build_company, context, screen_text, settle

from rapport.store import Store
from rapport.store.actions.surveys import open_wave, record_response
from rapport.store.views import card_for, portfolio, report_to_json
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.screens.account import AccountScreen

MARKUP = "[@click=app.quit]Quit[/] and [b]bold[/b] \x1b[2J"


@pytest.fixture
def said(db_path: Path) -> dict[str, str]:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        old = open_wave(store, "Spring", "2026-05-01").created("waves")[0]["id"]
        wave = open_wave(store, "Autumn", "2026-11-01").created("waves")[0]["id"]
        with store.transaction("contacts") as tx:
            ids["eve"] = tx.create("contacts", {"account": ids["acme"], "name": "Eve Ops"})
            ids["gus"] = tx.create("contacts", {"account": ids["gamma"], "name": "Gus Chef"})
            ids["mo"] = tx.create("contacts", {"account": ids["muller"], "name": "Mo Lager"})

        def answer(
            account: str,
            contact: str | None,
            scores: int,
            rec: int,
            sw: int,
            text: str,
            w: str = wave,
        ) -> None:
            record_response(
                store,
                {
                    "account": ids[account],
                    "wave": w,
                    "contact": ids[contact] if contact else None,
                    "respondent": "customer" if contact else "employee",
                    "staff": "" if contact else "tester",
                    "answers": {"trust": scores, "value": scores},
                    "recommend": rec,
                    "switch": sw,
                    "comment": text,
                },
            )

        answer("acme", "dana", 5, 10, 1, "Best supplier we have.")
        answer("acme", "eve", 4, 6, 2, MARKUP)
        answer("acme", None, 5, 9, 1, "They love us, I think.")
        answer("acme", "dana", 3, 7, 3, "An old comment.", old)
        answer("gamma", "gus", 2, 8, 5, "Thinking of leaving.")  # Defector, yet recommend 8
        answer("muller", "mo", 4, 9, 1, "")
    return ids


def test_the_card_shows_the_comments_of_its_wave(db_path: Path, said: dict[str, str]) -> None:
    from rapport.store.loyalty import card_to_json

    with Store.open(db_path, context()) as store:
        card = card_for(store, said["acme"], context().today())
    data = card_to_json(card)
    assert data["wave"] == "Autumn"
    assert data["comments"] == [
        {
            "contact": "Dana Buyer",
            "wave": "Autumn",
            "text": "Best supplier we have.",
            "respondent": "customer",
            "staff": "",
        },
        {
            "contact": "Eve Ops",
            "wave": "Autumn",
            "text": MARKUP,
            "respondent": "customer",
            "staff": "",
        },
        {
            "contact": None,
            "wave": "Autumn",
            "text": "They love us, I think.",
            "respondent": "employee",
            "staff": "tester",
        },
    ]


def test_rapport_card_prints_the_comments_as_text(db_path: Path, said: dict[str, str], cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("card", "Acme Corp", db=db_path)
    assert shown.returncode == 0, shown.stderr
    assert "Comments in Autumn" in shown.stdout
    assert "“Best supplier we have.” — Dana Buyer (recommend 10)" in shown.stdout
    assert "[@click=app.quit]Quit[/] and [b]bold[/b] ␛[2J" in shown.stdout
    assert "\x1b[2J" not in shown.stdout
    assert "An old comment." not in shown.stdout  # another wave's
    as_json = json.loads(cli("card", "Acme Corp", "--format", "json", db=db_path).stdout)
    assert as_json["comments"][0]["text"] == "Best supplier we have."


def test_the_portfolio_lists_what_defectors_and_detractors_said(
    db_path: Path, said: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        report = portfolio(store, context().today())
    listed = [
        (c["account"], c["contact"], c["class"], c["text"])
        for c in report_to_json(report)["comments"]
    ]
    assert listed == [
        ("Gamma Foods", "Gus Chef", "Defector", "Thinking of leaving."),
        ("Acme Corp", "Eve Ops", "Opportunist", MARKUP),
    ]


async def test_comments_are_text_in_the_app(
    db_path: Path, said: dict[str, str], tmp_path: Path
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot, 0.3)
        app.open_account(said["acme"])
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("z")  # the card, zoomed: all of it
        await settle(pilot)
        shown = screen_text(app)
        assert "“Best supplier we have.” — Dana Buyer" in shown
        assert "[@click=app.quit]Quit[/] and [b]bold[/b] ␛[2J" in shown
        assert app.is_running
