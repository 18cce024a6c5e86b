"""The accounts list's rows, worked out once per change instead of by every process at every
start: each account's row (its LoyaltyCard's class, strength, band and trend, last contact,
next follow-up) is kept beside the file (the store's ``derived``) with the stamp of what
it was worked out from. The stamp joins

* the account's own stamp from the store (it changes when the account or any record of it
  does: responses, contacts, interactions, promises, complaints, follow-ups, plan items);
* what every card reads: the waves, questionnaires and settings (their versions);
* the day (cadences and overdue follow-ups move with it) and the code that computes a row.

A row whose stamp still matches is used as kept; the others are worked out and kept. A
store that cannot stamp its accounts cheaply (a file not read in place, a database) keeps
nothing: every row is worked out, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ..records.records import Record
from .cards import Shared
from .reader import StoreReader
from .rows import (
    PENDING,
    AccountRow,
    CardSummary,
    account_row,
    card_summary,
    settings_of,
    with_card,
)

KIND = "row"
_GLOBAL_TABLES = ("waves", "questionnaires", "settings")
_TUPLES = {f.name for f in fields(AccountRow) if str(f.type).startswith("tuple")}


@cache
def _code() -> str:
    """A fingerprint of the code that computes a row (a new Rapport works them out anew)."""
    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted([*here.glob("*.py"), *(here.parent / "loyalty").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _shared_stamp(store: StoreReader, today: date) -> str:
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{_code()}|{today.isoformat()}".encode())
    for table in _GLOBAL_TABLES:
        for record in sorted(store.all(table), key=lambda r: str(r["id"])):
            digest.update(f"|{table}:{record['id']}:{record.get('rev')}".encode())
    return digest.hexdigest()


class RowCache:
    """The kept rows of one store on one day; ``None`` stamps: nothing is kept."""

    def __init__(self, store: Any, today: date) -> None:
        self.store = store
        stamps = store.account_stamps()
        self.stamps: dict[str, str] | None = None
        if stamps is not None:
            shared = _shared_stamp(store, today)
            self.stamps = {a: f"{s}/{shared}" for a, s in stamps.items()}

    def kept(self) -> dict[str, AccountRow]:
        """The rows kept for accounts that have not changed since."""
        if not self.stamps:
            return {}
        values = self.store.derived.get(KIND, self.stamps)
        rows = {}
        for account_id, text in values.items():
            row = _row(text)
            if row is not None and row.cls != PENDING:
                rows[account_id] = row
        return rows

    def keep(self, rows: Iterable[AccountRow]) -> None:
        if not self.stamps:
            return
        stamps = self.stamps
        self.store.derived.put(
            KIND,
            (
                (row.id, stamps[row.id], json.dumps(asdict(row), ensure_ascii=False))
                for row in rows
                if row.id in stamps and row.cls != PENDING
            ),
        )


def _row(text: str) -> AccountRow | None:
    try:
        data: dict[str, Any] = json.loads(text)
        for name in _TUPLES:
            data[name] = tuple(data[name])
        return AccountRow(**data)
    except (ValueError, TypeError, KeyError):
        return None


def accounts_needing(store: StoreReader, kept: dict[str, AccountRow]) -> list[Record]:
    """The accounts whose rows were not kept (every account when none were)."""
    if not kept:
        return list(store.all("accounts"))
    stamps_ids = [a for a in _ids(store) if a not in kept]
    return [a for a in (store.get("accounts", i) for i in stamps_ids) if a is not None]


def _ids(store: StoreReader) -> list[str]:
    ids = getattr(store, "ids", None)
    if ids is not None:
        return list(ids("accounts"))
    return [a["id"] for a in store.all("accounts")]


def list_rows(
    store: StoreReader, today: date, chunk: int
) -> Iterator[tuple[list[AccountRow], dict[str, CardSummary]]]:
    """The accounts list in stages: first every account's row (a kept row whole, the others
    with their LoyaltyCard columns pending) with no cards, then the cards of the others,
    ``chunk`` accounts at a time (about a millisecond each), each kept as it comes."""
    cache = RowCache(store, today)
    kept = cache.kept()
    needing = accounts_needing(store, kept)
    settings = settings_of(store)
    pending = [account_row(store, a, today, settings) for a in needing]
    yield [*kept.values(), *pending], {}
    shared = Shared(store)
    for start in range(0, len(pending), chunk):
        cards = {}
        done = []
        for row in pending[start : start + chunk]:
            if store.get("accounts", row.id) is not None:
                card = cards[row.id] = card_summary(store, row.id, today, shared)
                done.append(with_card(row, card))
        cache.keep(done)
        yield [], cards
