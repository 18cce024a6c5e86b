"""The survey kit: a code per form, kept when the kit is made again; printable forms that
need no network; codes.csv and a blank responses.csv."""

from __future__ import annotations

import csv
import re
import stat
from pathlib import Path

import pytest
from helpers import context
from survey_world import STATEMENTS, build_world, seeded

from rapport.store import Store, StoreError
from rapport.store.actions import issue_codes
from rapport.store.actions.edits import save_record
from rapport.store.exchange import write_kit
from rapport.store.records import codes


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    return build_world(db_path)


def test_the_kit_opens_the_wave_and_gives_every_form_a_code(
    db_path: Path, world: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        kit = issue_codes(store, "Autumn 2026", on="2026-11-20", choose=seeded())
        assert kit.opened and kit.wave["date"] == "2026-11-20"
        assert [s["key"] for s in kit.questionnaire["statements"]] == [s["key"] for s in STATEMENTS]
        forms = [(f.account["name"], f.contact["name"] if f.contact else None) for f in kit.forms]
        assert forms == [
            ("Nordwind Fähren", "Ines Okafor"),
            ("Nordwind Fähren", "Omar <b>Lindqvist</b>"),
            ("Nordwind Fähren", None),
            ("Südhang Wein", "Pia Sørensen"),
            ("Südhang Wein", None),
        ]
        mirrors = [f.staff for f in kit.forms if f.contact is None]
        assert mirrors == ["ann", "bob"]
        stored = list(store.all("survey_codes"))
        assert len(stored) == 5 == kit.issued
        assert len({c["code"] for c in stored}) == 5
        assert all(codes.is_code(c["code"]) for c in stored)
        assert {c["wave"] for c in stored} == {kit.wave["id"]}


def test_making_the_kit_again_keeps_the_codes_and_adds_only_new_forms(
    db_path: Path, world: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        first = issue_codes(store, "Autumn 2026", on="2026-11-20")
        save_record(store, "contacts", {"account": world["south"], "name": "Quinn Ahn"})
        save_record(store, "accounts", {"owner": "cy"}, record_id=world["south"], expect=1)
        again = issue_codes(store, "autumn  2026")  # the same wave, any case and spacing
        assert not again.opened
        before = {
            (f.account["id"], f.contact["id"] if f.contact else None): f.code for f in first.forms
        }
        after = {
            (f.account["id"], f.contact["id"] if f.contact else None): f.code for f in again.forms
        }
        assert {k: after[k] for k in before} == before
        assert again.issued == 1 and len(after) == 6
        [south_mirror] = [
            f for f in again.forms if f.contact is None and f.account["id"] == world["south"]
        ]
        assert south_mirror.staff == "cy"  # the mirror follows the account to its new owner
        assert store.count("survey_codes") == 6


def test_a_kit_for_one_owner_or_some_accounts(db_path: Path, world: dict[str, str]) -> None:
    with Store.open(db_path, context()) as store:
        ann = issue_codes(store, "W", owner="ANN")
        assert {f.account["name"] for f in ann.forms} == {"Nordwind Fähren"}
        named = issue_codes(store, "W", accounts=["südhang wein"])
        assert {f.account["name"] for f in named.forms} == {"Südhang Wein"}
        with pytest.raises(StoreError, match="nobody named 'zed' owns an account"):
            issue_codes(store, "W", owner="zed")
        with pytest.raises(StoreError, match="no account is named"):
            issue_codes(store, "W", accounts=["Nowhere"])
        with pytest.raises(StoreError, match="is dated"):
            issue_codes(store, "W", on="2020-01-01")
        wave = next(iter(store.all("waves")))
        save_record(
            store, "waves", {"status": "closed"}, record_id=wave["id"], expect=wave["version"]
        )
        with pytest.raises(StoreError, match="is closed"):
            issue_codes(store, "W")


def test_forms_print_offline_and_show_the_questionnaire_and_the_code(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    with Store.open(db_path, context()) as store:
        kit = issue_codes(store, "Autumn 2026", on="2026-11-20")
    out = tmp_path / "kit"
    files = write_kit(kit, out)
    assert (files.forms, files.mirrors) == (3, 2)
    pages = sorted(p.name for p in out.glob("*.html"))
    assert len(pages) == 6 and "print-all.html" in pages
    ines = next(f for f in kit.forms if f.contact and f.contact["id"] == world["ines"])
    page = next(out.glob(f"nordwind-fahren--ines-okafor--{ines.code}.html")).read_text("utf-8")
    assert codes.shown(ines.code) in page
    for s in STATEMENTS:
        assert s["text"] in page
    assert page.count('class="sq"') == 4 * 5 + 11 + 5  # 1-5 per statement, recommend 0-10, switch
    assert "Anything else you would like to tell us?" in page and 'class="comment"' in page
    assert "@page" in page and "break-inside: avoid" in page
    for html_file in out.glob("*.html"):
        text = html_file.read_text("utf-8")
        # nothing from the network or anywhere else: no links, scripts, images, fonts
        assert not re.search(r"https?:|src=|href=|<script|<img|<link|@import|url\(", text)
    everything = (out / "print-all.html").read_text("utf-8")
    assert everything.count('<main class="form">') == 5 and "break-before: page" in everything
    # a name from the data file is text, never markup
    omar = next(out.glob("nordwind-fahren--omar-b-lindqvist-b--*.html")).read_text("utf-8")
    assert "Omar &lt;b&gt;Lindqvist&lt;/b&gt;" in omar and "<b>Lindqvist" not in omar
    mirror = next(out.glob("nordwind-fahren--mirror--*.html")).read_text("utf-8")
    assert "For ann (account owner)" in mirror
    assert "as you expect Nordwind Fähren will" in mirror
    assert "How likely would Nordwind Fähren say they are to recommend us?" in mirror
    assert f"“{STATEMENTS[0]['text']}”" in mirror  # what the customer would say, quoted


def test_codes_csv_and_the_blank_responses_csv(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    with Store.open(db_path, context()) as store:
        kit = issue_codes(store, "Autumn 2026", on="2026-11-20")
    write_kit(kit, tmp_path / "kit")
    with open(tmp_path / "kit" / "codes.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["code", "wave", "account", "contact", "respondent"]
    assert rows[1][1:] == ["Autumn 2026", "Nordwind Fähren", "Ines Okafor", "customer"]
    assert rows[3][1:] == ["Autumn 2026", "Nordwind Fähren", "", "employee"]
    assert [r[0] for r in rows[1:]] == [codes.shown(f.code) for f in kit.forms]
    with open(tmp_path / "kit" / "responses.csv", encoding="utf-8", newline="") as f:
        blank = list(csv.reader(f))
    assert blank[0] == [
        "code",
        "care",
        "care_2",
        "price",
        "speed",
        "recommend",
        "switch",
        "comment",
    ]
    assert [r[0] for r in blank[1:]] == [r[0] for r in rows[1:]]


def test_the_kit_on_the_command_line(
    db_path: Path, world: dict[str, str], tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kit"
    done = cli(
        "survey", "kit", "Autumn 2026", "--date", "2026-11-20", "--out", str(out), db=db_path
    )
    assert done.returncode == 0, done.stderr
    assert "3 customer forms and 2 mirror forms" in done.stdout
    assert "5 new response codes, 0 kept" in done.stdout
    assert "(s)" not in done.stdout
    again = cli(
        "survey",
        "kit",
        "Autumn 2026",
        "--account",
        "Nordwind Fähren",
        "--out",
        str(out),
        db=db_path,
    )
    assert again.returncode == 0 and "0 new response codes, 3 kept" in again.stdout
    both = cli(
        "survey", "kit", "W", "--owner", "ann", "--account", "x", "--out", str(out), db=db_path
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    unknown = cli("survey", "kit", "W", "--account", "Nowhere", "--out", str(out), db=db_path)
    assert unknown.returncode == 1 and "no account is named" in unknown.stderr


def test_the_kits_files_are_readable_by_their_owner_only(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    """The kit holds customer names and codes, like every export: 0600, as the data file."""
    with Store.open(db_path, context()) as store:
        kit = issue_codes(store, "Autumn 2026", on="2026-11-20")
    out = tmp_path / "kit"
    write_kit(kit, out)
    written = sorted(out.iterdir())
    assert {p.name for p in written} >= {"codes.csv", "responses.csv", "print-all.html"}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
