"""The agenda: urgency order, and the iCalendar file calendar programs read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import HOSTILE, build_company, context, screen_text, settle

from rapport.store import Store
from rapport.store.actions.edits import create_account, log_interaction
from rapport.store.exchange.icalendar import calendar, escape, fold
from rapport.store.views.agenda_list import HEADINGS, agenda, next_occurrence
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.screens.agenda import AgendaScreen, Heading
from rapport.tui.widgets.vtable import VirtualTable

TODAY = date(2026, 11, 23)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_overdue_comes_first_then_this_week_by_day(db_path: Path) -> None:
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        log_interaction(
            store, ids["acme"], summary="y", on="2026-11-20", follow_up="2026-11-26"
        )  # value 250k, this week
        log_interaction(
            store, ids["beta"], summary="x", on="2026-11-20", follow_up="2026-11-25"
        )  # value 80k, this week, a day earlier
        log_interaction(
            store, ids["gamma"], summary="z", on="2026-11-20", follow_up="2026-11-25"
        )  # value 12k, the same day
        items = agenda(store, TODAY)
    kinds = [(i.kind, i.account, i.overdue) for i in items]
    overdue = [k for k in kinds if k[2]]
    assert kinds[: len(overdue)] == overdue, "everything overdue comes first"
    week = [k[1] for k in kinds if k[0] == "follow-up" and not k[2]]
    assert week[:3] == ["Beta Industries", "Gamma Foods", "Acme Corp"], (
        "then this week's by day, on one day the higher value first"
    )
    assert ("follow-up", "Gamma Foods", True) in kinds  # due 2026-11-20


@pytest.fixture
def ranked(db_path: Path) -> dict[str, str]:
    """An overdue follow-up of a 2,000/yr shop (red) and a 2.6M group losing touch
    (amber); follow-ups today, this week and later, in an order that is not the days'."""
    ids = build_company(db_path)
    with Store.open(db_path, context()) as store:
        for key, name, value, tier in (
            ("big", "Big Holdings", 2_600_000, "growth"),
            ("tiny", "Tiny Shop", 2_000, "standard"),
        ):
            ids[key] = create_account(
                store, {"name": name, "owner": "tester", "value": value, "tier": tier}
            ).created("accounts")[0]["id"]
        # 40 days since Big's last call, cadence 30: losing touch (amber), overdue
        log_interaction(store, ids["big"], summary="call", on="2026-10-14")
        log_interaction(store, ids["tiny"], summary="call", on="2026-11-01", follow_up="2026-11-10")
        log_interaction(store, ids["big"], summary="a", on="2026-10-14", follow_up="2026-12-06")
        log_interaction(store, ids["tiny"], summary="b", on="2026-11-01", follow_up="2026-12-02")
        log_interaction(store, ids["acme"], summary="c", on="2026-11-20", follow_up="2026-11-23")
        log_interaction(store, ids["big"], summary="d", on="2026-10-14", follow_up="2026-11-28")
        log_interaction(store, ids["tiny"], summary="e", on="2026-11-01", follow_up="2026-11-24")
    return ids


def test_overdue_is_ranked_by_value_at_risk_and_the_rest_by_day(db_path: Path, ranked) -> None:
    with Store.open(db_path, context()) as store:
        items = agenda(store, TODAY)
    headings = [i.heading for i in items]
    assert headings == sorted(headings, key=HEADINGS.index), "grouped, in the headings' order"
    overdue = [i for i in items if i.heading == "Overdue"]
    assert [i.value for i in overdue] == sorted((i.value for i in overdue), reverse=True)
    assert (overdue[0].account, overdue[0].kind, overdue[0].severity) == (
        "Big Holdings",
        "losing touch",
        "amber",
    ), "the 2.6M account before the 2,000/yr shop's red follow-up"
    # today: Acme's follow-up (and, since issue 15, the gesture its decision maker is due)
    today = [(i.account, i.kind) for i in items if i.heading == "Today"]
    assert [t for t in today if t[1] != "gesture"] == [("Acme Corp", "follow-up")]
    for heading in ("This week", "Later"):
        days = [i.when for i in items if i.heading == heading]
        assert days and days == sorted(days), heading
    later = [(i.when, i.account) for i in items if i.heading == "Later" and i.kind == "follow-up"]
    assert later == [("2026-12-02", "Tiny Shop"), ("2026-12-06", "Big Holdings")]
    week = [i.when for i in items if i.heading == "This week" and i.kind == "follow-up"]
    assert week == ["2026-11-24", "2026-11-28"]


def test_the_text_is_under_headings_and_the_json_keeps_the_order(
    db_path: Path, ranked, cli
) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db_path, context()) as store:
        items = agenda(store, TODAY)
    shown = cli("agenda", "--all", db=db_path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    heads = [line for line in lines if " · " in line and line.split(" · ")[0] in HEADINGS]
    assert [h.split(" · ")[0] for h in heads] == ["Overdue", "Today", "This week", "Later"]
    counts = {h: sum(i.heading == h for i in items) for h in HEADINGS}
    assert heads[0] == f"Overdue · {counts['Overdue']} items"
    body = shown.stdout.split("Today · ")[1].split("This week · ")[0]
    assert "Acme Corp" in body and "Big Holdings" not in body
    assert shown.stdout.index("Big Holdings") < shown.stdout.index("Tiny Shop")
    data = json.loads(cli("agenda", "--all", "--format", "json", db=db_path).stdout)
    assert [(d["heading"], d["kind"], d["when"], d["account"]) for d in data] == [
        (i.heading, i.kind, i.when, i.account) for i in items
    ]


async def test_the_agenda_screen_under_headings_at_80x24(
    db_path: Path, tmp_path: Path, ranked
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("a", "m")  # everyone's
        await settle(pilot, 0.2)
        assert isinstance(app.screen, AgendaScreen)
        table = app.screen.query_one(VirtualTable)
        text = screen_text(app)
        assert "Overdue · " in text.splitlines()[3], text
        assert "losing touch!!" in text and "losing touc…" not in text
        assert "losing touch! " in text  # Big Holdings, amber
        # the cursor starts on the first item, never on a heading
        first = table.current
        assert first is not None and first.account == "Big Holdings"
        await pilot.press("k")
        assert table.current is first, "up from the first item stays on it"
        items = [r for r in table.rows if not isinstance(r, Heading)]
        await pilot.press(*"j" * len(table.rows))
        assert table.current is items[-1]
        seen = []
        for _ in items:
            seen.append(table.current)
            await pilot.press("k")
        assert seen == items[::-1], "j and k pass over the headings"
        headings = [r.name for r in table.rows if isinstance(r, Heading)]
        assert headings == ["Overdue", "Today", "This week", "Later"]


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
