"""A LoyaltyCard as plain JSON data and back, exactly (for keeping cards beside the file):
the card's dataclasses field by field, records as objects, tuples as lists, dates as ISO
text. Reading goes by the dataclasses' own type hints, so a field added to a card is kept
without changing this module."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any

from ..loyalty.card import Card
from ..records.records import freeze


def to_data(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


Decoder = Callable[[Any], Any] | None
"""What turns a JSON value back into a field's value; None: it is the value itself."""


def _frozen_if_container(value: Any) -> Any:
    return freeze(value) if isinstance(value, dict | list) else value


@cache
def _decoder(hint: Any) -> Decoder:
    """The decoder of one type hint, worked out once per type (a card has hundreds of values)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decoder(options[0]) if len(options) == 1 else None
    if isinstance(hint, type) and is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        plan = [(f.name, _decoder(hints[f.name])) for f in fields(hint)]

        def dataclass_of(data: Any, cls: Any = hint) -> Any:
            return cls(
                **{
                    name: data[name] if d is None or data[name] is None else d(data[name])
                    for name, d in plan
                }
            )

        return dataclass_of
    if origin is tuple:
        args = typing.get_args(hint)
        item = _decoder(args[0]) if args else None
        if item is None:
            return tuple
        return lambda data: tuple(v if v is None else item(v) for v in data)
    if hint is date:
        return date.fromisoformat
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return freeze
    if hint is typing.Any:
        return _frozen_if_container
    return None


def from_data(data: Mapping[str, Any]) -> Card:
    decode = _decoder(Card)
    assert decode is not None
    card: Card = decode(data)
    return card
