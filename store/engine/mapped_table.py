"""A big table read in place: the records as the last fold wrote them, through the map
(``mapped.py``), under the saves made since (from the journal), kept in memory.

It answers everything :class:`~.table.Table` answers, so the rest of the engine does not
know which it has: a record is looked up in the saves since the fold first, then in the
file; what a save removed is hidden. Only what is asked for is decoded.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..records.records import Record, dumps, freeze, loads
from ..records.schema import ALL_TABLES, FIELDS
from .layout import Run
from .mapped import Base, build, describe, open_base, read_in_place
from .runs import table_runs
from .table import Table, rev_in

_SCAN_OVER = 64
"""Looking for the records of more than one account in this many, :meth:`MappedTable.dated`
reads the index once for all records instead of once per account."""


class MappedTable(Table):
    def __init__(self, name: str, base: Base) -> None:
        super().__init__(name)
        self.compact = True
        self._base = base
        self._over: dict[str, str | None] = {}
        """Record id -> its text saved since the fold, or None: removed since."""
        self._over_account: dict[str, str] = {}
        """Record id -> its account, for the records in ``_over``."""
        self._size = base.counts.get(name, 0)
        self._has_account = "account" in FIELDS.get(name, {}) or name not in FIELDS

    @property
    def base(self) -> Base:
        return self._base

    def rebase(self, base: Base) -> None:
        """The file was folded and now holds everything: read it through ``base``."""
        self._base = base
        self._over.clear()
        self._over_account.clear()
        self.by_account = {} if self.by_account is not None else None
        self._size = base.counts.get(self.name, 0)

    # -- what the file and the saves since hold together ----------------------------------

    def __len__(self) -> int:
        return self._size

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, str):
            return False
        if record_id in self._over:
            return self._over[record_id] is not None
        return self._base.contains(self.name, record_id)

    def ids(self) -> Iterator[str]:
        over = self._over
        kept = [i for i in self._base.ids(self.name) if i not in over]
        return iter(kept + [i for i, text in over.items() if text is not None])

    def id_texts(self) -> tuple[list[str], list[str | None]]:
        ids = list(self.ids())
        return ids, [self.text(i) for i in ids]

    def revs(self) -> Iterator[tuple[str, str | None]]:
        """``(id, rev)`` of every record in the order of their ids: the file's from the
        index (nothing decoded, no page read), the saves since from their texts."""
        over = self._over
        if not over:
            return self._base.revs(self.name)
        saved = sorted((i, rev_in(text)) for i, text in over.items() if text is not None)
        return _with_saves(self._base.revs(self.name), over, saved)

    def absent(self, ids: list[str]) -> set[str]:
        over = self._over
        asked = set(ids).difference(over)
        gone = {i for i in ids if i in over and over[i] is None} if over else set()
        held = self._base.present(self.name, list(asked)) if asked else set()
        return gone | asked.difference(held)

    def text(self, record_id: str) -> str | None:
        if record_id in self._over:
            return self._over[record_id]
        return self._base.text(self.name, record_id)

    def get(self, record_id: str) -> Record | None:
        text = self.text(record_id)
        return None if text is None else freeze(loads(text))

    def __iter__(self) -> Iterator[Record]:
        over = self._over
        for record_id, text in self._base.rows(self.name):
            if record_id not in over:
                yield freeze(loads(text))
        for text in list(over.values()):
            if text is not None:
                yield freeze(loads(text))

    def with_words(self, words: tuple[str, ...]) -> Iterator[Record]:
        for text in self.texts():
            folded = text.casefold()
            if all(w in folded for w in words):
                yield freeze(loads(text))

    def texts(self) -> Iterator[str]:
        """Every record's text (a fold writes them), without decoding any."""
        over = self._over
        for record_id, text in self._base.rows(self.name):
            if record_id not in over:
                yield text
        for text in list(over.values()):
            if text is not None:
                yield text

    def pieces(self) -> Iterator[str | Run]:
        """What a fold writes of this table: the records nobody saved since the fold as
        runs of the file's own bytes (``runs.py``), then the texts saved since."""
        over = self._over
        yield from table_runs(self._base, self.name, over)
        for text in list(over.values()):
            if text is not None:
                yield text

    # -- saves -----------------------------------------------------------------------------

    def put(
        self, record: dict[str, Any] | Record, text: str | None = None, *, absent: bool = False
    ) -> None:
        record_id = record["id"]
        over = self._over
        if record_id in over:
            if over[record_id] is None:
                self._size += 1
        elif absent or not self._base.contains(self.name, record_id):
            self._size += 1
        self._over[record_id] = text if text is not None else dumps(record)
        account = record.get("account")
        if isinstance(account, str) and account:
            self._over_account[record_id] = account
        else:
            self._over_account.pop(record_id, None)

    def put_text(self, record_id: str, text: str, *, trusted: bool = False) -> None:
        self._put_decoded(record_id, text)  # into the saves since the fold, decoded

    def remove(self, record_id: str) -> None:
        if record_id in self:
            self._size -= 1
        self._over[record_id] = None
        self._over_account.pop(record_id, None)

    # -- one account's records --------------------------------------------------------------

    def _of_account(self, account_id: str) -> dict[str, str | None]:
        """{record id: date or None} of the account's records, as they are now."""
        if not self._has_account:
            return {}
        over = self._over
        found = {
            i: d for i, d in self._base.of_account(self.name, account_id).items() if i not in over
        }
        for record_id, account in self._over_account.items():
            if account == account_id:
                text = over[record_id]
                found[record_id] = describe(self.name, text.encode())[1] if text else None
        return found

    def for_account(self, account_id: str) -> list[Record]:
        over = self._over
        found = [
            freeze(loads(text))
            for record_id, text in self._base.texts_of_account(self.name, account_id)
            if record_id not in over
        ]
        for record_id, account in self._over_account.items():
            text = over[record_id]
            if account == account_id and text is not None:
                found.append(freeze(loads(text)))
        return found

    def for_account_holding(self, account_id: str, needles: tuple[str, ...]) -> list[Record]:
        over = self._over
        out = []
        for record_id, text in self._base.texts_of_account(self.name, account_id):
            if record_id not in over and any(n in text for n in needles):
                out.append(freeze(loads(text)))
        for record_id, account in self._over_account.items():
            text = over[record_id]
            if account == account_id and text and any(n in text for n in needles):
                out.append(freeze(loads(text)))
        return out

    def dated(self, wanted: Mapping[str, Collection[str]]) -> list[Record]:
        if len(wanted) * _SCAN_OVER <= self._size:
            return super().dated(wanted)  # one query per account
        # many accounts: one pass over the index's (id, account, date) of every record on
        # the days asked about, decoding the texts of those wanted
        over, base = self._over, self._base
        none: tuple[str, ...] = ()
        days = set().union(*wanted.values())
        found = [
            freeze(loads(base.text_at(off, length)))
            for i, account, day, off, length in base.dated(self.name, days)
            if day in wanted.get(account or "", none) and i not in over
        ]
        for record_id, account in self._over_account.items():
            text = over[record_id]
            day = describe(self.name, text.encode())[1] if text and account in wanted else None
            if text and day in wanted.get(account, none):
                found.append(freeze(loads(text)))
        return found

    def _dates_of(self, account_id: str) -> Mapping[str, str | None]:
        return self._of_account(account_id)

    def count_for(self, account_id: str) -> int:
        return len(self._of_account(account_id))

    def dates_for(self, account_id: str) -> list[str]:
        return [d for d in self._of_account(account_id).values() if d]

    def date_of(self, account_id: str, record_id: str) -> str | None:
        return self._of_account(account_id).get(record_id)


def _with_saves(
    kept: Iterator[tuple[str, str | None]],
    over: dict[str, str | None],
    saved: list[tuple[str, str | None]],
) -> Iterator[tuple[str, str | None]]:
    """The file's ``(id, rev)`` rows but those saved since (``over``), with the ``saved``
    ones (few, in id order) put in their places."""
    at, until = 0, len(saved)
    for row in kept:
        if row[0] in over:
            continue
        while at < until and saved[at][0] < row[0]:
            yield saved[at]
            at += 1
        yield row
    yield from saved[at:]


def read_in_place_tables(
    path: Path, index: Path, *, write_index: bool, schema: int
) -> tuple[Base, dict[str, Table]] | None:
    """The tables of the data file at ``path`` read through its index (built first if it is
    missing or stale, in memory only unless ``write_index``): the big ones in place, the
    others decoded now. None when the file is not exactly as Rapport wrote it at ``schema``
    (it is then read whole: refused, or migrated)."""
    base = open_base(path, index) or build(path, index, in_memory=not write_index, schema=schema)
    if base is None:
        return None
    return base, tables_of(base)


def tables_of(base: Base, *, small: bool = True) -> dict[str, Table]:
    """The big tables read in place through ``base``; with ``small``, the others decoded."""
    tables: dict[str, Table] = {}
    for name in [*ALL_TABLES, *(n for n in base.tables() if n not in ALL_TABLES)]:
        if read_in_place(name):
            tables[name] = MappedTable(name, base)
        elif small:
            table = tables[name] = Table(name)
            table.load(base.rows(name), trusted=True)
    return tables
