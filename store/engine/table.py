"""One table of records in memory, with an index by account.

The few tables read all the time (accounts, waves, questionnaires, settings) keep each
record as a read-only mapping. All others keep each record as its JSON text and decode it
when asked: at 20,000 accounts and 400,000 interactions that holds memory near the file's
size instead of several times it. Opening indexes those records by account from the start
of their text, without decoding them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from ..records.records import Record, dumps, freeze, loads
from ..records.schema import BIG_TABLES, FIELDS
from .layout import Run

_HEAD = re.compile(
    r'\{"id":"([0-9a-z]{12})","version":\d+,"rev":"[0-9a-f]*","created_at":"[^"]*",'
    r'"updated_at":"[^"]*","updated_by":"(?:[^"\\]|\\.)*","account":"([0-9a-z]{12})"'
    r'(?:,"date":"(\d{4}-\d\d-\d\d)")?'
)
"""The start of a record as Rapport writes it: enough to index it without decoding it."""
_REV = re.compile(r'\{"id":"[0-9a-z]{12}","version":\d+,"rev":"([0-9a-f]*)"')


def rev_in(text: str) -> str | None:
    """A record's rev read from the start of its text as Rapport writes it, or None."""
    found = _REV.match(text)
    return found.group(1) if found else None


class DamagedRecord(ValueError):
    """A record in a file is not a JSON object."""

    def __init__(self, record_id: str) -> None:
        super().__init__(f"record {record_id} is damaged")
        self.record_id = record_id


class Table:
    def __init__(self, name: str, *, by_account: bool = True) -> None:
        self.name = name
        self.compact = name in BIG_TABLES
        self._rows: dict[str, Any] = {}
        fields = FIELDS.get(name, {})
        self.by_account: dict[str, dict[str, str | None]] | None = (
            {} if by_account and "account" in fields else None
        )
        """account id -> {record id: the record's date (interactions) or None}; None for a
        table without accounts, or one only checked (``rapport check`` reads every record)."""
        self._date_field = "date" if name == "interactions" else None

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._rows

    def ids(self) -> Iterator[str]:
        return iter(list(self._rows))

    def id_texts(self) -> tuple[list[str], list[str | None]]:
        """The ids of the records and their texts, in the same order (a snapshot)."""
        rows = self._rows
        ids = list(rows)
        return ids, [r if r is None or r.__class__ is str else dumps(r) for r in rows.values()]

    def absent(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` no record of this table has (asked at once by a big save)."""
        rows = self._rows
        return {i for i in ids if i not in rows}

    def get(self, record_id: str) -> Record | None:
        row = self._rows.get(record_id)
        if row is None:
            return None
        if self.compact:
            return freeze(loads(row))
        if isinstance(row, str):  # read from the file, not asked for until now
            row = self._rows[record_id] = freeze(loads(row))
        return row  # type: ignore[no-any-return]

    def text(self, record_id: str) -> str | None:
        """The record as JSON text (what is written to the file)."""
        row = self._rows.get(record_id)
        if row is None or isinstance(row, str):
            return row
        return dumps(row)

    def revs(self) -> Iterator[tuple[str, str | None]]:
        """``(id, rev)`` of every record in the order of their ids, without decoding any
        (None where the text does not start as Rapport writes it: the caller decodes it)."""
        rows = self._rows
        for record_id in sorted(rows):
            row = rows.get(record_id)
            if isinstance(row, str):
                yield record_id, rev_in(row)
            elif row is not None:
                rev = row.get("rev")
                yield record_id, rev if isinstance(rev, str) else None

    def with_words(self, words: tuple[str, ...]) -> Iterator[Record]:
        """The records whose text, case folded, holds every one of ``words`` (case folded
        already): a cheap sieve that decodes only those."""
        for record_id in list(self._rows):
            text = self.text(record_id)
            if text is not None:
                folded = text.casefold()
                if all(w in folded for w in words):
                    record = self.get(record_id)
                    if record is not None:
                        yield record

    def texts(self) -> Iterator[str]:
        """Every record's text (what a fold writes)."""
        for record_id in list(self._rows):
            text = self.text(record_id)
            if text is not None:
                yield text

    def pieces(self) -> Iterator[str | Run]:
        """What a fold writes of this table (``layout.write_chunks``): every record's text."""
        return self.texts()

    def __iter__(self) -> Iterator[Record]:
        for record_id in list(self._rows):
            record = self.get(record_id)
            if record is not None:
                yield record

    def put(
        self, record: dict[str, Any] | Record, text: str | None = None, *, absent: bool = False
    ) -> None:
        """Store ``record`` (replacing any with its id); ``text`` is its JSON if already made;
        ``absent``: the caller knows that no record has its id yet."""
        record_id = record["id"]
        self._unindex(record_id)
        if self.compact:
            self._rows[record_id] = text if text is not None else dumps(record)
        else:
            self._rows[record_id] = freeze(dict(record))
        self._index(record)

    def load(self, rows: Iterable[tuple[str, str]], *, trusted: bool) -> None:
        """Fill this (empty) table from a file's ``(id, text)`` rows: :meth:`put_text` for
        each, with the common case (trusted texts indexed from their start) done inline."""
        if trusted and self.by_account is None:
            # accounts, waves... (and every table when checking): kept as read, each decoded
            # when first asked for
            self._rows.update(rows)
            return
        if not (self.compact and trusted and self.by_account is not None):
            for record_id, text in rows:
                try:
                    self.put_text(record_id, text, trusted=trusted)
                except ValueError as e:
                    raise DamagedRecord(record_id) from e
            return
        stored, index, match = self._rows, self.by_account, _HEAD.match
        dated = self._date_field is not None
        for record_id, text in rows:
            head = match(text)
            if head is None or head.group(1) != record_id:
                try:
                    self.put_text(record_id, text, trusted=True)
                except ValueError as e:
                    raise DamagedRecord(record_id) from e
                continue
            stored[record_id] = text
            account = head.group(2)
            bucket = index.get(account)
            if bucket is None:
                bucket = index[account] = {}
            bucket[record_id] = head.group(3) if dated else None

    def put_text(self, record_id: str, text: str, *, trusted: bool = False) -> None:
        """Store a record given as JSON text (when a file is opened).

        A ``trusted`` text (the file's check matched) is kept without decoding it when the
        table keeps texts. Otherwise it is decoded first, and ``ValueError`` is raised if it
        is not a JSON object: kept as it is, it would be written back damaged.
        """
        if self.compact and trusted:
            if self.by_account is None:
                self._rows[record_id] = text
                return
            head = _HEAD.match(text)
            if head is not None and head.group(1) == record_id:
                self._unindex(record_id)
                self._rows[record_id] = text
                date = head.group(3) if self._date_field else None
                self.by_account.setdefault(head.group(2), {})[record_id] = date
                return
        self._put_decoded(record_id, text)

    def _put_decoded(self, record_id: str, text: str) -> None:
        """Decode ``text``, refuse it (``ValueError``) unless it is a JSON object, store it."""
        record = loads(text)
        if not isinstance(record, dict):
            raise ValueError(f"{self.name} {record_id}: not a JSON object")
        record["id"] = record_id
        self.put(record, text)

    def remove(self, record_id: str) -> None:
        self._unindex(record_id)
        self._rows.pop(record_id, None)

    def for_account(self, account_id: str) -> list[Record]:
        if self.by_account is None:
            return [r for r in self if r.get("account") == account_id]
        ids = self.by_account.get(account_id, {})
        return [r for r in (self.get(i) for i in list(ids)) if r is not None]

    def for_account_holding(self, account_id: str, needles: tuple[str, ...]) -> list[Record]:
        """:meth:`for_account`, but only the records whose text holds one of ``needles``
        (decoding only those)."""
        if not self.compact or self.by_account is None:
            return [r for r in self.for_account(account_id) if any(n in dumps(r) for n in needles)]
        out = []
        for record_id in list(self.by_account.get(account_id, {})):
            text = self._rows.get(record_id)
            if text is not None and any(n in text for n in needles):
                out.append(freeze(loads(text)))
        return out

    def dated(self, wanted: Mapping[str, Collection[str]]) -> list[Record]:
        """The records (interactions) of each account of ``wanted`` dated on one of its
        dates, decoding only those."""
        ids = [
            i
            for account_id, days in wanted.items()
            for i, d in self._dates_of(account_id).items()
            if d in days
        ]
        return [r for r in (self.get(i) for i in ids) if r is not None]

    def _dates_of(self, account_id: str) -> Mapping[str, str | None]:
        """{record id: date or None} of the account's records."""
        if self.by_account is None:
            return {}
        return self.by_account.get(account_id, {})

    def count_for(self, account_id: str) -> int:
        if self.by_account is None:
            return 0
        return len(self.by_account.get(account_id, {}))

    def dates_for(self, account_id: str) -> list[str]:
        """The dates of an account's records without decoding them (interactions)."""
        if self.by_account is None:
            return []
        return [d for d in self.by_account.get(account_id, {}).values() if d]

    def date_of(self, account_id: str, record_id: str) -> str | None:
        """The date of one of an account's records without decoding it (interactions)."""
        if self.by_account is None:
            return None
        return self.by_account.get(account_id, {}).get(record_id)

    def _index(self, record: Record) -> None:
        if self.by_account is None:
            return
        account = record.get("account")
        if account:
            date = record.get(self._date_field) if self._date_field else None
            self.by_account.setdefault(account, {})[record["id"]] = date

    def _unindex(self, record_id: str) -> None:
        if self.by_account is None or record_id not in self._rows:
            return
        old = self.get(record_id)
        account = old.get("account") if old else None
        if account and account in self.by_account:
            self.by_account[account].pop(record_id, None)
            if not self.by_account[account]:
                del self.by_account[account]
