"""The accounts list's rows, worked out once per change instead of by every process at every
start: each account's row (its LoyaltyCard's class, strength, band and trend, last contact,
next follow-up) is kept beside the file under the stamp of what it was worked out from
(:mod:`.kept`), and brought to a new day from what it keeps beside it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields
from datetime import date
from typing import Any

from ..loyalty.card_day import DayInputs
from ..records.records import Record
from .cards import Shared, card_for
from .kept import Dated, Kept, json_of
from .reader import StoreReader
from .rows import (
    PENDING,
    AccountRow,
    CardSummary,
    account_row,
    row_on,
    settings_of,
    summary_of,
    with_card,
)

KIND = "row"
_FIELDS = tuple(f.name for f in fields(AccountRow))
_TUPLES = [n for n, f in enumerate(fields(AccountRow)) if str(f.type).startswith("tuple")]


class RowCache:
    """The accounts list's rows kept (:class:`.kept.Kept`), each with the inputs of its
    LoyaltyCard's strength, so that a row kept on another day is brought to today without
    reading the account's records (:func:`.rows.row_on`)."""

    def __init__(self, store: Any, today: date, settings: Mapping[str, Any]) -> None:
        self._kept = Kept(store, KIND)
        self._day = today.isoformat()
        self._today = today
        self._settings = settings
        self._redated: list[tuple[str, AccountRow]] = []

    def kept(self) -> dict[str, AccountRow]:
        """The rows kept for accounts that have not changed since, as they stand today."""
        rows = {}
        redated: list[tuple[str, AccountRow]] = []
        for account_id, value in self._kept.values().items():
            row = _from_values(json_of(value.text))
            if row is None or row.cls == PENDING:
                continue
            if value.day != self._day:
                inputs = self._kept.inputs(account_id)
                if inputs is None:
                    continue
                row = row_on(row, inputs, self._today, self._settings)
                redated.append((account_id, row))
            rows[account_id] = row
        self._redated = redated
        return rows

    def keep_redated(self) -> None:
        """Keep the rows :meth:`kept` brought to today (after they are shown)."""
        self._kept.keep((a, Dated(self._day, _text(row), "")) for a, row in self._redated)
        self._redated = []

    def keep(self, rows: Iterable[tuple[AccountRow, DayInputs | None]]) -> None:
        """Keep rows worked out today with their cards' inputs."""
        done = [(row, inputs) for row, inputs in rows if row.cls != PENDING]
        self._kept.keep(
            ((row.id, Dated(self._day, _text(row), "")) for row, _ in done),
            ((row.id, inputs) for row, inputs in done),
        )


def _text(row: AccountRow) -> str:
    """A row as kept: its fields' values in their order (a JSON array)."""
    return json.dumps([getattr(row, name) for name in _FIELDS], ensure_ascii=False)


def _from_values(values: Any) -> AccountRow | None:
    if not isinstance(values, list) or len(values) != len(_FIELDS):
        return None
    try:
        for at in _TUPLES:
            values[at] = tuple(values[at])
        return AccountRow(*values)
    except TypeError:
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
    settings = settings_of(store)
    cache = RowCache(store, today, settings)
    kept = cache.kept()
    needing = accounts_needing(store, kept)
    pending = [account_row(store, a, today, settings) for a in needing]
    yield [*kept.values(), *pending], {}
    cache.keep_redated()
    shared = Shared(store)
    for start in range(0, len(pending), chunk):
        summaries = {}
        done = []
        for row in pending[start : start + chunk]:
            if store.get("accounts", row.id) is not None:
                card = card_for(store, row.id, today, shared=shared)
                summary = summaries[row.id] = summary_of(card)
                done.append((with_card(row, summary), card.inputs))
        cache.keep(done)
        yield [], summaries
