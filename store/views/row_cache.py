"""The accounts list's rows, worked out once per change instead of by every process at every
start: each account's row (its LoyaltyCard's class, strength, band and trend, last contact,
next follow-up) is kept beside the file under the stamp of what it was worked out from
(:mod:`.kept`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date
from typing import Any

from ..records.records import Record
from .cards import Shared
from .kept import Kept
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
_TUPLES = {f.name for f in fields(AccountRow) if str(f.type).startswith("tuple")}


class RowCache:
    """The accounts list's rows kept (:class:`.kept.Kept`)."""

    def __init__(self, store: Any, today: date) -> None:
        self._kept = Kept(store, today, KIND)

    def kept(self) -> dict[str, AccountRow]:
        """The rows kept for accounts that have not changed since."""
        rows = {}
        for account_id, text in self._kept.texts().items():
            row = _row(text)
            if row is not None and row.cls != PENDING:
                rows[account_id] = row
        return rows

    def keep(self, rows: Iterable[AccountRow]) -> None:
        self._kept.keep(
            (row.id, json.dumps(asdict(row), ensure_ascii=False))
            for row in rows
            if row.cls != PENDING
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
