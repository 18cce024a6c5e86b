"""The agenda as an iCalendar file (RFC 5545) that any calendar program reads: one all-day
event per item with an alarm at 09:00 on the day. Overdue items are placed on today, so
they show up where they will be seen.

An appointment is a timed event instead: its start and end (in local time, as planned),
its place as LOCATION, an alarm 15 minutes before, and a UID made of its id alone, so a
calendar moves it when it is rescheduled. Given the store, each event's DTSTAMP is when its
record (else its account) last changed: a file written again for the same agenda is the
same file, byte for byte."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from ..engine.store import Store
from ..views.agenda_items import stamps
from ..views.agenda_list import AgendaItem

ALARM_BEFORE = 15
"""Minutes before an appointment that its alarm goes off."""

PRODID = "-//Rapport//Agenda//EN"


def escape(text: str) -> str:
    """Text as an iCalendar TEXT value: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return "".join(c if c.isprintable() or c == "\\" else " " for c in text)


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (CRLF and a space), never inside a character."""
    out: list[bytes] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def _stamp(updated_at: str) -> str | None:
    """``2026-11-23T09:15:02Z`` as an iCalendar UTC date-time."""
    try:
        when = datetime.strptime(updated_at, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return when.strftime("%Y%m%dT%H%M%SZ")


def _appointment(item: AgendaItem, store: Store | None, stamp: str) -> list[str]:
    record = store.get("appointments", item.record_id) if store and item.record_id else None
    minutes = int(record.get("minutes") or 60) if record else 60
    start = datetime.strptime(f"{item.when} {item.time}", "%Y-%m-%d %H:%M")
    end = start + timedelta(minutes=minutes)
    summary = f"{'HELD? ' if item.overdue else ''}{record['kind'] if record else 'appointment'}"
    summary += f": {item.account}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape(f'appointment-{item.record_id or item.account_id}@rapport')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"DTEND:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(f'{item.what} (for {item.owner})')}",
    ]
    if record and record.get("place"):
        lines.append(f"LOCATION:{escape(str(record['place']))}")
    return [
        *lines,
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(summary)}",
        f"TRIGGER;RELATED=START:-PT{ALARM_BEFORE}M",
        "END:VALARM",
        "END:VEVENT",
    ]


def calendar(
    items: Iterable[AgendaItem],
    today: date,
    *,
    now: datetime | None = None,
    store: Store | None = None,
) -> str:
    """The iCalendar text of ``items``. ``store``: stamp each event with when its record
    last changed (else every event is stamped ``now``)."""
    items = list(items)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    changed = stamps(store, items) if store is not None else {}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for item in items:
        item_stamp = _stamp(changed.get(item, "")) or stamp
        if item.kind == "appointment" and item.time:
            lines += _appointment(item, store, item_stamp)
            continue
        day = (
            max(date.fromisoformat(item.when), today)
            if item.overdue
            else date.fromisoformat(item.when)
        )
        uid = (
            f"{item.kind.replace(' ', '-')}-{item.record_id or item.account_id}-{item.when}@rapport"
        )
        summary = f"{'OVERDUE: ' if item.overdue else ''}{item.kind}: {item.account}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape(uid)}",
            f"DTSTAMP:{item_stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(f'{item.what} (for {item.owner}; due {item.when})')}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape(summary)}",
            "TRIGGER;RELATED=START:PT9H",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
