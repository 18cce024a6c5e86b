"""The agenda: urgency order, and the iCalendar file calendar programs read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import HOSTILE, build_company, context

from rapport.store import Store
from rapport.store.actions.edits import log_interaction
from rapport.store.exchange.icalendar import calendar, escape, fold
from rapport.store.views.agenda_list import agenda, next_occurrence

TODAY = date(2026, 11, 23)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_overdue_comes_first_then_this_week_by_value(db_path: Path) -> None:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        log_interaction(
            store, ids["beta"], summary="x", on="2026-11-20", follow_up="2026-11-25"
        )  # value 80k, this week
        log_interaction(
            store, ids["acme"], summary="y", on="2026-11-20", follow_up="2026-11-26"
        )  # value 250k, this week
        items = agenda(store, TODAY)
    kinds = [(i.kind, i.account, i.overdue) for i in items]
    overdue = [k for k in kinds if k[2]]
    assert kinds[: len(overdue)] == overdue, "everything overdue comes first"
    week = [k[1] for k in kinds if k[0] == "follow-up" and not k[2]]
    assert week[:2] == ["Acme Corp", "Beta Industries"], "then this week's, the higher value first"
    assert ("follow-up", "Gamma Foods", True) in kinds  # due 2026-11-20


def test_birthdays_come_round_every_year_and_feb_29_exists() -> None:
    assert next_occurrence("1980-12-01", TODAY) == date(2026, 12, 1)
    assert next_occurrence("--11-22", TODAY) == date(2027, 11, 22)
    assert next_occurrence("--02-29", TODAY) == date(2027, 2, 28)  # 2027 is no leap year
    assert next_occurrence("--02-29", date(2027, 3, 1)) == date(2028, 2, 29)


def test_the_calendar_file_is_valid_icalendar(db_path: Path) -> None:
    ids = build_company(db_path, hostile=True)
    with Store.open(db_path, context()) as store:
        log_interaction(
            store,
            ids["osc52"],
            summary="x",
            follow_up="2026-11-24",
            follow_up_what=HOSTILE["osc52"] + ", with; commas\nand lines",
        )
        items = agenda(store, TODAY)
    text = calendar(items, TODAY)
    raw_lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw_lines), "folded at 75 octets"
    assert text.endswith("END:VCALENDAR\r\n")
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == len(items) == lines.count("BEGIN:VALARM")
    assert "\x1b" not in text and "\x07" not in text
    described = [line for line in lines if line.startswith("DESCRIPTION:Clip")]
    assert described and "\\, with\\; commas\\nand lines" in described[0]
    assert len({line for line in lines if line.startswith("UID:")}) == len(items), (
        "each event has its own UID"
    )


def test_fold_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_the_agenda_of_a_name_nobody_has_is_refused(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    build_company(db_path)  # bob owns Beta Industries
    found = cli("agenda", "--owner", "  BOB ", db=db_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.rstrip().endswith("(bob)")
    typo = cli("agenda", "--owner", "bobb", db=db_path)
    assert typo.returncode == 1
    assert typo.stderr.strip() == "rapport: nothing is owned by 'bobb' (did you mean 'bob'?)"
