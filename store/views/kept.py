"""What is worked out per account, kept beside the file (the store's ``derived``) under a
stamp that joins

* the account's own stamp from the store (it changes when the account or any record of it
  does: responses, contacts, interactions, promises, complaints, follow-ups, plan items);
* what every card reads: the waves, questionnaires and settings (their versions);
* the code that computes it.

A value whose stamp still matches is used as kept; the others are worked out and kept. The
day is not in the stamp: each value is kept with the day it was worked out for and what
moves with the day (the strength, days since the last contact, overdue follow-ups) beside
it, so on another day it is brought up to date from that (:mod:`..loyalty.card_day`)
instead of from the records. A store that cannot stamp its accounts cheaply (a file not read
in place, a database, the file as it stood on a day) keeps nothing: everything is worked
out, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ..loyalty.card_day import DayInputs
from .card_codec import inputs_from, to_data
from .reader import StoreReader

_GLOBAL_TABLES = ("waves", "questionnaires", "settings")


@cache
def _code() -> str:
    """A fingerprint of the code that computes what is kept (a new Rapport works it out anew)."""
    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted([*here.glob("*.py"), *(here.parent / "loyalty").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _shared_stamp(store: StoreReader) -> str:
    digest = hashlib.blake2b(digest_size=8)
    digest.update(_code().encode())
    for table in _GLOBAL_TABLES:
        for record in sorted(store.all(table), key=lambda r: str(r["id"])):
            digest.update(f"|{table}:{record['id']}:{record.get('rev')}".encode())
    return digest.hexdigest()


def json_of(text: str) -> Any:
    """``text`` decoded from JSON, or None if it is not JSON (what is kept is derived: a
    value that does not decode is worked out again)."""
    try:
        return json.loads(text)
    except ValueError:
        return None


class Dated(NamedTuple):
    """A value kept: the day it was worked out for, its text, and what of it moves with the
    day (text; "" when ``text`` holds all of it)."""

    day: str
    text: str
    moving: str


class Kept:
    """The values of one ``kind`` kept for a store's accounts, and beside them (once per
    account and wave, shared by the list's rows and the portfolio's cards) the inputs of the
    account's strength that bring a value to another day (:mod:`..loyalty.card_day`). The
    inputs are read only when a value was kept on another day, and written only when the
    account changed."""

    def __init__(self, store: Any, kind: str, wave: str | None = None) -> None:
        self.store = store
        self.kind = kind
        self.inputs_kind = f"inputs:{wave or ''}"
        self._inputs: dict[str, str] | None = None
        stamps = store.account_stamps()
        self.stamps: dict[str, str] | None = None
        if stamps is not None:
            shared = _shared_stamp(store)
            self.stamps = {a: f"{s}/{shared}" for a, s in stamps.items()}

    def values(self) -> dict[str, Dated]:
        """{account id: the value kept} for the accounts that have not changed since."""
        if not self.stamps:
            return {}
        found: dict[str, str] = self.store.derived.get(self.kind, self.stamps)
        values = {}
        for account, kept in found.items():
            parts = kept.split("\n")
            if len(parts) == 3:
                values[account] = Dated(*parts)
        return values

    def texts(self, part: str) -> dict[str, str]:
        """{account id: text} of another part of the values (kept apart, under the same
        stamps: read only by those who need it), for the accounts that have not changed."""
        if not self.stamps:
            return {}
        found: dict[str, str] = self.store.derived.get(f"{self.kind}/{part}", self.stamps)
        return found

    def keep_texts(self, part: str, texts: Iterable[tuple[str, str]]) -> None:
        """Keep ``(account id, text)`` pairs of another part (:meth:`texts`)."""
        if self.stamps:
            stamps = self.stamps
            self.store.derived.put(
                f"{self.kind}/{part}", ((a, stamps[a], t) for a, t in texts if a in stamps)
            )

    def inputs(self, account: str) -> DayInputs | None:
        """The inputs kept for the account's strength (None when there are none)."""
        if self._inputs is None:
            self._inputs = self.store.derived.get(self.inputs_kind, self.stamps or {})
        text = self._inputs.get(account)
        if text is None:
            return None
        try:
            return inputs_from(json.loads(text))
        except (ValueError, TypeError, IndexError, KeyError):
            return None

    def keep(
        self,
        values: Iterable[tuple[str, Dated]],
        inputs: Iterable[tuple[str, DayInputs | None]] = (),
    ) -> None:
        """Keep ``(account id, value)`` pairs and ``(account id, inputs)`` pairs under the
        accounts' stamps of now."""
        if not self.stamps:
            return
        stamps = self.stamps
        self.store.derived.put(
            self.kind, ((a, stamps[a], "\n".join(value)) for a, value in values if a in stamps)
        )
        self.store.derived.put(
            self.inputs_kind,
            (
                (a, stamps[a], json.dumps(to_data(given), ensure_ascii=False))
                for a, given in inputs
                if a in stamps and given is not None
            ),
        )
