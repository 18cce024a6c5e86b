"""Reading the records and undoing this session's changes, over the tables a store holds in
memory: the same calls for the file's store and for the server's (``store/postgres``), so no
backend writes them again. The class using it provides ``_table(name)``, ``transaction()``
and ``_undo`` (this session's change sets).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

from ..errors import NotFound
from ..records.records import Record
from .table import Table
from .transaction import ChangeSet
from .undo import rebased, reverse


class TableReads:
    """Mixed in before the backend's own classes (which provide ``_table``, ``transaction``
    and ``_undo``): nothing here is defined twice."""

    _undo: list[ChangeSet]
    _table: Callable[[str], Table]
    transaction: Callable[..., Any]

    # -- undo ----------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def last_change(self) -> ChangeSet | None:
        return self._undo[-1] if self._undo else None

    def undo(self) -> ChangeSet | None:
        """Take back this session's last change (even though it was saved).

        Raises :class:`ConflictError` (and keeps the change undoable) if someone else
        changed one of its records since.
        """
        if not self._undo:
            return None
        change_set = self._undo.pop()
        try:
            with self.transaction(f"undo {change_set.label}", undoable=False) as tx:
                for change in reversed(change_set.changes):
                    reverse(tx, change)
        except BaseException:
            self._undo.append(change_set)
            raise
        if tx.result:
            self._undo = [rebased(earlier, change_set, tx.result) for earlier in self._undo]
        return tx.result

    # -- reading -------------------------------------------------------------------------

    def get(self, table: str, record_id: str) -> Record | None:
        return self._table(table).get(record_id)

    def require(self, table: str, record_id: str) -> Record:
        record = self.get(table, record_id)
        if record is None:
            raise NotFound(table, record_id)
        return record

    def all(self, table: str) -> Iterator[Record]:
        return iter(self._table(table))

    def all_with_words(self, table: str, words: Iterable[str]) -> Iterator[Record]:
        """The records whose text, case folded, holds every one of ``words`` (a cheap sieve,
        decoding only those; the caller still checks the fields it means)."""
        return self._table(table).with_words(tuple(w.casefold() for w in words))

    def count(self, table: str) -> int:
        return len(self._table(table))

    def for_account(self, table: str, account_id: str) -> list[Record]:
        return self._table(table).for_account(account_id)

    def for_account_holding(
        self, table: str, account_id: str, needles: Iterable[str]
    ) -> list[Record]:
        """The account's records whose stored text holds one of ``needles`` (a cheap first
        sieve, such as ``'"kind":"gift"'``; the caller still checks the decoded record),
        decoding only those: an account has hundreds of interactions."""
        return self._table(table).for_account_holding(account_id, tuple(needles))

    def last_contact(self, account_id: str) -> str | None:
        """The date of the account's newest interaction (ISO), without decoding them."""
        dates = self._table("interactions").dates_for(account_id)
        return max(dates) if dates else None

    def interaction_dates(self, account_id: str) -> list[str]:
        """The dates of the account's interactions (ISO, in no order), without decoding them."""
        return self._table("interactions").dates_for(account_id)

    def interaction_date(self, account_id: str, interaction_id: str) -> str | None:
        """The date of one of the account's interactions, without decoding it."""
        return self._table("interactions").date_of(account_id, interaction_id)

    def dated(self, table: str, wanted: Mapping[str, Collection[str]]) -> Iterator[Record]:
        """The records of ``table`` (interactions) of each account of ``wanted`` that are
        dated on one of its dates, found through the dates the index keeps and decoding only
        those (an import looks for the rows it repeats this way)."""
        return iter(self._table(table).dated(wanted))

    def ids(self, table: str) -> Iterator[str]:
        """The ids of a table's records (a snapshot: saving meanwhile is safe)."""
        return self._table(table).ids()

    def revs(self, table: str) -> Iterator[tuple[str, str | None]]:
        """``(id, rev)`` of a table's records in the order of their ids, without decoding
        any (rev None where it cannot be read so: decode that record). For comparing two
        stores record by record (a merge) without reading either whole."""
        return self._table(table).revs()

    def texts(self, table: str) -> Iterator[str]:
        """A table's records as their JSON texts, without decoding any (a sieve decodes
        only those it wants)."""
        return self._table(table).texts()

    def id_texts(self, table: str) -> tuple[list[str], list[str | None]]:
        """The ids of a table's records and their texts (None: none), in the same order,
        without decoding any (a snapshot)."""
        return self._table(table).id_texts()

    def text(self, table: str, record_id: str) -> str | None:
        """A record as its JSON text (as it is written), without decoding it."""
        return self._table(table).text(record_id)

    def count_for(self, table: str, account_id: str) -> int:
        """How many of the account's records a table holds, without decoding them."""
        return self._table(table).count_for(account_id)

    def dates_for(self, account_id: str) -> list[str]:
        """The dates of the account's interactions (ISO, in no order)."""
        return self._table("interactions").dates_for(account_id)

    def contains(self, table: str, record_id: str) -> bool:
        return record_id in self._table(table)

    def release_pages(self) -> None:
        """Let go of what the backend holds only to have read it (a long read, such as an
        export, calls it as it goes); nothing here by default."""

    def account_stamps(self) -> dict[str, str] | None:
        """{account id: a stamp that changes whenever the account or any record of it does},
        or None where the backend cannot tell cheaply (then nothing derived is kept)."""
        return None
