"""What the views read the records through: the :class:`~rapport.store.engine.Store`
itself, or a view of it such as :class:`~rapport.store.views.as_of.AsOf` (the file as it
stood on a day). The LoyaltyCard, the accounts list, the agenda and the portfolio take a
:class:`StoreReader`, so a view changes what all of them see at once. (The records' own
rules need less: :class:`~rapport.store.records.Reader`.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from ..context import Context
from ..records import Record


class StoreReader(Protocol):
    """Reading the records: every method as :class:`~rapport.store.engine.Store` has it."""

    ctx: Context

    def get(self, table: str, record_id: str) -> Record | None: ...

    def require(self, table: str, record_id: str) -> Record: ...

    def all(self, table: str) -> Iterator[Record]: ...

    def all_with_words(self, table: str, words: Iterable[str]) -> Iterator[Record]:
        """The records whose text, case folded, holds every one of ``words`` (a sieve)."""
        ...

    def count(self, table: str) -> int: ...

    def account_stamps(self) -> dict[str, str] | None:
        """{account id: a stamp that changes with the account or any record of it}, or None
        when it cannot be had cheaply (then nothing derived is kept)."""
        ...

    def for_account(self, table: str, account_id: str) -> list[Record]: ...

    def for_account_holding(
        self, table: str, account_id: str, needles: Iterable[str]
    ) -> list[Record]:
        """The account's records whose stored text holds one of ``needles``, decoding only
        those (a sieve: the caller checks each record it gets)."""
        ...

    def last_contact(self, account_id: str) -> str | None:
        """The date of the account's newest interaction (ISO)."""
        ...

    def interaction_dates(self, account_id: str) -> list[str]:
        """The dates of the account's interactions (ISO), in no order."""
        ...
