"""Reading an amount as people write it: the one parser for money everywhere (the app's
forms, the command line, CSV files).

Accepted: plain numbers (``250000``, ``1.5``, ``-3``), thousands separated by commas,
dots, spaces or apostrophes (``2,600,000``, ``2.600.000``, ``2 600 000``, ``2'600'000``),
a decimal comma (``1,5``), both conventions at once (``1,234.56``, ``1.234,56``), a
suffix for thousands, millions or billions (``50k``, ``1.5M``, ``1,5M``, ``2bn``, any case)
and a currency sign before or after (``€ 1.200,50``, ``$80k``).

Never a silent misreading: an amount that could be read two ways is refused with both
readings. ``1,500`` is 1500 where a comma separates thousands and 1.5 where it marks the
decimals; ``1.500`` the other way round. With one separator followed by exactly three
digits and no more than three before it, the convention decides, so it is refused. Write
``1500``, ``1.5``, ``1,500.00`` or ``1.500,00`` instead.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
"""Multipliers by suffix (matched ignoring case): k thousand, M or mn million, bn billion."""

_CURRENCY = "€$£¥"
_SPACES = "\u00a0\u202f\u2009 "  # no-break, narrow no-break and thin spaces, space
_SUFFIX = re.compile(r"^(?P<body>.*?)\s*(?P<suffix>bn|mn|k|m)$", re.IGNORECASE)
_PLAIN = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:[,.' ]\d{3})+$")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?e[+-]?\d+$", re.IGNORECASE)


class AmountError(ValueError):
    """The text is not an amount, or could be read as two different ones."""


def _show(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _number(digits: str) -> int | float:
    value = Decimal(digits)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _plain(value: int | float) -> str:
    """A reading as shown in a message: no separators, so it cannot be misread again."""
    if isinstance(value, float):
        text = f"{value:.10f}".rstrip("0").rstrip(".")
        return text
    return str(value)


def _read_body(body: str, shown: str) -> int | float:
    """The number ``body`` (no sign, suffix or currency) stands for."""
    if _PLAIN.match(body):
        return int(body)
    if _SCIENTIFIC.match(body):
        return _number(body)
    seps = [c for c in body if not c.isdigit()]
    kinds = set(seps)
    not_amount = AmountError(
        f"{_show(shown)} is not an amount (such as 250000, 250,000, 1.5M or 50k)"
    )
    if not seps or not kinds <= set(",.' "):
        raise not_amount
    if len(kinds) == 1:
        sep = seps[0]
        if len(seps) > 1:  # the same mark more than once: thousands, in groups of three
            if not _GROUPED.match(body):
                raise not_amount
            return int(re.sub(r"\D", "", body))
        whole, _, tail = body.partition(sep)
        if not whole or not tail:
            raise not_amount
        if sep in "' ":  # never a decimal mark
            if not _GROUPED.match(body):
                raise not_amount
            return int(whole + tail)
        if len(tail) == 3 and len(whole) <= 3 and whole != "0":
            as_thousands = int(whole + tail)
            as_decimal = _number(f"{whole}.{tail}")
            if sep == ",":
                raise AmountError(
                    f"{_show(shown)} could be {_plain(as_thousands)} (a comma between thousands) "
                    f"or {_plain(as_decimal)} (a decimal comma): write {_plain(as_thousands)} "
                    f"or {_plain(as_decimal)}"
                )
            raise AmountError(
                f"{_show(shown)} could be {_plain(as_decimal)} (a decimal point) or "
                f"{_plain(as_thousands)} (a dot between thousands): write {_plain(as_decimal)} "
                f"or {_plain(as_thousands)}"
            )
        return _number(f"{whole}.{tail}")
    # Two kinds of mark: the last one is the decimal mark and appears once, after the groups.
    decimal = seps[-1]
    if decimal not in ",." or seps.count(decimal) != 1:
        raise not_amount
    whole, _, tail = body.rpartition(decimal)
    if not tail or not _GROUPED.match(whole) or decimal in whole:
        raise not_amount
    return _number(re.sub(r"\D", "", whole) + "." + tail)


def parse_amount(value: object) -> int | float:
    """The amount ``value`` stands for; :class:`AmountError` says why it is not one.

    Numbers (not booleans) are taken as they are. A whole result is an ``int``.
    """
    if isinstance(value, bool):
        raise AmountError(f"{value} is not an amount")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AmountError(f"{value} is not an amount")
        return int(value) if value.is_integer() else value
    shown = str(value).strip()
    text = shown.replace("_", "")
    for space in _SPACES[:-1]:
        text = text.replace(space, " ")
    text = text.strip().strip(_CURRENCY).strip()
    for code in ("EUR", "USD", "GBP", "CHF"):
        if text.upper().startswith(code) or text.upper().endswith(code):
            text = (text[3:] if text.upper().startswith(code) else text[:-3]).strip()
    sign = 1
    if text[:1] in "-+":
        sign = -1 if text[0] == "-" else 1
        text = text[1:].strip().lstrip(_CURRENCY).strip()
    factor = 1
    match = _SUFFIX.match(text)
    if match and match.group("body"):
        factor = SUFFIXES[match.group("suffix").lower()]
        text = match.group("body")
    if text[:1] in ".," and text[1:2].isdigit():
        text = "0" + text  # .5 is 0.5
    if not text or not text[0].isdigit() or not text[-1].isdigit():
        raise AmountError(f"{_show(shown)} is not an amount (such as 250000, 250,000, 1.5M or 50k)")
    number = _read_body(text, shown)
    if factor != 1:
        try:
            scaled = Decimal(str(number)) * factor
        except InvalidOperation:  # pragma: no cover - str of a number is a number
            raise AmountError(f"{_show(shown)} is not an amount") from None
        number = int(scaled) if scaled == scaled.to_integral_value() else float(scaled)
    if isinstance(number, float) and not math.isfinite(number):
        raise AmountError(f"{_show(shown)} is not an amount")
    return sign * number


def amount_text(value: int | float) -> str:
    """An amount as export writes it: read back by :func:`parse_amount` as exactly ``value``
    (a value such as 1.125, which would read two ways, gets a fourth decimal: ``1.1250``)."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = f"{Decimal(text):f}"
    else:
        text = str(value)
    whole, dot, tail = text.lstrip("-").partition(".")
    if dot and len(tail) == 3 and len(whole) <= 3 and whole != "0":
        text += "0"
    return text
