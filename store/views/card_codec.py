"""A LoyaltyCard as plain JSON data and back, exactly (for keeping cards beside the file).

Each dataclass is a list of its fields' values in their order, tuples are lists, dates ISO
text, mappings objects. The card's account and wave are not written: they are the records
the store holds (a kept card is used only while its account and the waves are unchanged,
:mod:`.kept`), so the reader passes them back in. Reading goes by the dataclasses' own type
hints, so a field added to a card is kept without changing this module; the code's
fingerprint in the kept stamp retires cards kept by another version.

At 20,000 accounts the portfolio reads every card: lists instead of objects halve the text
to parse, and each dataclass is filled in by a function written for its fields.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from ..loyalty.card import DAY_FIELDS, Card
from ..loyalty.card_day import DayInputs
from ..records.records import Record, freeze

_NOT_WRITTEN = ("account", "wave", "inputs")
"""The card's fields written as nothing (its account, its strength's inputs: the reader
passes them back) and as the wave's id (its wave)."""


_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of a dataclass, in order; None for any other type."""
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


def to_data(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _field_names(kind)
    if names is not None:
        return [to_data(getattr(value, name)) for name in names]
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


DETAIL_FIELDS = ("factors", "plan_progress")
"""What a card shows in full but the portfolio never reads: the factor rows and the action
plan's progress, most of a kept card's text (:func:`detail_data`)."""


def without_detail(card: Card) -> Card:
    """The card without its :data:`DETAIL_FIELDS` (empty), as the portfolio holds it."""
    return replace(card, factors=(), plan_progress=())


def card_data(card: Card) -> list[Any]:
    """The card as data, without its account and inputs, its wave as the wave's id and
    without what moves with the day (:data:`~..loyalty.card.DAY_FIELDS`: :func:`day_data`)
    or its detail (:func:`detail_data`)."""
    data = []
    for f in fields(card):
        if f.name in ("account", "inputs") or f.name in DAY_FIELDS or f.name in DETAIL_FIELDS:
            data.append(None)
        elif f.name == "wave":
            data.append(card.wave["id"] if card.wave is not None else None)
        else:
            data.append(to_data(getattr(card, f.name)))
    return data


def detail_data(card: Card) -> list[Any]:
    """The card's :data:`DETAIL_FIELDS`, as data (kept apart: the portfolio skips them)."""
    return [to_data(getattr(card, name)) for name in DETAIL_FIELDS]


def day_data(card: Card) -> list[Any]:
    """What moves with the day on a card (:data:`~..loyalty.card.DAY_FIELDS`), as data: a
    card brought to another day writes only this again."""
    return [to_data(getattr(card, name)) for name in DAY_FIELDS]


Decoder = Callable[[Any], Any] | None
"""What turns a JSON value back into a field's value; None: it is the value itself."""


def _frozen_if_container(value: Any) -> Any:
    return freeze(value) if isinstance(value, dict | list) else value


@cache
def _decoder(hint: Any, frozen: bool = True) -> Decoder:
    """The decoder of one type hint, worked out once per type (a card has hundreds of values);
    with ``frozen`` false, mappings and lists stay as JSON made them (for what only Rapport
    reads, never handed to a caller as a record)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decoder(options[0], frozen) if len(options) == 1 else None
    if isinstance(hint, type) and is_dataclass(hint):
        return _dataclass_decoder(hint, frozen)
    if origin is tuple:
        args = typing.get_args(hint)
        item = _decoder(args[0], frozen) if args else None
        if item is None:
            return tuple
        return lambda data: tuple([v if v is None else item(v) for v in data])
    if hint is date:
        return date.fromisoformat
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return freeze if frozen else None
    if hint is typing.Any:
        return _frozen_if_container if frozen else None
    return None


def _dataclass_decoder(cls: type, frozen: bool) -> Callable[[Any], Any]:
    """A function making ``cls`` from the list of its fields' values, written out for its
    fields. The card's frozen dataclasses (no ``__post_init__``) are filled in directly, not
    through ``__init__``, which sets each field through ``object.__setattr__``."""
    hints = typing.get_type_hints(cls)
    env: dict[str, Any] = {"cls": cls, "new": object.__new__}
    values = []
    for i, f in enumerate(fields(cls)):
        decode = None if cls is Card and f.name in _NOT_WRITTEN else _decoder(hints[f.name], frozen)
        if decode is None:
            values.append(f"{f.name!r}: data[{i}]")
        else:
            env[f"d{i}"] = decode
            values.append(f"{f.name!r}: None if (v := data[{i}]) is None else d{i}(v)")
    source = (
        "def dataclass_of(data):\n"
        "    made = new(cls)\n"
        f"    made.__dict__.update({{{', '.join(values)}}})\n"
        "    return made\n"
    )
    exec(source, env)  # the code is written here from the dataclass's own fields
    made: Callable[[Any], Any] = env["dataclass_of"]
    return made


def from_data(
    data: list[Any],
    day: list[Any],
    account: Record,
    wave_of: Callable[[str], Record | None],
    inputs: DayInputs | None = None,
    detail: list[Any] | None = None,
) -> Card:
    """The card of :func:`card_data` and :func:`day_data`, given its account, how to find a
    wave by id, (to bring it to another day) its strength's inputs, and its
    :func:`detail_data` (None: the card :func:`without_detail`)."""
    decode = _decoder(Card)
    assert decode is not None
    card: Card = decode(data)
    wave_id = card.wave
    found = card.__dict__
    found["account"] = account
    found["wave"] = None if wave_id is None else wave_of(str(wave_id))
    found["inputs"] = inputs
    for (name, decode_day), value in zip(_day_decoders(), day, strict=True):
        found[name] = value if decode_day is None or value is None else decode_day(value)
    if detail is None:
        found.update(dict.fromkeys(DETAIL_FIELDS, ()))
    else:
        for (name, decode_detail), value in zip(_detail_decoders(), detail, strict=True):
            found[name] = value if decode_detail is None else decode_detail(value)
    return card


@cache
def _day_decoders() -> tuple[tuple[str, Decoder], ...]:
    hints = typing.get_type_hints(Card)
    return tuple((name, _decoder(hints[name])) for name in DAY_FIELDS)


@cache
def _detail_decoders() -> tuple[tuple[str, Decoder], ...]:
    hints = typing.get_type_hints(Card)
    return tuple((name, _decoder(hints[name])) for name in DETAIL_FIELDS)


def inputs_from(data: list[Any]) -> DayInputs:
    """The inputs of a card's strength written by :func:`to_data` (not frozen: only the
    strength reads them)."""
    decode = _decoder(DayInputs, False)
    assert decode is not None
    inputs: DayInputs = decode(data)
    return inputs
