"""The app driven as a person drives it: keys in, screen and data file checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_company, context, screen_text, settle, tab_to

from rapport.store import Store
from rapport.store.actions.edits import log_interaction, save_record
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.confirm import Confirm
from rapport.tui.modals.conflict import ConflictModal
from rapport.tui.modals.help import HelpScreen
from rapport.tui.modals.log_interaction import LogInteraction
from rapport.tui.modals.record_form import RecordForm
from rapport.tui.screens.account import AccountScreen
from rapport.tui.screens.accounts import AccountsScreen


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def app_for(db_path: Path, tmp_path: Path, **kwargs):  # type: ignore[no-untyped-def]
    return make_app(db_path, context(), Config(path=tmp_path / "config.json"), **kwargs)


async def open_home(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, 0.2)
    assert isinstance(pilot.app.screen, AccountsScreen)


async def test_a_days_work_find_open_log_plan_quit(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    """The issue's walk: find an account by part of its name, open it, log a call with a
    follow-up, add a plan item, quit; the file then holds both."""
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("slash", *"mull")
        await settle(pilot)
        assert "Müller Logistik GmbH" in screen_text(app)
        assert "Acme Corp" not in screen_text(app)
        await pilot.press("enter")  # the one account found opens
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, LogInteraction)
        assert app.focused is not None and app.focused.id == "field-summary"
        await pilot.press(*"Called Eva about the renewal")
        await tab_to(pilot, "follow_up")
        await pilot.press("plus", "7", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("right_square_bracket")  # the plan tab
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Invite Eva to the user day", "ctrl+s")
        await settle(pilot)
        assert "Invite Eva to the user day" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot, 0.3)
    with Store.open(db_path, context()) as store:
        calls = [i for i in store.for_account("interactions", company["muller"])]
        assert [(c["summary"], c["kind"], c["date"]) for c in calls] == [
            ("Called Eva about the renewal", "call", "2026-11-23")
        ]
        followups = store.for_account("followups", company["muller"])
        assert [(f["due"], f["interaction"]) for f in followups] == [("2026-11-30", calls[0]["id"])]
        plan = store.for_account("plan_items", company["muller"])
        assert [p["what"] for p in plan] == ["Invite Eva to the user day"]
    journal = db_path.with_name(db_path.name + ".journal")
    assert journal.read_bytes().count(b"\n") == 1, "quitting folds the journal into the file"


async def test_bad_date_is_named_at_its_field_and_nothing_typed_is_lost(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"Long notes about the call")
        await tab_to(pilot, "follow_up")
        await pilot.press(*"2026-02-30", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogInteraction)
        text = screen_text(app)
        assert "2026-02-30 is not a date" in text
        assert form.body.row("follow_up").has_class("-error")
        assert form.body.row("summary").raw() == "Long notes about the call"
        assert app.focused is form.body.row("follow_up").editor
    with Store.open(db_path, context()) as store:
        assert not any(i["summary"].startswith("Long notes") for i in store.all("interactions"))


async def test_a_call_is_logged_on_the_day_it_happened_never_after_today(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)  # today is Monday 2026-11-23
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"Rang about the invoice")
        await tab_to(pilot, "date")
        await pilot.press("ctrl+u", *"+3", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogInteraction)
        assert "2026-11-26 is after today (2026-11-23)" in screen_text(app)
        assert app.focused is form.body.row("date").editor
        assert form.body.row("summary").raw() == "Rang about the invoice"
        await pilot.press("ctrl+u", *"fri", "ctrl+s")  # the call was last Friday
        await settle(pilot)
        assert not isinstance(app.screen, LogInteraction)
    with Store.open(db_path, context()) as store:
        (call,) = [i for i in store.all("interactions") if i["summary"] == "Rang about the invoice"]
        assert call["date"] == "2026-11-20"


async def test_every_wrong_field_of_a_form_is_named_at_once(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("slash", *"mull", "enter")  # the one account found opens
        await settle(pilot)
        await pilot.press("right_square_bracket", "n")  # a new plan item
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Quarterly review")
        await tab_to(pilot, "due")
        await pilot.press(*"nextweek")
        await tab_to(pilot, "target")
        await pilot.press("7")
        await tab_to(pilot, "done_on")
        await pilot.press(*"+2", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        text = screen_text(app)
        assert "nextweek is not a date" in text
        assert "7 is not between 1 and 5" in text
        assert "2026-11-25 is after today (2026-11-23)" in text
        assert form.body.row("what").raw() == "Quarterly review"
        assert app.focused is form.body.row("due").editor
    with Store.open(db_path, context()) as store:
        assert store.for_account("plan_items", company["muller"]) == []


async def test_escalating_a_complaint_asks_to_whom_and_resolving_dates_it(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("slash", *"mull", "enter")  # the one account found opens
        await settle(pilot)
        await pilot.press(*"]]]]", "n")  # the complaints tab, a new complaint
        await settle(pilot)
        await pilot.press(*"Invoices sent twice", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("E", "ctrl+s")  # escalate, to nobody yet
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert "is required when the complaint is escalated" in screen_text(app)
        assert app.focused is form.body.row("escalated_to").editor
        await pilot.press(*"Ines", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("x", *"Credit note sent", "ctrl+s")  # resolve, and how
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
    with Store.open(db_path, context()) as store:
        (complaint,) = store.for_account("complaints", company["muller"])
        assert (complaint["status"], complaint["escalated_to"], complaint["resolved_on"]) == (
            "resolved",
            "Ines",
            "2026-11-23",
        )
        assert complaint["resolution"] == "Credit note sent"


async def test_escape_asks_before_discarding_typed_text(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"half a thought", "escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert app.focused is not None and app.focused.id == "no", "focus starts on the safe answer"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, LogInteraction)
        assert app.screen.body.row("summary").raw() == "half a thought"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: no question
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)


async def test_letters_typed_into_search_are_text_not_commands(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("slash", *"qimafdu")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert app.screen.search_text == "qimafdu"
        assert "No accounts match" in screen_text(app)


async def test_filters_by_field_and_mine(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen)
        await pilot.press("slash", *"owner:bob", "enter")  # one account found: it opens
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert [r.name for r in screen.table.rows] == ["Beta Industries"]
        await pilot.press("escape")  # clears the search line (focus is on the table)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert screen.search_text == "is:mine"
        assert sorted(r.name for r in screen.table.rows) == ["Acme Corp", "Gamma Foods"]
        await pilot.press("o")
        await settle(pilot)
        assert [r.name for r in screen.table.rows] == ["Gamma Foods"], (
            "Gamma's follow-up is overdue"
        )


async def test_bulk_change_and_undo_take_back_all_of_it(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("space", "space", "space")  # marks the first three rows (sorted by name)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"dave", "tab", *"vip", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm), "dave is nobody in the file yet: asked"
        await pilot.press("y")
        await settle(pilot)
        assert app.store is not None
        changed = {a["name"]: (a["owner"], list(a["tags"])) for a in app.store.all("accounts")}
        assert changed["Acme Corp"] == ("dave", ["vip"])
        assert changed["Beta Industries"] == ("dave", ["vip"])
        assert changed["Gamma Foods"] == ("dave", ["vip"])
        assert changed["Müller Logistik GmbH"] == ("carol", [])
        await pilot.press("u")
        await settle(pilot)
        after = {a["name"]: (a["owner"], list(a["tags"])) for a in app.store.all("accounts")}
        assert after["Acme Corp"] == ("tester", [])
        assert after["Beta Industries"] == ("bob", [])
        assert after["Gamma Foods"] == ("tester", [])


async def test_undo_after_a_save_even_a_delete(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert app.store is not None
        assert app.store.get("accounts", company["acme"]) is None
        assert app.store.for_account("interactions", company["acme"]) == []
        await pilot.press("u")
        await settle(pilot)
        assert app.store.get("accounts", company["acme"])["name"] == "Acme Corp"
        assert len(app.store.for_account("interactions", company["acme"])) == 2
        assert "Acme Corp" in screen_text(app)


async def test_another_process_save_appears_without_restart(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path, poll_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        with Store.open(db_path, context("bob")) as other:
            save_record(other, "accounts", {"name": "Renamed Beta"}, record_id=company["beta"])
        for _ in range(40):
            await pilot.pause(0.05)
            if "Renamed Beta" in screen_text(app):
                break
        assert "Renamed Beta" in screen_text(app)


async def test_conflicting_save_shows_both_versions_and_keeps_mine_on_request(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("e")  # edit the account under the cursor: Acme Corp
        await settle(pilot)
        await pilot.press("end", *" Holdings")
        with Store.open(db_path, context("bob")) as other:
            save_record(other, "accounts", {"name": "Acme Group"}, record_id=company["acme"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictModal)
        text = screen_text(app)
        assert "Acme Corp Holdings" in text and "Acme Group" in text
        await pilot.press("m")
        await settle(pilot)
        assert app.store is not None
        acme = app.store.get("accounts", company["acme"])
        assert acme["name"] == "Acme Corp Holdings"
        assert acme["version"] == 3


async def test_keymap_from_the_config_file_remaps_a_binding(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    config = Config(path=tmp_path / "config.json", keymap={"accounts.log": "L"})
    app = make_app(db_path, context(), config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LogInteraction)


async def test_theme_choice_is_kept_in_the_config_file(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        app.theme = "rapport-contrast"
        await settle(pilot, 0.2)
    assert Config.load(tmp_path / "config.json").theme == "rapport-contrast"
    again = make_app(db_path, context(), Config.load(tmp_path / "config.json"))
    assert again.theme == "rapport-contrast"


async def test_unreadable_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"accounts": {"1": ')
    before = bad.read_bytes()
    app = make_app(bad, context(), Config(path=tmp_path / "config.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        text = " ".join(screen_text(app).split())  # the message wraps
        assert "could not open" in text
        assert "is not valid JSON (line 1, column 20" in text
        assert "The file was not changed" in text
        await pilot.press("q")
        await settle(pilot)
    assert bad.read_bytes() == before
    assert app.exit_message.startswith("rapport:")


async def test_a_file_that_vanishes_is_reported_once_and_nothing_is_written(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path, poll_seconds=0.05)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_home(pilot)
        moved = db_path.with_name("moved.json")
        db_path.rename(moved)
        await pilot.pause(0.6)  # a dozen polls
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1, [str(n.message) for n in errors]
        assert "does not exist" in str(errors[0].message)
        await pilot.press("i", *"a call", "ctrl+s")
        await settle(pilot)
        assert not db_path.exists(), "a save did not create a new file in its place"
        moved.rename(db_path)
        await pilot.pause(0.3)
        assert any("can be read again" in str(n.message) for n in app._notifications)


async def test_rows_whose_name_holds_the_words_come_first(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        save_record(store, "accounts", {"tags": ["gamma-ray"]}, record_id=company["acme"])
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("slash", *"gamma", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen)
        # Acme matches through its tag and sorts first by name; Gamma Foods' name holds the word
        assert [r.name for r in screen.table.rows] == ["Gamma Foods", "Acme Corp"]


async def test_no_color_is_honoured(
    db_path: Path, tmp_path: Path, company: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(db_path, tmp_path)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        # the state of a row is still readable without colour: badges and marks are text
        text = screen_text(app)
        assert "▶" in text and ("OPP" in text or "AMB" in text or "DEF" in text or "—" in text)


async def test_help_lists_every_key_of_the_screen_and_scrolls_at_80x24(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = {(keys, what) for _, keys, what, _id in help_screen.rows}
        for binding in AccountsScreen.BINDINGS:
            if binding.description:  # every key of the accounts screen is listed
                assert any(what == binding.description for _, what in shown), binding
        scroll = help_screen.query_one("#help-keys")
        assert scroll.max_scroll_y > 0, "more keys than fit at 80x24"
        await pilot.press("pagedown")
        await settle(pilot)
        assert scroll.scroll_y > 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)


async def test_what_was_just_added_has_the_cursor(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("slash", *"mull", "enter")  # the one account found opens
        await settle(pilot)
        await pilot.press("right_square_bracket")  # the plan
        await settle(pilot)
        for what in ("Call the new buyer", "Send the case study"):
            await pilot.press("n", *what, "ctrl+s")
            await settle(pilot)
        await pilot.press("k", "n", *"Visit the plant", "ctrl+s")  # cursor moved away first
        await settle(pilot)
        await pilot.press("x")  # done: the item just added, not the one the cursor was on
        await settle(pilot)
    with Store.open(db_path, context()) as store:
        plan = {p["what"]: p["status"] for p in store.for_account("plan_items", company["muller"])}
    assert plan == {
        "Call the new buyer": "open",
        "Send the case study": "open",
        "Visit the plant": "done",
    }


async def test_the_palette_offers_each_action_once_and_our_themes_only(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    from rapport.themes import OFFERED
    from rapport.tui.palette import ActionsProvider

    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        assert set(app.available_themes) == set(OFFERED)
        titles = [a.description for a in ActionsProvider(app.screen).actions()]
        assert titles.count("Undo") == 1 and titles.count("Help") == 1, titles
        assert "Keys" not in titles and "Theme" in titles


async def test_x_on_the_timeline_marks_its_follow_up_done_today(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        log_interaction(store, company["muller"], summary="Quote sent", follow_up="2026-11-30")
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(pilot)
        await pilot.press("slash", *"mull", "enter")  # the one account found opens
        await settle(pilot)
        await pilot.press("g", "x")  # open follow-ups stand first on the timeline
        await settle(pilot)
        assert any("Follow-up done" in str(n.message) for n in app._notifications)
    with Store.open(db_path, context()) as store:
        (follow_up,) = store.for_account("followups", company["muller"])
        assert (follow_up["status"], follow_up["done_on"]) == ("done", "2026-11-23")
