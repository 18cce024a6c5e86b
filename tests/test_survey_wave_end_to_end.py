"""A survey wave from start to end on a fresh file, with a questionnaire and contacts made
here: the kit out, the answers back by code from a CSV, the rate counted, the kiosk used at
80x24, and the card showing what the customers said."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import context, screen_text, settle

from rapport.store import Store
from rapport.store.actions.edits import create_account
from rapport.store.actions.surveys import edit_questionnaire
from rapport.store.records import find_account, find_wave
from rapport.tui.config import Config
from rapport.tui.kiosk_app import KioskApp


def make_company(path: Path) -> None:
    with Store.open(path, context()) as store:  # a new file, as on a fresh install
        edit_questionnaire(
            store,
            factors=[{"key": "warmth", "name": "warmth"}, {"key": "rigour", "name": "rigour"}],
            statements=[
                {"key": "warmth", "factor": "warmth", "text": "Their people are kind to ours."},
                {"key": "rigour", "factor": "rigour", "text": "Their paperwork is never wrong."},
                {"key": "rigour_2", "factor": "rigour", "text": "Deadlines hold."},
            ],
        )
        harbour = create_account(store, {"name": "Harbour Lights", "owner": "zoe"})
        quarry = create_account(store, {"name": "Quarry & Co", "owner": "yann"})
        with store.transaction("contacts") as tx:
            for account, name in (
                (harbour, "Hana Ito"),
                (harbour, "Hugo Brandt"),
                (quarry, "Quentin Moss"),
            ):
                tx.create(
                    "contacts", {"account": account.created("accounts")[0]["id"], "name": name}
                )


async def test_a_survey_wave_runs_end_to_end(db_path: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    make_company(db_path)
    kit = tmp_path / "kit"

    # 1. The kit out: a form per contact, a mirror per account, the codes.
    made = cli("survey", "kit", "Pilot 2026", "--date", "2026-11-20", "--out", str(kit), db=db_path)
    assert made.returncode == 0, made.stderr
    assert "3 customer forms and 2 mirror forms" in made.stdout
    hana_form = next(kit.glob("harbour-lights--hana-ito--*.html")).read_text("utf-8")
    assert "Their paperwork is never wrong." in hana_form and "Deadlines hold." in hana_form
    with open(kit / "codes.csv", encoding="utf-8", newline="") as f:
        by_who = {(r["account"], r["contact"] or "mirror"): r["code"] for r in csv.DictReader(f)}

    # 2. The answers back by code: the blank responses.csv, filled in as from paper.
    with open(kit / "responses.csv", encoding="utf-8", newline="") as f:
        sheet = list(csv.DictReader(f))
    assert list(sheet[0]) == [
        "code",
        "warmth",
        "rigour",
        "rigour_2",
        "recommend",
        "switch",
        "comment",
    ]
    answers = {
        by_who[("Harbour Lights", "Hana Ito")]: ("5", "4", "4", "9", "1", "Lovely people."),
        by_who[("Harbour Lights", "mirror")]: ("4", "4", "4", "8", "2", ""),
        by_who[("Quarry & Co", "Quentin Moss")]: ("2", "1", "2", "3", "5", "Invoices wrong again."),
    }
    for row in sheet:
        if row["code"] in answers:
            keys = ("warmth", "rigour", "rigour_2", "recommend", "switch", "comment")
            row.update(zip(keys, answers[row["code"]], strict=True))
    filled = io.StringIO(newline="")
    writer = csv.DictWriter(filled, fieldnames=list(sheet[0]))
    writer.writeheader()
    writer.writerows(sheet)
    (kit / "responses.csv").write_text(filled.getvalue(), encoding="utf-8", newline="")
    dry = cli("import", "responses", str(kit / "responses.csv"), "--dry-run", db=db_path)
    assert dry.returncode == 0, dry.stdout
    imported = cli("import", "responses", str(kit / "responses.csv"), db=db_path)
    assert imported.returncode == 0, imported.stdout
    assert "created 3" in imported.stdout and "forms not returned yet" in imported.stdout

    # 3. The rate counted: 2 of 3 customers, the quarry's mirror missing, Hugo to remind.
    status = json.loads(
        cli("survey", "status", "Pilot 2026", "--format", "json", db=db_path).stdout
    )
    assert (status["invited"], status["answered"], status["rate"]) == (3, 2, 0.6667)
    assert status["mirrors_missing"] == ["Quarry & Co"]
    assert [x["contact"] for x in status["not_answered"]] == ["Hugo Brandt"]

    # 4. The kiosk at the harbour, at 80x24: Hugo answers there.
    store = Store.open(db_path, context())
    wave = find_wave(store, "Pilot 2026")["id"]
    harbour = find_account(store, "Harbour Lights")["id"]
    app = KioskApp(
        store, context(), wave, harbour, Config(path=tmp_path / "c.json"), poll_seconds=3600
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        shown = screen_text(app)
        assert "Hana Ito" in shown and "Hugo Brandt" in shown and "Quentin Moss" not in shown
        await pilot.press("down", "enter")  # Hugo, the second name
        await settle(pilot)
        assert "Their people are kind to ours." in screen_text(app)
        await pilot.press("4", "3", "4", "7", "enter", "2", *"More updates, please.", "ctrl+s")
        await settle(pilot, 0.2)
        assert "Thank you, Hugo!" in screen_text(app)
        await pilot.press("escape", *"leave", "enter")
        await settle(pilot, 0.3)
    assert not app.is_running

    status = json.loads(
        cli("survey", "status", "Pilot 2026", "--format", "json", db=db_path).stdout
    )
    assert (status["answered"], status["rate"], status["not_answered"]) == (3, 1.0, [])
    card = json.loads(cli("card", "Harbour Lights", "--format", "json", db=db_path).stdout)
    assert {(c["contact"], c["text"]) for c in card["comments"]} == {
        ("Hana Ito", "Lovely people."),
        ("Hugo Brandt", "More updates, please."),
    }
    assert card["in_tune"] is not None  # the owner's mirror, back by code, is on the card
    quarry = json.loads(cli("card", "Quarry & Co", "--format", "json", db=db_path).stdout)
    assert quarry["class"] == "Defector"
    portfolio = json.loads(cli("portfolio", "--format", "json", db=db_path).stdout)
    assert [c["text"] for c in portfolio["comments"]] == ["Invoices wrong again."]
