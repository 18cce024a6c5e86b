"""The records of a whole-file export in its order, decoded one account (or one small group)
at a time: an export holds the keys it sorts by, never every record at once.

Each format's order begins with the account's name (responses: with the wave, then the
account's name), so the records are fetched by account, grouped by what the order says of
the name, and only each group is sorted by the rest of the order. Accounts whose names
sort alike (the same name twice) form one group, so their records interleave exactly as
one sort of everything would put them: the bytes are those of sorting the whole table.

Responses have no index by wave: one pass reads each response's wave and account and keeps
its id in the group they name; the groups are then read in order, one at a time.

Every long read goes through :func:`paced`, which lets the store forget the pages of the
file it has read every :data:`PACE` records (``store.release_pages()``): the pages stay in
the kernel's cache, but not mapped in this process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..engine.store import Store
from ..records.names import fold
from ..records.records import Record, freeze, loads

T = TypeVar("T")

PACE = 250
"""Records read between two calls of ``store.release_pages()``."""


def paced(store: Store, items: Iterable[T]) -> Iterator[T]:
    """``items``, letting the store release the pages it read every :data:`PACE` of them."""
    for n, item in enumerate(items, 1):
        yield item
        if n % PACE == 0:
            store.release_pages()


def fetch(store: Store, table: str, record_id: str) -> Record | None:
    """One record, decoded from its text and not kept by the store (the file's store keeps
    the small tables' records once asked for: an export reads each only once)."""
    text = store.text(table, record_id)
    return None if text is None else freeze(loads(text))


class Names:
    """The names that rows refer to records by, looked up once: every account's (read from
    its text, the account not kept decoded) and, when first asked for, every contact's."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._accounts: dict[str, str] | None = None
        self._contacts: dict[str, str] | None = None

    @property
    def accounts(self) -> dict[str, str]:
        """{account id: name} of every account."""
        if self._accounts is None:
            self._accounts = {}
            for account_id in self.store.ids("accounts"):
                text = self.store.text("accounts", account_id)
                if text is not None:
                    self._accounts[account_id] = loads(text)["name"]
        return self._accounts

    def account(self, account_id: Any) -> str:
        """The account's name, or "" when there is no such account."""
        return self.accounts.get(account_id, "") if isinstance(account_id, str) else ""

    def contact(self, contact_id: str | None) -> str:
        if not contact_id:
            return ""
        if self._contacts is None:
            contacts = paced(self.store, self.store.all("contacts"))
            self._contacts = {c["id"]: c["name"] for c in contacts}
        return self._contacts.get(contact_id, "")


def accounts_in_order(store: Store, names: Names) -> Iterator[Record]:
    """Every account, by name (folded, then as written), then id."""
    order = sorted((fold(name), name, account_id) for account_id, name in names.accounts.items())
    for _, _, account_id in paced(store, order):
        account = fetch(store, "accounts", account_id)
        if account is not None:
            yield account


def by_account_in_order(
    store: Store, table: str, names: Names, rest: Callable[[Record], Any]
) -> Iterator[tuple[str, Record]]:
    """``(account name, record)`` for the records of ``table`` whose account has a name,
    ordered by (folded name, name, ``rest(record)``); ``rest`` ends with the id, so the
    order is total."""
    groups: dict[tuple[str, str], list[str]] = {}
    for account_id, name in names.accounts.items():
        if name:
            groups.setdefault((fold(name), name), []).append(account_id)
    for name, record in paced(store, _by_group(store, table, groups, rest)):
        yield name, record


def _by_group(
    store: Store, table: str, groups: dict[tuple[str, str], list[str]], rest: Callable[..., Any]
) -> Iterator[tuple[str, Record]]:
    for key in sorted(groups):
        records = [r for a in groups.pop(key) for r in store.for_account(table, a)]
        records.sort(key=rest)
        for record in records:
            yield key[1], record


def responses_in_order(
    store: Store, names: Names, rest: Callable[[Record, str], Any]
) -> Iterator[tuple[Record, str, Record]]:
    """``(wave, account name, response)`` for the responses whose wave exists and whose
    account has a name, ordered by (the wave's date, its folded name, the account's folded
    name, ``rest(response, account name)``); ``rest`` ends with the id."""
    waves = {w["id"]: w for w in store.all("waves")}
    wave_keys = {i: (w["date"], fold(w["name"])) for i, w in waves.items()}
    folded: dict[str, str] = {}
    groups: dict[tuple[tuple[str, str], str], list[str]] = {}
    for r in paced(store, store.all("responses")):
        wave_key, account = wave_keys.get(r["wave"]), names.account(r["account"])
        if wave_key is None or not account:
            continue
        name = folded.get(account)
        if name is None:
            name = folded[account] = fold(account)
        groups.setdefault((wave_key, name), []).append(r["id"])
    for key in sorted(groups):
        rows = []
        for found in paced(store, (fetch(store, "responses", i) for i in groups.pop(key))):
            if found is None or found["wave"] not in waves:
                continue
            account = names.account(found["account"])
            if account:
                rows.append((rest(found, account), waves[found["wave"]], account, found))
        rows.sort(key=lambda row: row[0])
        for _, wave, account, response in rows:
            yield wave, account, response
