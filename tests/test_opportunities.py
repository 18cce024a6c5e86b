"""Opportunities handed to sales (issue 15): ``rapport opportunities`` (value first, by status
and owner), passing one to sales with a follow-up in that person's agenda, won and lost
keeping value and date, won value on the account, the account that referred one and the
referrals the card shows; the opportunities screen and P with a name nobody has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import context, screen_text, settle
from relationship_world import build_world

from rapport.store import Store, ValidationError
from rapport.store.actions import pass_to_sales, save_record
from rapport.store.views import agenda, referrals_given, won
from rapport.tui.app import make_app
from rapport.tui.config import Config


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    ids = build_world(db_path, context())
    with Store.open(db_path, context("ann")) as store:
        for key, account, what, value, status, more in (
            ("big", "energy", "Second plant", 90_000, "open", {}),
            ("small", "services", "Training", 5_000, "open", {"referred_by": ids["energy"]}),
            ("mid", "solo", "New line", 40_000, "passed", {"passed_to": "Sam Sales"}),
            ("done", "services", "Spares", 12_000, "won", {"referred_by": ids["energy"]}),
        ):
            made = save_record(
                store,
                "opportunities",
                {"account": ids[account], "what": what, "value": value, "status": status,
                 "noticed": "2026-11-01", **more},
            )  # fmt: skip
            ids[key] = made.created("opportunities")[0]["id"]
    return ids


def test_rapport_opportunities_value_first_by_status_and_owner(
    db_path: Path, world: dict[str, str], cli
) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(cli("opportunities", "--format", "json", db=db_path).stdout)
    assert [r["what"] for r in rows] == ["Second plant", "New line", "Spares", "Training"]
    assert rows[3]["referred_by"] == "Nordwind Energy"
    opened = json.loads(
        cli("opportunities", "--status", "open", "--format", "json", db=db_path).stdout
    )
    assert [r["what"] for r in opened] == ["Second plant", "Training"]
    sams = json.loads(
        cli("opportunities", "--owner", "sam  SALES", "--format", "json", db=db_path).stdout
    )
    assert [r["what"] for r in sams] == ["New line"], "passed to them"
    bobs = json.loads(cli("opportunities", "--owner", "bob", "--format", "json", db=db_path).stdout)
    assert [r["what"] for r in bobs] == ["Spares", "Training"], "of their accounts"
    wrong = cli("opportunities", "--owner", "Sam Sails", db=db_path)
    assert wrong.returncode == 1 and "the closest known: 'Sam Sales'" in wrong.stderr
    text = cli("opportunities", db=db_path).stdout
    assert "4 opportunities, worth 147,000" in text


def test_as_of_a_day_they_stand_as_they_did(db_path: Path, world: dict[str, str], cli) -> None:  # type: ignore[no-untyped-def]
    def listed(*args: str) -> list[tuple[str, str]]:
        out = cli("opportunities", "--format", "json", *args, db=db_path).stdout
        return [(r["what"], r["status"]) for r in json.loads(out)]

    # "Spares" was won and "New line" passed today (2026-11-23): a week before, both were open
    assert listed("--as-of", "2026-11-16") == [
        ("Second plant", "open"), ("New line", "open"), ("Spares", "open"), ("Training", "open"),
    ]  # fmt: skip
    assert listed("--as-of", "2026-11-16", "--status", "won") == []
    assert listed("--as-of", "2026-10-31") == [], "none had been noticed yet"


def test_passing_to_sales_gives_that_person_a_follow_up_once(
    db_path: Path, world: dict[str, str]
) -> None:
    with Store.open(db_path, context("ann")) as store:
        with pytest.raises(ValidationError, match="passed_to: is required"):
            pass_to_sales(store, world["big"], "  ")
        pass_to_sales(store, world["big"], "Sam  Sales")
        passed = store.require("opportunities", world["big"])
        assert (passed["status"], passed["passed_to"], passed["passed_on"]) == (
            "passed", "Sam Sales", "2026-11-23",
        )  # fmt: skip
        pass_to_sales(store, world["big"], "Sam Sales")  # again: no second follow-up
        mine = [
            i for i in agenda(store, context().today(), owner="Sam Sales") if i.kind == "follow-up"
        ]
        assert len(mine) == 1 and "Second plant" in mine[0].what and mine[0].when == "2026-11-26"
        with pytest.raises(ValidationError, match="was won already"):
            pass_to_sales(store, world["done"], "Sam Sales")


def test_won_and_lost_keep_value_and_date_and_won_shows_on_the_account(
    db_path: Path, world: dict[str, str]
) -> None:
    with Store.open(db_path, context("ann")) as store:
        save_record(store, "opportunities", {"status": "won"}, record_id=world["big"])
        save_record(store, "opportunities", {"status": "lost"}, record_id=world["mid"])
        big, mid = (store.require("opportunities", world[k]) for k in ("big", "mid"))
        assert (big["value"], big["closed_on"]) == (90_000, "2026-11-23")
        assert (mid["value"], mid["closed_on"], mid["passed_on"]) == (
            40_000,
            "2026-11-23",
            "2026-11-23",
        )
        assert won(store, world["energy"]) == (90_000, 1)
        given = referrals_given(store, world["energy"])
        assert (given.given, given.won, given.won_value) == (2, 1, 12_000)


def test_the_card_shows_referrals_given(db_path: Path, world: dict[str, str], cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("card", "Nordwind Energy", "--format", "json", db=db_path).stdout)
    assert data["referrals_given"] == {"given": 2, "won": 1, "won_value": 12_000}
    assert "Referrals given: 2 (1 won, 12k)" in cli("card", "Nordwind Energy", db=db_path).stdout


def app_for(db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    app = make_app(db_path, context("ann"), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    app.animation_level = "none"
    return app


async def test_the_screen_lists_value_first_and_p_asks_about_a_name_nobody_has(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("O")
        await settle(pilot)
        assert type(app.screen).__name__ == "OpportunitiesScreen"
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "Second plant" in line)
        assert "New line" in lines[first + 1], "value first"
        await pilot.press("s")  # open ones only
        await settle(pilot)
        assert "New line" not in screen_text(app) and "Training" in screen_text(app)
        await pilot.press("P")
        await settle(pilot)
        assert type(app.screen).__name__ == "PassToSales"
        await pilot.press(*"Sam Sails", "ctrl+s")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert "Nobody in this file is called 'Sam Sails'" in shown
        assert "The closest known: Sam Sales" in shown
        await pilot.press("n")  # fix the name: it is said at the field
        await settle(pilot)
        assert type(app.screen).__name__ == "PassToSales"
        with Store.open(db_path, context(), read_only=True) as store:
            assert store.require("opportunities", world["big"])["status"] == "open", "not yet"
        await pilot.press("ctrl+s", "y")  # asked again: a new person, passed to them
        await settle(pilot)
        assert type(app.screen).__name__ == "OpportunitiesScreen"
        await pilot.press("s")  # passed ones
        await settle(pilot)
        assert "Sam Sails" in screen_text(app)
        await pilot.press("slash", *"sails", "enter", "w")
        await settle(pilot)
    with Store.open(db_path, context(), read_only=True) as store:
        big = store.require("opportunities", world["big"])
        assert (big["status"], big["passed_to"], big["closed_on"]) == (
            "won",
            "Sam Sails",
            "2026-11-23",
        )
        follow = [f for f in store.all("followups") if f["owner"] == "Sam Sails"]
        assert len(follow) == 1 and follow[0]["origin"] == "opportunity"


async def test_an_opportunity_names_the_account_that_referred_it(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"solo", "enter")  # the one account found opens
        await settle(pilot)
        for _ in range(5):
            await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("n", *"Cold store")
        form = app.screen
        body = form.body  # type: ignore[attr-defined]
        body.row("referred_by").editor.value = "nordwnd energy"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "did you mean 'Nordwind Energy'" in " ".join(screen_text(app).split())
        body.row("referred_by").editor.value = "nordwind energy"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "AccountScreen"
    with Store.open(db_path, context(), read_only=True) as store:
        [made] = [o for o in store.all("opportunities") if o["what"] == "Cold store"]
        assert made["referred_by"] == world["energy"] and made["account"] == world["solo"]
        assert referrals_given(store, world["energy"]).given == 3
