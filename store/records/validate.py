"""Validation: turn what a user, a CSV file or a script gave into a clean record, or say
exactly which field is wrong and why ("follow_up: 2026-02-30 is not a date").

Values may arrive typed (from the app) or as text (from CSV and the command line); both
go through the same parsers, so a rule is written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .amounts import AmountError, parse_amount
from .schema import ENVELOPE, FIELDS, Field


@dataclass(frozen=True)
class FieldError:
    """One problem with one field."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class ValidationError(ValueError):
    """A record was refused; ``errors`` names every field that is wrong."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    def for_field(self, name: str) -> str | None:
        for e in self.errors:
            if e.field == name:
                return e.reason
        return None


class Invalid(ValueError):
    """Raised by a parser; the caller adds the field name."""


YES = frozenset({"yes", "y", "true", "1", "on"})
NO = frozenset({"no", "n", "false", "0", "off", ""})
_MONTHDAY = re.compile(r"^(?:--|[Xx]{4}-)(\d\d)-(\d\d)$")
_TIME = re.compile(r"^(\d{1,2})[:.h](\d\d)$")


def show(value: Any) -> str:
    """A value as it appears in a message: short and on one line."""
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def parse_date(value: Any) -> str:
    """An ISO date (``YYYY-MM-DD``) as text."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise Invalid(f"{show(value)} is not a date (YYYY-MM-DD)") from None


def parse_monthday(value: Any) -> str:
    """A date, or a day of the year without the year for birthdays: ``--MM-DD`` (as
    stored) or ``XXXX-MM-DD`` (as CSV files carry it, see ``csv_formats.py``)."""
    text = str(value).strip()
    match = _MONTHDAY.match(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2000, month, day)  # a leap year: 29 February is a real birthday
        except ValueError:
            raise Invalid(f"{show(value)} is not a day of the year (XXXX-MM-DD)") from None
        return f"--{month:02d}-{day:02d}"
    try:
        return parse_date(value)
    except Invalid:
        raise Invalid(
            f"{show(value)} is not a date (YYYY-MM-DD, or XXXX-MM-DD without the year)"
        ) from None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


def parse_email(value: Any) -> str:
    """An email address (``name@example.com``), surrounding spaces dropped; checked for its
    form only (one @, no spaces, a domain with a dot), never by sending anything."""
    text = str(value).strip()
    if not _EMAIL.match(text):
        raise Invalid(f"{show(value)} is not an email address (name@example.com)")
    return text


def parse_time(value: Any) -> str:
    """A time of day as ``HH:MM`` (24-hour clock); ``9:30`` and ``09.30`` are read too."""
    text = str(value).strip()
    match = _TIME.match(text)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}"
    raise Invalid(f"{show(value)} is not a time of day (HH:MM, 00:00 to 23:59)")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise Invalid(f"{show(value)} is not yes or no")


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise Invalid(f"{show(value)} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        raise Invalid(f"{show(value)} is not a whole number") from None


def parse_number(value: Any) -> int | float:
    """A number or an amount as people write it (``2,600,000``, ``1,5M``, ``50k``): see
    :mod:`amounts`; one that could be read two ways is refused with both readings."""
    try:
        return parse_amount(value)
    except AmountError as e:
        raise Invalid(str(e)) from None


def _check_range(f: Field, number: float) -> None:
    if f.low is not None and number < f.low:
        if f.high is not None:
            raise Invalid(f"{show(number)} is not between {_n(f.low)} and {_n(f.high)}")
        raise Invalid(f"{show(number)} is below {_n(f.low)}")
    if f.high is not None and number > f.high:
        if f.low is not None:
            raise Invalid(f"{show(number)} is not between {_n(f.low)} and {_n(f.high)}")
        raise Invalid(f"{show(number)} is above {_n(f.high)}")
    if f.cap is not None and number > f.cap:
        raise Invalid(f"{show(number)} is above {f.cap:,.0f}")


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _unicode(text: str) -> str:
    """``text`` if it can be written as UTF-8; bytes that were not UTF-8 (command-line
    arguments, file names) reach Python as lone surrogates, which cannot."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise Invalid(f"holds bytes that are not UTF-8 text (at character {e.start + 1})") from None
    return text


def parse_field(f: Field, value: Any, *, formats: bool = True) -> Any:
    """Parse one present, non-empty value of field ``f``; raise :class:`Invalid`.

    ``formats``: check the form of text that has one (an email address); records saved
    before (merged from another file, imported from an export) keep what they hold."""
    kind = f.kind
    if kind == "text":
        if not isinstance(value, str):
            value = str(value)
        _unicode(value)
        if len(value) > f.max_len:
            raise Invalid(f"is {len(value):,} characters long, at most {f.max_len:,} fit")
        if f.email and formats:
            return parse_email(value)
        return value
    if kind == "int":
        whole = parse_int(value)
        _check_range(f, whole)
        return whole
    if kind == "number":
        number = parse_number(value)
        _check_range(f, number)
        return number
    if kind == "date":
        return parse_date(value)
    if kind == "monthday":
        return parse_monthday(value)
    if kind == "time":
        return parse_time(value)
    if kind == "bool":
        return parse_bool(value)
    if kind == "enum":
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if text not in f.choices:
            raise Invalid(f"{show(value)} is not one of {', '.join(f.choices)}")
        return text
    if kind == "ref":
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"{show(value)} is not a record id")
        return value.strip()
    if kind in ("refs", "tags"):
        if isinstance(value, str):
            items = [v.strip() for v in value.split(";")]
        elif isinstance(value, (list, tuple, Iterable)):  # the first two asked first: cheap
            items = [str(v).strip() for v in value]
        else:
            raise Invalid(f"{show(value)} is not a list")
        out: list[str] = []
        for item in items:
            _unicode(item)
            if item and item not in out:
                out.append(item)
        return out
    if kind == "scores":
        if not isinstance(value, Mapping):
            raise Invalid("is not a set of scores")
        scores: dict[str, int] = {}
        for key, score in value.items():
            if _empty(score):
                continue
            try:
                n = parse_int(score)
                _check_range(f, n)
            except Invalid as e:
                raise Invalid(f"{key}: {e}") from None
            scores[str(key)] = n
        return scores
    if kind == "json":
        return value
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover


def check_value(f: Field, value: Any, today: date | None = None, *, formats: bool = True) -> Any:
    """``value`` for field ``f``, parsed; raise :class:`Invalid` saying why it cannot be.

    Given ``today``, the date of something that happened (:attr:`Field.happened`) may not
    be after it.
    """
    parsed = parse_field(f, value, formats=formats)
    if f.happened and today is not None and parsed > today.isoformat():
        raise Invalid(f"{parsed} is after today ({today.isoformat()})")
    return parsed


def clean(
    table: str,
    data: Mapping[str, Any],
    *,
    partial: bool = False,
    today: date | None = None,
    formats: bool = True,
) -> dict[str, Any]:
    """Validate ``data`` for ``table`` and return it normalised, in schema order.

    Unknown fields are refused by name. With ``partial`` only the given fields are checked
    and returned (for updates); otherwise missing optional fields take their defaults.
    Envelope fields (id, version, ...) pass through untouched. Given ``today``, a date of
    something that happened (:attr:`Field.happened`) may not be after it. ``formats``: see
    :func:`parse_field`. (:class:`Cleaner` cleans many records of a table.)
    """
    return Cleaner(table, today=today, formats=formats, keep=False)(data, partial=partial)


_MUTABLE_KINDS = frozenset({"refs", "tags", "scores", "json"})
"""Kinds whose cleaned value is a list or a mapping: made afresh for every record."""
KEPT = 1 << 16
"""How many texts of one field a :class:`Cleaner` keeps what they came to (an account's
id, named by the rows of 20,000 accounts, fits; a summary, new in every row, does not)."""


class Cleaner:
    """:func:`clean` for the records of one table, many of them (an import): what a text
    comes to is worked out once per field and text, so values that repeat (dates, choices,
    names, numbers) are checked once. A field found to hold :data:`KEPT` different texts
    (a summary) is no longer kept. Without ``keep`` nothing is (:func:`clean`: one record)."""

    def __init__(
        self, table: str, *, today: date | None = None, formats: bool = True, keep: bool = True
    ) -> None:
        self.table = table
        self._fields = FIELDS[table]
        self._today = today
        self._formats = formats
        self._kept: dict[str, dict[str, Any] | None] = {
            name: {} if keep and f.kind not in _MUTABLE_KINDS else None
            for name, f in self._fields.items()
        }

    def __call__(self, data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
        fields = self._fields
        errors: list[FieldError] = []
        out: dict[str, Any] = {}
        if not data.keys() <= fields.keys():  # asked of the keys at once: they mostly are
            for name in data:
                if name not in fields and name not in ENVELOPE:
                    errors.append(FieldError(name, f"is not a field of {self.table}"))
        for name, f in fields.items():
            if name not in data:
                if partial:
                    continue
                if f.required and f.default is None:
                    errors.append(FieldError(name, "is required"))
                    continue
                out[name] = list(f.default) if isinstance(f.default, tuple) else f.default
                continue
            try:
                out[name] = self.value(f, data[name])
            except Invalid as e:
                errors.append(FieldError(name, str(e)))
        if errors:
            raise ValidationError(errors)
        return out

    def value(self, f: Field, value: Any) -> Any:
        """:func:`clean_field` of one value of ``f`` (a field of this table)."""
        known = self._kept[f.name]
        if known is not None and type(value) is str:
            found = known.get(value, _NONE)
            if found is not _NONE:
                return found
        return self._work_out(f, value)

    def _work_out(self, f: Field, value: Any) -> Any:
        cleaned = clean_field(f, value, self._today, formats=self._formats)
        known = self._kept[f.name]
        if known is not None and type(value) is str:
            if len(known) < KEPT:
                known[value] = cleaned
            else:
                self._kept[f.name] = None
        return cleaned


_NONE = object()


def clean_field(f: Field, value: Any, today: date | None = None, *, formats: bool = True) -> Any:
    """One given value of field ``f`` as :func:`clean` returns it; raise :class:`Invalid`
    (an empty value of a required field "is required")."""
    if _empty(value) and f.kind not in ("json", "scores"):
        if f.required:
            raise Invalid("is required")
        if f.kind == "text":
            return ""
        if f.kind in ("refs", "tags"):
            return []
        return None if f.default is None else f.default
    return check_value(f, value, today, formats=formats)
