"""Appointments (issue 15): ``rapport schedule``, the agenda (on its day with its time; once
passed, "was it held?"), the iCalendar file (timed events, LOCATION, an alarm 15 minutes
before, a UID and a DTSTAMP that stay the same between runs), and in the app: A schedules,
x on the agenda logs the one held (the interaction closes it), c cancels it (kept)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import context, screen_text, settle, tab_to
from relationship_world import build_world

from rapport.store import Context, Store, ValidationError
from rapport.store.actions import (
    cancel_appointment,
    hold_appointment,
    parse_at,
    schedule_appointment,
)
from rapport.store.exchange import calendar
from rapport.store.views import agenda
from rapport.tui.app import make_app
from rapport.tui.config import Config


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    return build_world(db_path, context())


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def event_of(text: str, uid: str) -> list[str]:
    lines = unfold(text)
    start = lines.index(f"UID:{uid}") - 1
    return lines[start : lines.index("END:VEVENT", start) + 1]


def test_rapport_schedule_prints_the_id_and_refuses_what_is_wrong(
    db_path: Path, world: dict[str, str], cli
) -> None:  # type: ignore[no-untyped-def]
    made = cli(
        "schedule", "nordwind energy", "--at", "2026-11-25 09:30", "--minutes", "45",
        "--with", "erik berg", "--with", "Kim Lund", "--place", "Their HQ, Bergen",
        "--summary", "Renewal talk", db=db_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    appointment_id = made.stdout.strip()
    with Store.open(db_path, context()) as store:
        a = store.require("appointments", appointment_id)
    assert (a["date"], a["time"], a["minutes"], a["place"], a["status"], a["owner"]) == (
        "2026-11-25", "09:30", 45, "Their HQ, Bergen", "planned", "tester",
    )  # fmt: skip
    assert set(a["contacts"]) == {world["erik"], world["kim"]}
    for args, says in (
        (("--at", "2026-11-25"), "is not a day and time (YYYY-MM-DD HH:MM)"),
        (("--at", "2026-11-31 09:00"), "is not a day and time"),
        (("--at", "2026-11-25 25:00"), "is not a day and time"),
        (("--at", "2026-11-25 09:00", "--with", "Erick Berg"), "did you mean 'Erik Berg'"),
        (("--at", "2026-11-25 09:00", "--minutes", "0"), "minutes: 0 is not between 5 and 1440"),
        (("--at", "2026-11-25 09:00", "--kind", "party"), "kind: party is not one of"),
        (("--at", "2026-11-25 09:00", "--staff", "Bobby"), "give --new-person if they are new"),
    ):
        refused = cli("schedule", "Nordwind Energy", "--summary", "x", *args, db=db_path)
        assert refused.returncode == 1, args
        assert says in refused.stderr, (args, refused.stderr)
        assert "Traceback" not in refused.stderr
    missing = cli("schedule", "Nordwind Energy", "--at", "2026-11-25 09:00", db=db_path)
    assert missing.returncode == 2, "--summary is required"


def test_the_agenda_shows_it_on_its_day_with_its_time(
    db_path: Path, world: dict[str, str], cli
) -> None:  # type: ignore[no-untyped-def]
    cli("schedule", "Nordwind Energy", "--at", "2026-11-25 14:00", "--summary", "Review",
        "--staff", "ann", db=db_path)  # fmt: skip
    cli("schedule", "Nordwind Energy", "--at", "2027-01-25 14:00", "--summary", "Too far",
        db=db_path)  # fmt: skip
    data = json.loads(cli("agenda", "--owner", "ann", "--format", "json", db=db_path).stdout)
    [item] = [i for i in data if i["kind"] == "appointment"]
    assert (item["when"], item["time"], item["account"], item["overdue"]) == (
        "2026-11-25", "14:00", "Nordwind Energy", False,
    )  # fmt: skip
    assert "Review" in item["what"]
    text = cli("agenda", "--owner", "ann", db=db_path).stdout
    assert "2026-11-25 14:00" in text


def test_once_its_time_has_passed_the_agenda_asks_whether_it_was_held(
    db_path: Path, world: dict[str, str]
) -> None:
    ctx = Context(user="ann", as_of=context().today(), clock=lambda: datetime(2026, 11, 23, 12, 0))
    with Store.open(db_path, ctx) as store:
        for at in ("2026-11-20 10:00", "2026-11-23 11:00", "2026-11-23 15:00"):
            day, time = parse_at(at)
            schedule_appointment(store, world["energy"], {"date": day, "time": time, "summary": at})
        items = [i for i in agenda(store, ctx.today(), owner="ann") if i.kind == "appointment"]
    asked = {i.time: (i.overdue, i.what.startswith("was it held?")) for i in items}
    assert asked == {"10:00": (True, True), "11:00": (True, True), "15:00": (False, False)}


def test_held_and_cancelled_appointments_leave_the_agenda_and_are_kept(
    db_path: Path, world: dict[str, str]
) -> None:
    with Store.open(db_path, context("ann")) as store:
        day, time = parse_at("2026-11-20 10:00")
        made = schedule_appointment(
            store, world["energy"], {"date": day, "time": time, "summary": "Review"}
        )
        first = made.created("appointments")[0]["id"]
        made = schedule_appointment(
            store, world["energy"], {"date": day, "time": "11:00", "summary": "Lunch"}
        )
        second = made.created("appointments")[0]["id"]
        held = hold_appointment(store, first, summary="Reviewed the year", kind="meeting", on=day)
        interaction = held.created("interactions")[0]
        record = store.require("appointments", first)
        assert (record["status"], record["interaction"]) == ("held", interaction["id"])
        store.undo()
        assert store.require("appointments", first)["status"] == "planned", "one undo, both back"
        assert store.get("interactions", interaction["id"]) is None
        hold_appointment(store, first, summary="Reviewed the year", kind="meeting", on=day)
        cancel_appointment(store, second)
        assert store.require("appointments", second)["status"] == "cancelled"
        with pytest.raises(ValidationError, match="status: the appointment is cancelled"):
            hold_appointment(store, second, summary="x")
        kinds = [i.kind for i in agenda(store, context().today(), owner="ann")]
    assert "appointment" not in kinds


def test_the_calendar_file_has_a_timed_event_with_place_and_alarm(
    db_path: Path, world: dict[str, str], tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    made = cli(
        "schedule", "Nordwind Energy", "--at", "2026-11-25 09:30", "--minutes", "90",
        "--place", "Bergen; room 4", "--summary", "Renewal talk", "--staff", "ann", db=db_path,
    )  # fmt: skip
    appointment_id = made.stdout.strip()
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert cli("agenda", "--owner", "ann", "--ics", str(first), db=db_path).returncode == 0
    event = event_of(first.read_bytes().decode("utf-8"), f"appointment-{appointment_id}@rapport")
    assert "DTSTART:20261125T093000" in event
    assert "DTEND:20261125T110000" in event
    assert "LOCATION:Bergen\\; room 4" in event
    alarm = event[event.index("BEGIN:VALARM") :]
    assert "TRIGGER;RELATED=START:-PT15M" in alarm
    # another run, later: the same agenda gives the same file, byte for byte
    assert cli("agenda", "--owner", "ann", "--ics", str(second), db=db_path).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    with Store.open(db_path, context(), read_only=True) as store:
        items = agenda(store, context().today(), owner="ann")
        at_nine, at_five = (datetime(2026, 11, 23, h, tzinfo=UTC) for h in (9, 17))
        assert calendar(items, context().today(), now=at_nine, store=store) == calendar(
            items, context().today(), now=at_five, store=store
        ), "written at another time of day, the same agenda is the same file"
    # rescheduled, it keeps its UID; its DTSTAMP moves on
    with Store.open(
        db_path, Context(user="ann", clock=lambda: datetime(2026, 11, 23, 10, tzinfo=UTC))
    ) as store:
        from rapport.store.actions import save_record

        save_record(store, "appointments", {"time": "10:00"}, record_id=appointment_id)
        text = calendar(
            agenda(store, context().today(), owner="ann"), context().today(), store=store
        )
    moved = event_of(text, f"appointment-{appointment_id}@rapport")
    assert "DTSTART:20261125T100000" in moved
    assert "DTSTAMP:20261123T100000Z" in moved
    stamp = [line for line in event if line.startswith("DTSTAMP:")]
    assert stamp != ["DTSTAMP:20261123T100000Z"]


def app_for(db_path: Path, tmp_path: Path, user: str = "ann"):  # type: ignore[no-untyped-def]
    ctx = Context(
        user=user, as_of=context().today(), clock=lambda: datetime(2026, 11, 23, 12, tzinfo=UTC)
    )
    app = make_app(db_path, ctx, Config(path=tmp_path / "c.json"), poll_seconds=3600)
    app.animation_level = "none"
    return app


async def test_a_schedules_from_the_account_and_it_shows_in_the_timeline(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"nordwind energy", "enter")  # the one account found opens
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert type(app.screen).__name__ == "AppointmentForm"
        assert app.focused is not None and app.focused.id == "field-summary"
        await pilot.press(*"Plan next year")
        await tab_to(pilot, "time")
        await pilot.press("ctrl+a", "ctrl+k", *"25:00", "ctrl+s")
        await settle(pilot)
        assert "is not a time of day" in screen_text(app), "named at the field"
        await pilot.press("ctrl+a", "ctrl+k", *"9:15", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "AccountScreen"
        with Store.open(db_path, context(), read_only=True) as store:
            [a] = store.all("appointments")
        assert (a["date"], a["time"], a["summary"], a["owner"]) == (
            "2026-11-24", "09:15", "Plan next year", "ann",
        )  # fmt: skip
        assert "09:15" in screen_text(app) and "Plan next year" in screen_text(app)


async def test_x_on_the_agenda_logs_the_appointment_held_and_c_cancels_one(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    with Store.open(db_path, context("ann")) as store:
        for time, summary in (("10:00", "Review the year"), ("11:00", "Lunch")):
            schedule_appointment(
                store,
                world["energy"],
                {"date": "2026-11-20", "time": time, "summary": summary, "kind": "visit",
                 "contacts": [world["kim"]]},
            )  # fmt: skip
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("slash", *"review the year", "enter", "x")
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "LogInteraction"
        values = form.body.raw_values()  # type: ignore[attr-defined]
        assert values["kind"] == "visit" and values["date"] == "2026-11-20"
        assert values["summary"] == "Review the year" and values["contacts"] == [world["kim"]]
        await pilot.press("end", *" went well", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "AgendaScreen"
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"lunch", "enter", "c", "y")
        await settle(pilot)
    with Store.open(db_path, context(), read_only=True) as store:
        by_summary = {a["summary"]: a for a in store.all("appointments")}
        held = by_summary["Review the year"]
        assert held["status"] == "held"
        interaction = store.require("interactions", held["interaction"])
        assert (interaction["kind"], interaction["summary"]) == (
            "visit",
            "Review the year went well",
        )
        assert by_summary["Lunch"]["status"] == "cancelled", "kept, as cancelled"
