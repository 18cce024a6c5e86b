"""CSV import: matching by natural key, updates, dry runs, refused rows with their line,
column and reason, hostile cells, exit codes, the progress bar; and export."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from exchange_helpers import PACKAGE_PARENT, lines, run_cli, view, write
from helpers import build_company, context

from rapport.store import Store
from rapport.store.actions.edits import save_record
from rapport.store.engine.backups import list_backups
from rapport.store.exchange.exporter import csv_text, export_csv
from rapport.store.exchange.importer import carry_out, import_csv, plan_import
from rapport.store.records.records import thaw

ACCOUNT_HEADER = [
    "name",
    "owner",
    "tier",
    "value",
    "division",
    "region",
    "type",
    "stage",
    "bad_news",
    "tags",
]
NEW_ACCOUNTS = lines(
    ACCOUNT_HEADER,
    [
        "Delta BV",
        "dora",
        "growth",
        "1200.5",
        "Food",
        "West",
        "transactional",
        "awareness",
        "fast",
        "new;food",
    ],
    ["Epsilon", "ed", "key", "0", "", "", "long_term", "exploration", "normal", ""],
    [
        "Acme Corp",
        "tester",
        "key",
        "250000",
        "Retail",
        "North",
        "long_term",
        "exploration",
        "normal",
        "",
    ],
)
INTERACTION_HEADER = [
    "account",
    "date",
    "kind",
    "staff",
    "contacts",
    "summary",
    "sentiment",
    "follow_up",
]


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def refusals(plan) -> list[tuple[int, str, str]]:
    return [(r.line, r.column, r.reason) for r in plan.refused]


def journal_size(db_path: Path) -> int:
    return db_path.with_name(db_path.name + ".journal").stat().st_size


def by_name(store: Store, name: str):
    return next(a for a in store.all("accounts") if a["name"] == name)


# -- matching and updating ---------------------------------------------------------------


def test_import_creates_and_reimport_creates_nothing(company, db_path: Path) -> None:
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "accounts", NEW_ACCOUNTS)
        assert (plan.created, plan.updated, plan.unchanged, plan.refused) == (2, 0, 1, [])
        assert plan.written and plan.backup and Path(plan.backup).exists()
        assert store.count("accounts") == 6
        delta = by_name(store, "Delta BV")
        assert (delta["tier"], delta["value"], delta["type"], delta["tags"]) == (
            "growth",
            1200.5,
            "transactional",
            ("new", "food"),
        )
        assert [s["stage"] for s in store.for_account("stage_changes", delta["id"])] == [
            "awareness"
        ]
        size, backups = journal_size(db_path), list_backups(db_path)
        again = import_csv(store, "accounts", NEW_ACCOUNTS)
        assert (again.created, again.updated, again.unchanged, again.written) == (0, 0, 3, False)
        assert store.count("accounts") == 6
        assert journal_size(db_path) == size  # nothing saved at all
        assert list_backups(db_path) == backups  # and no backup taken for nothing


def test_names_match_with_case_and_spacing_folded(company, db_path: Path) -> None:
    csv = lines(["name", "owner"], ["  ACME   corp ", "tester"])
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "accounts", csv)
        assert (plan.created, plan.updated) == (0, 1)
        assert store.count("accounts") == 4
        acme = store.get("accounts", company["acme"])
        assert acme["name"] == "  ACME   corp "  # the file's spelling, kept exactly
        assert acme["tier"] == "key"  # a column left out of the header is left alone


def test_a_changed_field_updates_the_record_its_version_and_audit(company, db_path: Path) -> None:
    with Store.open(db_path, context()) as store:
        import_csv(store, "accounts", NEW_ACCOUNTS)
        before = by_name(store, "Delta BV")
        changed = NEW_ACCOUNTS.replace("growth,1200.5", "key,1200.5").replace(
            "awareness", "expansion"
        )
        plan = import_csv(store, "accounts", changed)
        assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 2)
        after = store.get("accounts", before["id"])
        assert after["version"] == before["version"] + 1
        assert (after["tier"], after["stage"]) == ("key", "expansion")
        audit = [e for e in store.all("_audit") if e["record"] == before["id"]]
        assert len(audit) == 1
        assert audit[0]["prev_rev"] == before["rev"] and audit[0]["rev"] == after["rev"]
        assert audit[0]["before"] == {"tier": "growth", "stage": "awareness"}
        assert audit[0]["after"] == {"tier": "key", "stage": "expansion"}
        stages = sorted(
            ((s["previous"], s["stage"]) for s in store.for_account("stage_changes", before["id"])),
            key=repr,
        )
        assert stages == [("awareness", "expansion"), (None, "awareness")]


def test_dry_run_writes_nothing_and_reports_what_would_happen(company, db_path: Path) -> None:
    journal = db_path.with_name(db_path.name + ".journal")
    files = (db_path.read_bytes(), journal.read_bytes(), sorted(os.listdir(db_path.parent)))
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "accounts", NEW_ACCOUNTS, dry_run=True)
        assert (plan.created, plan.updated, plan.unchanged, plan.written) == (2, 0, 1, False)
        assert store.count("accounts") == 4
    assert (db_path.read_bytes(), journal.read_bytes(), sorted(os.listdir(db_path.parent))) == files
    csv = write(db_path.parent / "new.csv", NEW_ACCOUNTS)
    done = run_cli("import", "accounts", csv, "--dry-run", "--db", db_path)
    assert done.returncode == 0, done.stderr
    assert "would create 2, update 0, leave 1 unchanged; 0 refused" in done.stdout.decode()
    assert (db_path.read_bytes(), journal.read_bytes()) == files[:2]


def test_a_file_of_the_wrong_kind_is_refused_as_a_whole(company, db_path: Path) -> None:
    cards = write(
        db_path.parent / "people.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nEND:VCARD\r\n"
    )
    done = run_cli("import", "accounts", cards, "--db", db_path)
    assert done.returncode == 1
    out = done.stdout.decode()
    assert "people.vcf (accounts): 0 rows: the file is refused, nothing in it was read" in out
    assert "line 1, BEGIN:VCARD: is not a column of accounts" in out


def test_duplicate_rows_are_refused_naming_the_earlier_line(company, db_path: Path) -> None:
    accounts = lines(["name", "owner"], ["Delta", "dora"], ["Zeta", "zed"], ["  delta ", "dora"])
    interactions = lines(
        INTERACTION_HEADER,
        ["Acme Corp", "2026-11-01", "call", "bob", "", "Price talk", "1", ""],
        ["acme corp", "2026-11-01", "Call", "bob", "", "price  TALK", "2", ""],
    )
    contacts = lines(
        ["account", "name", "email"],
        ["Acme Corp", "Eve", "eve@acme.example"],
        ["Acme Corp", "Eve Two", "EVE@acme.example"],
    )
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "accounts", accounts)
        assert refusals(plan) == [(4, "name", "names the same account as line 2")]
        assert plan.created == 2
        plan = import_csv(store, "interactions", interactions)
        assert refusals(plan) == [
            (
                3,
                "",
                "is the same interaction as line 2 (same account, date, kind, staff and summary)",
            )
        ]
        plan = import_csv(store, "contacts", contacts)
        assert refusals(plan) == [(3, "", "is the same contact as line 2")]


def test_an_interaction_dated_after_today_is_refused_with_its_line(company, db_path: Path) -> None:
    interactions = lines(
        INTERACTION_HEADER,
        ["Acme Corp", "2026-11-23", "call", "bob", "", "Said hello today", "1", ""],
        ["Acme Corp", "2026-12-01", "visit", "bob", "", "A visit still to come", "0", ""],
    )
    with Store.open(db_path, context()) as store:  # today is 2026-11-23
        plan = import_csv(store, "interactions", interactions)
        assert refusals(plan) == [(3, "date", "2026-12-01 is after today (2026-11-23)")]
        assert plan.created == 1
        summaries = {i["summary"] for i in store.all("interactions")}
        assert "Said hello today" in summaries
        assert "A visit still to come" not in summaries


def test_contacts_match_by_email_else_by_account_and_name(company, db_path: Path) -> None:
    csv = lines(
        ["account", "name", "role", "decision_maker", "email", "phone", "birthday", "anniversary"],
        ["Acme Corp", "Dana B. Buyer", "CFO", "yes", "DANA@acme.example", "+31 20", "--05-17", ""],
        ["Beta Industries", "Dana", "", "no", "dana@acme.example", "", "", ""],
        ["Gamma Foods", "Gus", "", "true", "", "", "1990-02-30", ""],
        ["Gamma Foods", "Gus", "Chef", "1", "", "", "1990-02-28", ""],
        ["Nobody Ltd", "Nemo", "", "no", "", "", "", ""],
    )
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "contacts", csv)
        assert refusals(plan) == [
            (
                3,
                "email",
                "dana@acme.example is the email of Dana Buyer at Acme Corp; "
                "an import does not move contacts",
            ),
            (
                4,
                "birthday",
                "1990-02-30 is not a date (YYYY-MM-DD, or XXXX-MM-DD without the year)",
            ),
            (6, "account", "no account named Nobody Ltd"),
        ]
        assert (plan.created, plan.updated) == (1, 1)
        dana = store.get("contacts", company["dana"])
        assert (dana["name"], dana["role"], dana["email"], dana["birthday"]) == (
            "Dana B. Buyer",
            "CFO",
            "DANA@acme.example",
            "--05-17",
        )
        gus = next(c for c in store.all("contacts") if c["name"] == "Gus")
        assert (gus["decision_maker"], gus["birthday"]) == (True, "1990-02-28")
        # no email: the same account and name is the same contact
        again = import_csv(
            store, "contacts", lines(["account", "name", "role"], ["Gamma Foods", "GUS", "Cook"])
        )
        assert (again.created, again.updated) == (0, 1)
        assert store.get("contacts", gus["id"])["role"] == "Cook"


def test_interaction_follow_ups_are_created_moved_and_exported(company, db_path: Path) -> None:
    row = ["Acme Corp", "2026-11-02", "visit", "bob", "Dana Buyer", "Site visit", "1", "2026-12-01"]
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "interactions", lines(INTERACTION_HEADER, row))
        assert (plan.created, plan.also["follow-ups"]) == (1, 1)
        interaction = next(i for i in store.all("interactions") if i["summary"] == "Site visit")
        assert interaction["contacts"] == (company["dana"],)
        (follow_up,) = [f for f in store.all("followups") if f["interaction"] == interaction["id"]]
        assert (follow_up["due"], follow_up["owner"], follow_up["status"], follow_up["origin"]) == (
            "2026-12-01",
            "bob",
            "open",
            "interaction",
        )
        assert "Site visit,1,2026-12-01" in csv_text(store, "interactions")
        assert import_csv(store, "interactions", lines(INTERACTION_HEADER, row)).unchanged == 1
        moved = import_csv(
            store, "interactions", lines(INTERACTION_HEADER, [*row[:-1], "2026-12-05"])
        )
        assert (moved.updated, moved.also["follow-ups moved"], moved.created) == (1, 1, 0)
        now = store.get("followups", follow_up["id"])
        assert (now["due"], now["version"]) == ("2026-12-05", follow_up["version"] + 1)
        # once done, importing the same date again does not open a new follow-up
        with store.transaction() as tx:
            tx.update("followups", now["id"], {"status": "done", "done_on": "2026-11-22"})
        again = import_csv(
            store, "interactions", lines(INTERACTION_HEADER, [*row[:-1], "2026-12-05"])
        )
        assert (again.unchanged, again.also["follow-ups"]) == (1, 0)
        assert ",Site visit,1,\r\n" in csv_text(store, "interactions")  # no open follow-up


def test_a_closed_wave_takes_no_new_or_changed_answers(company, db_path: Path) -> None:
    header = ["wave", "wave_date", "account", "contact", "respondent", "trust", "recommend"]
    first = ["Spring 2026", "2026-03-15", "Acme Corp", "Dana Buyer", "customer", "4", "9"]
    with Store.open(db_path, context()) as store:
        assert import_csv(store, "responses", lines(header, first)).created == 1
        (wave,) = store.all("waves")
        save_record(store, "waves", {"status": "closed"}, record_id=wave["id"])
        plan = import_csv(
            store,
            "responses",
            lines(
                header,
                first,  # as it is: left alone
                ["Spring 2026", "", "Beta Industries", "", "customer", "3", "2"],
            ),
        )
        assert plan.unchanged == 1
        reason = "Spring 2026 is closed; reopen it to add or change responses"
        assert refusals(plan) == [(3, "wave", reason)]
        changed = import_csv(store, "responses", lines(header, [*first[:-1], "3"]))
        assert refusals(changed) == [(2, "wave", reason)]
        assert [r["recommend"] for r in store.all("responses")] == [9]


def test_responses_create_their_wave_and_pair_mirror_rows(company, db_path: Path) -> None:
    header = [
        "wave",
        "wave_date",
        "account",
        "contact",
        "respondent",
        "trust",
        "needs",
        "recommend",
        "switch",
    ]
    rows = [
        ["Spring 2026", "2026-03-15", "Acme Corp", "Dana Buyer", "customer", "4", "", "9", "2"],
        ["spring 2026", "", "Acme Corp", "", "employee", "5", "5", "10", "1"],
        ["Spring 2026", "", "Acme Corp", "", "employee", "3", "4", "", ""],
        ["Spring 2026", "", "Acme Corp", "Dana Buyer", "employee", "3", "", "", ""],
        ["Spring 2026", "2026-03-16", "Beta Industries", "", "customer", "", "", "", ""],
        ["Spring 2026", "", "Beta Industries", "", "customer", "7", "", "11", ""],
        ["Autumn", "", "Beta Industries", "", "customer", "", "", "", ""],
    ]
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "responses", lines(header, *rows))
        assert refusals(plan) == [
            (5, "contact", "an employee-mirror row leaves contact empty"),
            (6, "wave_date", "wave 'Spring 2026' is dated 2026-03-15"),
            (7, "trust", "7 is not between 1 and 5"),
            (7, "recommend", "11 is not between 0 and 10"),
            (8, "wave_date", "is required for a new wave"),
        ]
        assert (plan.created, plan.also["waves"]) == (3, 1)
        (wave,) = store.all("waves")
        questionnaire = max(store.all("questionnaires"), key=lambda q: q["number"])
        assert (wave["name"], wave["date"], wave["questionnaire"]) == (
            "Spring 2026",
            "2026-03-15",
            questionnaire["id"],
        )
        responses = sorted(
            (
                (r["respondent"], r["contact"], r["staff"], dict(r["answers"]), r["recommend"])
                for r in store.all("responses")
                if r["respondent"] == "employee"
            ),
            key=repr,
        )
        assert responses == [
            ("employee", None, "tester", {"trust": 3, "needs": 4}, None),
            ("employee", None, "tester", {"trust": 5, "needs": 5}, 10),
        ]
        good = lines(header, *rows[:3])
        assert import_csv(store, "responses", good).unchanged == 3
        # the second mirror row changes: one update, the other mirror row left alone
        changed = lines(header, rows[0], rows[1], [*rows[2][:5], "2", "4", "", ""])
        plan = import_csv(store, "responses", changed)
        assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 2)
        trusts = sorted(
            r["answers"]["trust"] for r in store.all("responses") if r["respondent"] == "employee"
        )
        assert trusts == [2, 5]


# -- hostile cells ------------------------------------------------------------------------

MARKUP = "[b]Bold[/b] [link=https://evil.example]y[/link] [@click=app.quit]x[/]"
CONTROL = "Ctl\x1b]52;c;SGVsbG8=\x07\x00\x9b2J Ltd"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_hostile_account_cells_are_kept_exactly_or_refused_with_reason(
    company, db_path: Path
) -> None:
    csv = lines(
        ["name", "owner", "tier", "value"],
        ['"' + MARKUP + '"', "tester", "key", "1"],
        [CONTROL, "tester", "key", "1"],
        ['"' + FORMULA.replace('"', '""') + '"', "tester", "key", "-0"],
        ["x" * 10_000, "tester", "key", "1"],
        ["No Owner", "", "key", "1"],
        ["Gold Ltd", "tester", "gold", "1"],
        ["Minus Ltd", "tester", "key", "-1"],
    )
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "accounts", csv)
        assert refusals(plan) == [
            (5, "name", "is 10,000 characters long, at most 200 fit"),
            (6, "owner", "is required"),
            (7, "tier", "gold is not one of key, growth, standard"),
            (8, "value", "-1 is below 0"),
        ]
        assert (plan.created, plan.refused_rows) == (3, 4)
        names = {a["name"] for a in store.all("accounts")}
        assert {MARKUP, CONTROL, FORMULA} <= names
        assert not names & {"No Owner", "Gold Ltd", "Minus Ltd"}
        exported = csv_text(store, "accounts")
        assert '"\'=HYPERLINK(""http://evil.example"",""x"")",tester' in exported
        assert CONTROL in exported  # data is data: written as it is, shown escaped by the app


def test_hostile_interaction_cells(company, db_path: Path) -> None:
    long_text, too_long = "y" * 10_000, "z" * 10_001
    csv = lines(
        INTERACTION_HEADER,
        ["Acme Corp", "2026-11-01", "call", "bob", "", long_text, "0", ""],
        ["Acme Corp", "2026-11-01", "call", "bob", "", too_long, "0", ""],
        ["Acme Corp", "2026-02-30", "call", "bob", "", "Leap", "0", ""],
        ["Acme Corp", "2026-11-01", "call", "bob", "", "Later", "0", "tomorrow"],
        ["Acme Corp", "2026-11-01", "call", "bob", "", "", "0", ""],
        ["Nobody Ltd", "2026-11-01", "call", "bob", "", "Who", "0", ""],
        ["Acme Corp", "2026-11-01", "call", "bob", "", "Happy", "3", ""],
        ["Acme Corp", "2026-11-01", "call", "bob", "Ghost", "Seen", "0", ""],
        ["Acme Corp", "2026-11-01", "chat", "bob", "", "Chat", "0", ""],
        ["Acme Corp", "2026-11-01", "call", "bob", "", "Short row"],
        ["Acme Corp", "2026-11-01", "call", "bob", "", "@SUM(1+1)*cmd|' /C calc'!A0", "-1", ""],
    )
    with Store.open(db_path, context()) as store:
        before = store.count("interactions")
        plan = import_csv(store, "interactions", csv)
        assert refusals(plan) == [
            (3, "summary", "is 10,001 characters long, at most 10,000 fit"),
            (4, "date", "2026-02-30 is not a date (YYYY-MM-DD)"),
            (5, "follow_up", "tomorrow is not a date (YYYY-MM-DD)"),
            (6, "summary", "is required"),
            (7, "account", "no account named Nobody Ltd"),
            (8, "sentiment", "3 is not between -2 and 2"),
            (9, "contacts", "no contact named Ghost at Acme Corp"),
            (
                10,
                "kind",
                "chat is not one of call, email, meeting, visit, note, sale, gift, card, complaint, referral",
            ),
            (11, "", "has 6 cells; the header has 8"),
        ]
        assert store.count("interactions") == before + 2
        kept = {i["summary"]: i["sentiment"] for i in store.all("interactions")}
        assert kept[long_text] == 0 and kept["@SUM(1+1)*cmd|' /C calc'!A0"] == -1
        assert ",'@SUM(1+1)*cmd|' /C calc'!A0,-1,\r\n" in csv_text(store, "interactions")


def test_an_unknown_column_refuses_the_file_by_name(company, db_path: Path) -> None:
    csv = lines(["name", "owner", "teir"], ["Delta", "dora", "key"])
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "accounts", csv)
        assert refusals(plan) == [
            (
                1,
                "teir",
                "is not a column of accounts (columns: name, owner, tier, value, division, "
                "region, type, stage, bad_news, tags, b2c, group, renewal)",
            )
        ]
        assert (plan.written, store.count("accounts")) == (False, 4)
        missing = import_csv(store, "contacts", lines(["name", "email"], ["Eve", "e@x"]))
        assert refusals(missing) == [(1, "account", "is missing: every row must name it")]


def test_line_numbers_count_a_bom_crlf_blank_lines_and_multi_line_cells(
    company, db_path: Path
) -> None:
    data = (
        "\ufeffaccount,date,kind,staff,contacts,summary,sentiment,follow_up\r\n"
        'Acme Corp,2026-11-03,note,bob,,"first line\nsecond, with comma\nthird ""quoted""",0,\r\n'
        "Acme Corp,2026-13-01,note,bob,,Bad month,0,\r\n"
        "\r\n"
        'Acme Corp,2026-11-04,note,bob,,"two\r\nlines",9,\r\n'
    ).encode("utf-8")
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "interactions", data)
        assert refusals(plan) == [
            (5, "date", "2026-13-01 is not a date (YYYY-MM-DD)"),
            (7, "sentiment", "9 is not between -2 and 2"),
        ]
        summaries = {i["summary"] for i in store.all("interactions")}
        assert 'first line\nsecond, with comma\nthird "quoted"' in summaries


def test_a_file_that_is_not_utf8_is_refused_with_its_line(company, db_path: Path) -> None:
    data = "name,owner\nDelta,dora\nM\u00fcller,x\n".encode("latin-1")
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "accounts", data)
    assert refusals(plan) == [(3, "", "is not UTF-8 text (byte 23)")]


# -- the command line ---------------------------------------------------------------------


def test_exit_codes_and_what_lands(company, db_path: Path, tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", NEW_ACCOUNTS)
    mixed = write(
        tmp_path / "mixed.csv",
        lines(["name", "owner", "tier"], ["Omega", "o", "key"], ["Psi", "p", "gold"]),
    )
    done = run_cli("import", "accounts", good, "--db", db_path)
    assert done.returncode == 0, done.stderr
    done = run_cli("import", "accounts", mixed, "--db", db_path, "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert (report["created"], report["refused"], report["written"]) == (1, 1, True)
    assert report["problems"] == [
        {"line": 3, "column": "tier", "reason": "gold is not one of key, growth, standard"}
    ]
    assert run_cli("import", "leads", good, "--db", db_path).returncode == 2
    missing = run_cli("import", "accounts", tmp_path / "nope.csv", "--db", db_path)
    assert missing.returncode == 1 and b"cannot be read" in missing.stderr
    with Store.open(db_path, context(), read_only=True) as store:
        assert {"Delta BV", "Epsilon", "Omega"} <= {a["name"] for a in store.all("accounts")}
        assert "Psi" not in {a["name"] for a in store.all("accounts")}
    check = run_cli("check", db_path)
    assert check.returncode == 0
    assert check.stdout.decode().count("import-accounts") == 2  # a backup before each write


def test_the_report_shows_hostile_text_as_text(company, db_path: Path, tmp_path: Path) -> None:
    csv = write(
        tmp_path / "h.csv", lines(["name", "owner", "tier"], [CONTROL, "tester", "gold\x1b[2J"])
    )
    done = run_cli("import", "accounts", csv, "--db", db_path)
    assert done.returncode == 1
    assert b"\x1b" not in done.stdout and b"\x1b" not in done.stderr
    assert "line 2, tier: gold\\x1b[2J is not one of key, growth, standard" in done.stdout.decode()


def test_export_writes_what_import_reads(company, db_path: Path, tmp_path: Path) -> None:
    for kind in ("accounts", "contacts", "interactions", "responses"):
        out = tmp_path / f"{kind}.csv"
        done = run_cli("export", kind, "--out", out, "--db", db_path)
        assert done.returncode == 0, done.stderr
        stdout = run_cli("export", kind, "--db", db_path).stdout
        assert out.read_bytes() == stdout
    other = tmp_path / "other.json"
    for kind in ("accounts", "contacts", "interactions", "responses"):
        done = run_cli("import", kind, tmp_path / f"{kind}.csv", "--db", other)
        assert done.returncode == 0, (kind, done.stdout, done.stderr)
    with Store.open(db_path, context()) as a, Store.open(other, context()) as b:
        assert view(a) == view(b)
    assert oct(other.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "accounts.csv").stat().st_mode & 0o777) == "0o600"
    assert run_cli("export", "--db", db_path).returncode == 2  # CSV needs a kind


def test_json_export_holds_every_record(company, db_path: Path) -> None:
    done = run_cli("export", "--format", "json", "--db", db_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    with Store.open(db_path, context(), read_only=True) as store:
        for table, records in data["tables"].items():
            assert sorted(r["id"] for r in records) == sorted(r["id"] for r in store.all(table))
        acme = next(r for r in data["tables"]["accounts"] if r["name"] == "Acme Corp")
        assert acme == thaw(store.get("accounts", acme["id"]))
    only = json.loads(run_cli("export", "accounts", "--format", "json", "--db", db_path).stdout)
    assert list(only["tables"]) == ["accounts"] and len(only["tables"]["accounts"]) == 4


def test_export_csv_for_the_app_writes_the_given_records_in_order(company, db_path: Path) -> None:
    with Store.open(db_path, context(), read_only=True) as store:
        buffer = io.StringIO(newline="")
        count = export_csv(
            store, "accounts", [company["gamma"], store.get("accounts", company["acme"])], buffer
        )
    assert count == 2
    rows = buffer.getvalue().splitlines()
    assert rows[0].startswith("name,owner,tier") and rows[1].startswith("Gamma Foods,")
    assert rows[2].startswith("Acme Corp,")


# -- size and progress -----------------------------------------------------------------------


def big_accounts(n: int) -> str:
    return lines(
        ["name", "owner", "tier"], *[[f"Account {i:05d}", "tester", "standard"] for i in range(n)]
    )


def test_progress_is_reported_while_checking(company, db_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    with Store.open(db_path, context()) as store:
        plan = import_csv(
            store, "accounts", big_accounts(2_500), progress=lambda *a: calls.append(a)
        )
    assert plan.created == 2_500
    checking = [c for c in calls if c[0] == "checking"]
    assert checking[0] == ("checking", 0, 2_500) and checking[-1] == ("checking", 2_500, 2_500)
    assert [c[1] for c in checking] == sorted(c[1] for c in checking)
    assert ("writing", 1, 1) in calls


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_big_import_draws_a_progress_bar_on_a_terminal(
    company, db_path: Path, tmp_path: Path
) -> None:
    import pty

    csv = write(tmp_path / "big.csv", big_accounts(3_000))
    small = write(tmp_path / "small.csv", big_accounts(10))

    def stderr_of(path: Path) -> str:
        master, slave = pty.openpty()
        env = {
            **os.environ,
            "PYTHONPATH": PACKAGE_PARENT,
            "TERM": "xterm-256color",
            "COLUMNS": "100",
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rapport",
                "import",
                "accounts",
                str(path),
                "--db",
                str(db_path),
            ],
            stdout=subprocess.PIPE,
            stderr=slave,
            env=env,
        )
        os.close(slave)
        seen = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            elif process.poll() is not None:
                break
        process.wait(timeout=60)
        os.close(master)
        assert process.returncode == 0
        return seen.decode("utf-8", "replace")

    assert "checking rows" in stderr_of(csv)
    assert "checking rows" not in stderr_of(small)


def test_a_save_elsewhere_between_checking_and_saving_is_planned_again(
    company, db_path: Path
) -> None:
    csv = lines(["name", "owner", "tier"], ["Acme Corp", "tester", "growth"])
    with Store.open(db_path, context("me")) as mine, Store.open(db_path, context("them")) as theirs:
        plan = plan_import(mine, "accounts", csv)
        assert plan.ops[0].expect == mine.get("accounts", company["acme"])["version"]
        with theirs.transaction() as tx:  # another process saves the same record meanwhile
            tx.update("accounts", company["acme"], {"region": "South"})
        replanned: list[int] = []

        def again():
            replanned.append(1)
            return plan_import(mine, "accounts", csv)

        done = carry_out(mine, plan, again, label="import accounts")
        assert replanned == [1] and done.written
        acme = mine.get("accounts", company["acme"])
        assert (acme["tier"], acme["region"], acme["version"]) == ("growth", "South", 3)
