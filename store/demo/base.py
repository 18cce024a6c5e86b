"""Building blocks of the demo generator: weighted choices, ids, names, one account's state."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from ..records.defaults import DEFAULT_FACTORS, DEFAULT_SETTINGS, DEFAULT_STATEMENTS
from ..records.ids import encode60
from ..records.schema import FIELDS, TABLES
from . import words as w

Rec = dict[str, Any]
Weights = tuple[tuple[str, ...], tuple[float, ...]]
"""Choices and their cumulative weights, for ``rng.choices``."""

FACTORS = tuple(f["key"] for f in DEFAULT_FACTORS)
STATEMENTS = tuple((s["key"], s["factor"]) for s in DEFAULT_STATEMENTS)
CADENCE: dict[str, int] = DEFAULT_SETTINGS["cadence_days"]
NAMES = {table: ("id", *FIELDS[table]) for table in TABLES}
_MASK = (1 << 60) - 1


def cum(weights: dict[str, int]) -> Weights:
    return tuple(weights), tuple(accumulate(weights.values()))


ROLES = {k: cum(v) for k, v in w.ROLE_WEIGHTS.items()}
KINDS = {k: cum(v) for k, v in w.KIND_WEIGHTS.items()}
TYPES = {k: cum(v) for k, v in w.TYPE_WEIGHTS.items()}
TONED = frozenset({"call", "email", "meeting", "visit", "sale", "complaint"})
"""Kinds whose note ends with how the contact took it."""


def clamp(x: int, low: int, high: int) -> int:
    return low if x < low else high if x > high else x


def pick(rng: random.Random, table: Weights) -> str:
    return rng.choices(table[0], cum_weights=table[1])[0]


_FOLD = str.maketrans({"ø": "o", "ß": "ss", "ł": "l", "æ": "ae", "ı": "i", "đ": "d"})


def numbered(taken: set[str], make: Callable[[str], str]) -> str:
    """``make("")``, or ``make("2")``, ``make("3")``... until it is not yet ``taken``."""
    text, n = make(""), 1
    while text in taken:
        n += 1
        text = make(str(n))
    taken.add(text)
    return text


def slug(text: str) -> str:
    """``Müller & Søn`` -> ``muller-son``: ASCII for e-mail addresses and domains."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "-".join("".join(c if c.isalnum() else " " for c in text if c.isascii()).split())


_encode = encode60


class Ids:
    """Unique ids that look random: a seeded bijection of a counter onto 60 bits.

    Unlike 60 random bits it can never repeat, and it never gives 0 or 1 (the settings id).
    """

    def __init__(self, rng: random.Random) -> None:
        self.mul1, self.mul2 = rng.getrandbits(60) | 1, rng.getrandbits(60) | 1
        self.key, self.count = rng.getrandbits(60), 0

    def __call__(self) -> str:
        while True:
            self.count += 1
            x = (self.count * self.mul1) & _MASK
            x ^= x >> 29
            x = (x * self.mul2) & _MASK
            x ^= (x >> 32) ^ self.key
            if x > 1:
                return _encode(x)


@dataclass
class Account:
    """What the generator keeps about one account while it makes the account's records."""

    id: str
    tier: str
    b2c: bool
    health: tuple[float, float, float]
    """Latent satisfaction (1..5) at each survey wave."""
    stage: str
    since: int
    """Days since the relationship began."""
    activity: float
    name: str = ""
    owner: str = ""
    contacts: list[tuple[str, str, bool]] = field(default_factory=list)
    """(id, first name, decision maker)."""
