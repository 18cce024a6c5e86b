"""The words users read, said as a person would say them: the bad-news speed, a count below
its least, the shape of a damaged file, a count's noun in number, the employee mirror's
questions; and where the app puts you (the new timeline entry), what it says of a filter
it does not know, and what the palette offers first.

The company is tests/helpers.py's; today is 2026-11-23.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import build_company, context, screen_text, settle

from rapport.cli import main
from rapport.store import Store, UnreadableFile
from rapport.store.actions import open_wave
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.response_entry import ResponseEntry
from rapport.tui.screens.account import AccountScreen


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        ids["wave"] = open_wave(store, "Winter 2026", "2026-11-20").created("waves")[0]["id"]
        with store.transaction("speeds") as tx:
            tx.update("accounts", ids["beta"], {"bad_news": "slow"})
            tx.update("accounts", ids["gamma"], {"bad_news": "fast"})
    return ids


def app_for(db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_app(db_path, context(), Config(path=tmp_path / "c.json"))


async def test_the_bad_news_speed_is_said_as_a_person_would(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    said = {}
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, 0.3)
        for key in ("acme", "beta", "gamma"):
            app.open_account(company[key])
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)
            said[key] = screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
    assert "bad news travels normally" in said["acme"]
    assert "bad news travels slowly" in said["beta"]
    assert "bad news travels fast" in said["gamma"]
    assert not any(re.search(r"travels (normal|slow)\b", text) for text in said.values())


def test_a_count_below_its_least_is_not_called_no_whole_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--accounts", "0", "--out", str(tmp_path / "d.json")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "'0' is too few: give 1 or more" in err
    assert "not a whole number" not in err
    with pytest.raises(SystemExit):
        main(["demo", "--accounts", "many", "--out", str(tmp_path / "d.json")])
    assert "'many' is not a whole number (1 or more)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("table", "said"),
    [(7, "holds a number"), ("x", "holds text"), ([1], "holds a list"), (True, "holds true or")],
)
def test_a_table_of_the_wrong_shape_is_named_in_words(
    tmp_path: Path, table: object, said: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"accounts": table}))
    with pytest.raises(UnreadableFile) as refused:
        Store.open(path, context(), read_only=True)
    message = str(refused.value)
    assert f"table 'accounts' {said}" in message
    assert "a int" not in message and "a str" not in message and "a bool" not in message


async def test_the_employee_mirror_asks_how_the_customer_would_answer(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, 0.3)
        app.open_account(company["acme"])
        await settle(pilot)
        for key in ("left_square_bracket", "left_square_bracket", "n"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, ResponseEntry)
        customer = screen_text(app)
        assert "trust and commitment: We trust them" in customer
        assert "As you expect the customer" not in customer
        await pilot.press("shift+tab", "right")  # who answered: employee mirror
        await settle(pilot)
        mirror = screen_text(app)
        assert "As you expect the customer to answer" in mirror
        assert "trust and commitment: they'd say “We trust them" in mirror
        assert "trust and commitment: We trust them" not in mirror
        assert "1-5 as they would score it" in mirror
        await pilot.press("left")  # back to a customer's answer
        await settle(pilot)
        assert "trust and commitment: We trust them" in screen_text(app)


@pytest.mark.parametrize("key", ["i", "n"])
async def test_after_logging_the_timeline_cursor_is_on_the_new_entry(
    db_path: Path, tmp_path: Path, company: dict[str, str], key: str
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        app.open_account(company["acme"])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        timeline = screen.pane(0).table
        await pilot.press("j")  # onto the older call (2026-11-10)
        assert timeline.current["summary"] == "Support call"
        await pilot.press(key)
        await settle(pilot)
        await pilot.press(*"Agreed the renewal", "ctrl+s")
        await settle(pilot, 0.2)
        assert app.screen is screen
        assert timeline.current["summary"] == "Agreed the renewal", screen_text(app)
        assert "▶ 2026-11-23" in screen_text(app)


NO_SUCH = [
    ("class:xyz", "'xyz' is no class (try ambassador, opportunist, defector, unsurveyed)"),
    ("band:great", "'great' is no band (try strong, steady, weak, at-risk)"),
    ("tier:big", "'big' is no tier (try key, growth, standard)"),
    ("stage:done", "'done' is no stage (try exploration,"),
    ("is:late", "'late' is no flag (try is:mine, is:overdue, is:losing)"),
    ("owner:zoe", "no account has the owner 'zoe'"),
    ("region:mars", "no account has the region 'mars'"),
    ("tag:gold", "no account has the tag 'gold'"),
]


async def test_a_filter_value_that_is_no_such_thing_is_said_so(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        for typed, said in NO_SUCH:
            await pilot.press("slash", "ctrl+a", "ctrl+k", *typed)
            await settle(pilot)
            shown = screen_text(app)
            assert said in shown, shown
        await pilot.press("ctrl+a", "ctrl+k")
        await settle(pilot)
        assert "is no" not in screen_text(app)


async def test_known_values_filter_quietly_and_a_dash_stands_for_a_space(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store, store.transaction("owner") as tx:
        tx.update("accounts", company["beta"], {"owner": "Ann Lee", "tags": ["key deal"]})
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        screen = app.screen
        for typed in ("owner:ann-lee", "tag:key-deal", "class:unsurv tier:gr"):
            await pilot.press("slash", "ctrl+a", "ctrl+k", *typed, "enter")
            await settle(pilot)
            assert [r.name for r in screen.table.rows] == ["Beta Industries"], typed
            assert "is no" not in screen_text(app) and "no account has" not in screen_text(app)


async def palette_titles(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await settle(pilot, 0.6)  # the palette gathers its hits in batches
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList)
    titles = [
        str(options.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(options.option_count)
    ]
    await pilot.press("escape")
    await settle(pilot)
    return titles


async def test_the_palette_opens_with_rapports_own_actions(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        home = await palette_titles(pilot)
        app.open_account(company["acme"])
        await settle(pilot)
        account = await palette_titles(pilot)
    for titles, first in ((home, ["Mark", "Open", "Search", "Log"]), (account, ["Open", "New"])):
        assert titles[: len(first)] == first, titles
        assert titles.index("Theme") > titles.index("Help"), "our keys before Textual's commands"
        for textuals in ("Scroll Left", "Scroll Right", "Maximize"):
            if textuals in titles:
                assert titles.index(textuals) > titles.index("Undo"), titles
    # moving the cursor comes after every action of the screen
    assert home.index("Up") > home.index("Sort by next column") > home.index("Log")
    assert "Scroll Left" not in home[:20]
