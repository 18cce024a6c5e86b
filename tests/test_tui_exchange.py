"""Data in and out from the app: export the list as filtered, settle a merge's conflicts."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from helpers import build_company, context, screen_text, settle
from textual.widgets import Label

from rapport.store import Store
from rapport.store.actions.edits import save_record
from rapport.store.exchange.merge import merge_file
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.screens.conflicts import ConflictsScreen


async def test_export_writes_the_accounts_as_filtered(db_path: Path, tmp_path: Path) -> None:
    build_company(db_path)
    target = tmp_path / "out.csv"
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("slash", *"region:north", "enter")
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        editor = app.screen.body.row("file").editor
        editor.value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
    with open(target, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == [
        "Acme Corp",
        "Gamma Foods",
    ]  # North only, in the list's order
    assert list(rows[0])[:3] == ["name", "owner", "tier"]


async def test_an_export_to_a_bad_place_is_named_and_the_form_stays(
    db_path: Path, tmp_path: Path
) -> None:
    build_company(db_path)
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("X")
        await settle(pilot)
        form = app.screen
        form.body.row("file").editor.value = str(tmp_path / "no such folder" / "x.csv")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert app.screen is form, "the path typed stays, to be mended"
        error = str(form.body.row("file").query_one(".field-error", Label).content)
        assert error.startswith("file: cannot write ") and "No such file or directory" in error
        assert "cannot write" in screen_text(app)
        assert app.focused is form.body.row("file").editor
        await pilot.press("p")  # a letter typed now is text in the field, not a command
        assert app.screen is form
        form.body.row("file").editor.value = str(tmp_path / "x.csv")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert app.screen is not form
    assert (tmp_path / "x.csv").read_text(encoding="utf-8").startswith("name,owner,tier")


async def test_a_merge_conflict_is_settled_from_the_app(db_path: Path, tmp_path: Path) -> None:
    ids = build_company(db_path)
    laptop = tmp_path / "laptop.json"
    shutil.copy(db_path, laptop)
    with Store.open(laptop, context("consultant")) as other:
        save_record(other, "accounts", {"region": "Laptop North"}, record_id=ids["acme"])
    with Store.open(db_path, context("office")) as office:
        save_record(office, "accounts", {"region": "Office North"}, record_id=ids["acme"])
    with Store.open(db_path, context()) as store:
        merge_file(store, laptop)
        kept = store.require("accounts", ids["acme"])["region"]
    other_value = "Laptop North" if kept == "Office North" else "Office North"
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        assert "1 conflict from a merge" in screen_text(app)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        text = screen_text(app)
        assert "Laptop North" in text and "Office North" in text
        await pilot.press("o")
        await settle(pilot)
        assert app.store is not None
        assert app.store.require("accounts", ids["acme"])["region"] == other_value
        assert "No conflicts to settle" in screen_text(app)
