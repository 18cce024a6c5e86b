"""The agenda as an iCalendar file (RFC 5545) that any calendar program reads: one all-day
event per item with an alarm at 09:00 on the day. Overdue items are placed on today, so
they show up where they will be seen."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from ..views.agenda_list import AgendaItem

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


def calendar(items: Iterable[AgendaItem], today: date, *, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for item in items:
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
            f"DTSTAMP:{stamp}",
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
