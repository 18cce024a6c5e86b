"""The vCard text format (3.0 and 4.0, and the 2.1 that older phones write): logical lines
unfolded, quoted-printable values in any charset, escaped text, grouped properties
(``item1.EMAIL``), and dates with or without a year. Text in, cards of properties out.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as Date

from ..records.validate import Invalid, show

PROPERTY_OF = {
    "name": "FN",
    "account": "ORG",
    "role": "TITLE",
    "email": "EMAIL",
    "phone": "TEL",
    "birthday": "BDAY",
    "anniversary": "ANNIVERSARY",
}
"""Which vCard property each contact field comes from (as refusals name them)."""

ANNIVERSARY_NAMES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QP = re.compile(r"[;:]([^;:=]*=)?\s*QUOTED-PRINTABLE\s*[;:]", re.IGNORECASE)


@dataclass
class Property:
    group: str
    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    def has(self, param: str, value: str) -> bool:
        return any(v.lower() == value.lower() for v in self.params.get(param, ()))


@dataclass
class Card:
    line: int
    """The line of ``BEGIN:VCARD``."""
    properties: list[Property] = field(default_factory=list)
    problem: str = ""

    def all(self, *names: str) -> list[Property]:
        return [p for p in self.properties if p.name in names]

    def first(self, *names: str) -> Property | None:
        found = self.all(*names)
        return found[0] if found else None


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold: a line starting with a space or tab continues the one before (RFC 6350
    3.2); a quoted-printable value ending in ``=`` continues on the next line (soft break)."""
    number, current, start = 0, None, 0
    for number, physical in enumerate(_LINE_BREAK.split(text), start=1):
        if current is not None and physical[:1] in (" ", "\t"):
            current += physical[1:]
            continue
        if current is not None and current.endswith("=") and _is_qp(current):
            current = current[:-1] + physical
            continue
        if current is not None:
            yield start, current
        current, start = physical, number
    if current is not None:
        yield start, current


def _is_qp(line: str) -> bool:
    head = line.split(":", 1)[0] + ":"
    return bool(_QP.search(";" + head))


def _split(text: str, separator: str) -> list[str]:
    """Split on ``separator`` outside double quotes and not escaped by a backslash."""
    parts, current, quoted, escaped = [], [], False, False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _property(line: int, text: str) -> Property | None:
    head, sep, value = _head_and_value(text)
    if not sep:
        return None
    name, *raw_params = _split(head, ";")
    group, _, name = name.rpartition(".")
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, eq, val = raw.partition("=")
        if not eq:  # vCard 2.1: a bare TYPE, ENCODING or CHARSET value
            key, val = _bare_param(key)
        values = [v.strip().strip('"') for v in _split(val, ",")]
        params.setdefault(key.strip().upper(), []).extend(values)
    prop = Property(group.upper(), name.strip().upper(), params, value, line)
    encoding = [e.upper() for e in params.get("ENCODING", ())]
    if "QUOTED-PRINTABLE" in encoding:
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        raw_bytes = quopri.decodestring(value.encode("utf-8"))
        try:
            prop.value = raw_bytes.decode(charset, errors="replace")
        except LookupError:
            prop.value = raw_bytes.decode("utf-8", errors="replace")
    elif "B" in encoding or "BASE64" in encoding:
        return None  # photos and sounds: nothing a contact keeps
    return prop


def _head_and_value(text: str) -> tuple[str, str, str]:
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return text[:i], ":", text[i + 1 :]
    return text, "", ""


def _bare_param(value: str) -> tuple[str, str]:
    upper = value.strip().upper()
    if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
        return "ENCODING", value
    if upper.startswith("CHARSET"):
        return "CHARSET", value
    return "TYPE", value


def parse_vcards(text: str) -> list[Card]:
    """The cards in a vCard file's text, each with the line it starts on."""
    cards: list[Card] = []
    card: Card | None = None
    for line, logical in _logical_lines(text):
        if not logical.strip():
            continue
        upper = logical.strip().upper()
        if upper == "BEGIN:VCARD":
            if card is not None:
                card.problem = "END:VCARD is missing before the next BEGIN:VCARD"
                cards.append(card)
            card = Card(line)
        elif upper == "END:VCARD":
            if card is not None:
                cards.append(card)
            card = None
        elif card is not None:
            prop = _property(line, logical)
            if prop is not None:
                card.properties.append(prop)
    if card is not None:
        card.problem = "END:VCARD is missing at the end of the file"
        cards.append(card)
    return cards


def unescape(text: str) -> str:
    """A vCard text value: ``\\n`` is a line break, ``\\,`` ``\\;`` ``\\\\`` the character."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def components(text: str) -> list[str]:
    """The ``;``-separated parts of a structured value (N, ORG), unescaped."""
    return [unescape(part) for part in _split(text, ";")]


def vcard_date(prop: Property) -> str:
    """BDAY/ANNIVERSARY as the store keeps it: ``YYYY-MM-DD``, or ``--MM-DD`` without a year."""
    value = prop.value.strip()
    if prop.has("VALUE", "text"):
        raise Invalid(f"{show(value)} is not a date")
    day = value.split("T", 1)[0] if "T" in value else value
    m = re.fullmatch(r"(\d{4})-?(\d\d)-?(\d\d)", day)
    if m:
        year, month, dom = (int(g) for g in m.groups())
        omit = prop.params.get("X-APPLE-OMIT-YEAR")
        try:
            Date(year if not omit or str(year) not in omit else 2000, month, dom)
        except ValueError:
            raise Invalid(f"{show(value)} is not a date") from None
        if omit and str(year) in omit:
            return f"--{month:02d}-{dom:02d}"
        return f"{year:04d}-{month:02d}-{dom:02d}"
    m = re.fullmatch(r"--(\d\d)-?(\d\d)", day)
    if m:
        try:
            Date(2000, int(m.group(1)), int(m.group(2)))
        except ValueError:
            raise Invalid(f"{show(value)} is not a day of the year") from None
        return f"--{m.group(1)}-{m.group(2)}"
    raise Invalid(f"{show(value)} is not a full date (YYYY-MM-DD, YYYYMMDD or --MMDD)")


def preferred(props: list[Property]) -> Property | None:
    """The property marked preferred (TYPE=pref, or the lowest PREF=n), else the first."""

    def rank(p: Property) -> int:
        if p.has("TYPE", "pref"):
            return 0
        pref = p.params.get("PREF")
        return int(pref[0]) if pref and pref[0].isdigit() else 101

    usable = [p for p in props if p.value.strip()]
    return min(usable, key=rank) if usable else None


def decode_vcf(data: bytes) -> tuple[str, str | None]:
    """The file's text, and a note if it was not UTF-8 (read as Windows-1252 instead)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode(
            "cp1252", errors="replace"
        ), "the file is not UTF-8: read as Windows-1252"
