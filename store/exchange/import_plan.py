"""What an import will do, worked out before anything is written: a :class:`Plan` lists
every refused row (line, column, reason), counts the rows that create, update or leave a
record alone, and holds the changes to save as one transaction.

Also the indexes an import matches rows with, built once per import: accounts by name
(case and spacing folded), contacts by email and by name within their account.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..engine.store import Store
from ..engine.transaction import Op
from ..records.ids import new_id
from ..records.names import fold
from ..records.records import Record, loads, thaw
from ..records.validate import FieldError, clean, show
from .csv_formats import Row, split_list

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: called now and then while an import is checked and saved."""


@dataclass(frozen=True)
class Refusal:
    line: int
    """The line of the file where the refused row (or card, or record) starts; 1 is the
    header; 0 when it is not known (a record of a JSON file not laid out as exported)."""
    column: str
    """The column (or vCard property) at fault; empty when it is the row as a whole."""
    reason: str

    def __str__(self) -> str:
        where = ", ".join(
            part for part in (f"line {self.line}" if self.line else "", self.column) if part
        )
        return f"{where}: {self.reason}" if where else self.reason

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class Plan:
    """The outcome of checking every row of an import file."""

    kind: str
    source: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    refused_rows: int = 0
    also: Counter[str] = field(default_factory=Counter)
    """Records created or changed besides the rows' own (waves, follow-ups, accounts from
    vCards, stage history), by what they are."""
    notes: list[str] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)
    revision: int = 0
    """The store's revision the plan was made against."""
    written: bool = False
    backup: str | None = None
    replace: bool = False
    """Whether an answer given by a response code may replace that code's earlier answer
    (``rapport import responses --replace``); without it such a row is refused, both shown."""

    @property
    def ok(self) -> bool:
        return not self.refused

    def refuse(self, line: int, column: str, reason: str) -> None:
        self.refused.append(Refusal(line, column, reason))
        self.refused_rows += 1

    def refuse_all(self, line: int, errors: Iterable[FieldError]) -> None:
        errors = list(errors)
        self.refused.extend(Refusal(line, e.field, e.reason) for e in errors)
        self.refused_rows += 1 if errors else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.source,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused_rows,
            "problems": [r.to_json() for r in self.refused],
            "also": dict(self.also),
            "notes": self.notes,
            "written": self.written,
            "backup": self.backup,
        }


def differs(old: Any, new: Any) -> bool:
    """Whether a stored value (read-only form) and a cleaned value differ."""
    return bool(thaw(old) != new)


def changes_of(record: Record, cleaned: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The fields among ``fields`` whose cleaned value differs from the record's."""
    return {k: cleaned[k] for k in fields if k in cleaned and differs(record.get(k), cleaned[k])}


class AccountIndex:
    """Accounts by folded name, including the ones this import will create. What a name
    (as a row spells it) comes to is worked out once: 100,000 rows name a few thousand."""

    def __init__(self, store: Store) -> None:
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        self.by_id: dict[str, dict[str, Any]] = {}
        self._required: dict[str, tuple[dict[str, Any] | None, FieldError | None]] = {}
        for account in _decoded(store, "accounts"):
            self.add(account)

    def add(self, account: dict[str, Any]) -> None:
        self.by_name.setdefault(fold(account["name"]), []).append(account)
        self.by_id[account["id"]] = account
        self._required.clear()

    def name_of(self, account_id: str) -> str:
        account = self.by_id.get(account_id)
        return show(account["name"]) if account else account_id

    def find(self, name: str) -> tuple[dict[str, Any] | None, str | None]:
        """``(account, None)``, ``(None, None)`` when there is none, or ``(None, reason)``."""
        matches = self.by_name.get(fold(name), [])
        if len(matches) > 1:
            ids = ", ".join(a["id"] for a in matches)
            return None, f"several accounts are named {show(name)} ({ids}); rename one first"
        return (matches[0] if matches else None), None

    def require(self, name: str) -> tuple[dict[str, Any] | None, FieldError | None]:
        """The account a row names in its ``account`` column, or the reason it cannot be used."""
        found = self._required.get(name)
        if found is None:
            found = self._required[name] = self._require(name)
        return found

    def _require(self, name: str) -> tuple[dict[str, Any] | None, FieldError | None]:
        if not name.strip():
            return None, FieldError("account", "is required")
        account, reason = self.find(name)
        if reason:
            return None, FieldError("account", reason)
        if account is None:
            return None, FieldError("account", f"no account named {show(name)}")
        return account, None


@dataclass
class ContactRef:
    """What matching needs of a contact (existing or planned by this import)."""

    id: str
    account: str
    name: str
    email: str
    record: Record | None = None
    """The stored record; None for a contact this import creates."""


PASS_OVER = 16
"""An import naming the contacts of more than one account in this many reads every contact
in one pass (:meth:`ContactIndex.prepare`)."""


def email_key(email: str) -> str:
    return email.strip().casefold()


class ContactIndex:
    """Contacts by email (every account) and by folded name within their account.

    ``records``: keep each stored contact's record (to update it); without, a reference
    carries its id and name only (interactions name contacts, they never change them)."""

    def __init__(self, store: Store, accounts: AccountIndex, *, records: bool = True) -> None:
        self._store = store
        self._by_email: dict[str, list[ContactRef]] | None = None
        self._by_name: dict[str, dict[str, list[ContactRef]]] = {}
        self._planned: list[ContactRef] = []
        self._named: dict[tuple[str, str], tuple[ContactRef | None, str | None]] = {}
        self._named_cells: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._accounts = accounts
        self._records = records

    def _names(self, account_id: str) -> dict[str, list[ContactRef]]:
        names = self._by_name.get(account_id)
        if names is None:
            names = self._by_name[account_id] = {}
            for c in self._store.for_account("contacts", account_id):
                self._add(names, c)
        return names

    def _add(self, names: dict[str, list[ContactRef]], c: Record) -> None:
        record = c if self._records else None
        ref = ContactRef(c["id"], c["account"], c["name"], c.get("email") or "", record)
        names.setdefault(fold(ref.name), []).append(ref)

    def prepare(self, account_ids: Iterable[str]) -> None:
        """The contacts of ``account_ids`` will be asked for: when they are many, read every
        contact in one pass now rather than each account's in a query of its own."""
        todo = {a for a in account_ids if a not in self._by_name}
        if len(todo) * PASS_OVER <= self._store.count("accounts"):
            return
        for account_id in todo:
            self._by_name[account_id] = {}
        for c in _decoded(self._store, "contacts"):
            if c["account"] in todo:
                self._add(self._by_name[c["account"]], c)

    def _emails(self) -> dict[str, list[ContactRef]]:
        if self._by_email is None:
            self._by_email = {}
            for c in _decoded(self._store, "contacts"):
                if (c.get("email") or "").strip():
                    ref = ContactRef(c["id"], c["account"], c["name"], c["email"], c)
                    self._by_email.setdefault(email_key(ref.email), []).append(ref)
            for ref in self._planned:
                if ref.email.strip():
                    self._by_email.setdefault(email_key(ref.email), []).append(ref)
        return self._by_email

    def by_name(self, account_id: str, name: str) -> tuple[ContactRef | None, str | None]:
        """The one contact of the account with this name (folded), or why there is none
        (worked out once per account and spelling, until this import plans a contact)."""
        key = (account_id, name)
        found = self._named.get(key)
        if found is None:
            found = self._named[key] = self._by_name_of(account_id, name)
        return found

    def named_in(self, account_id: str, cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The ids of the account's contacts a ``;``-separated cell names (each once, in
        order) and why any of its names names none (worked out once per account and cell,
        until this import plans a contact)."""
        key = (account_id, cell)
        found = self._named_cells.get(key)
        if found is None:
            ids: list[str] = []
            reasons: list[str] = []
            for name in split_list(cell):
                ref, reason = self.by_name(account_id, name)
                if ref is None:
                    reasons.append(str(reason))
                elif ref.id not in ids:
                    ids.append(ref.id)
            found = self._named_cells[key] = (tuple(ids), tuple(reasons))
        return found

    def _by_name_of(self, account_id: str, name: str) -> tuple[ContactRef | None, str | None]:
        matches = self._names(account_id).get(fold(name), [])
        if len(matches) > 1:
            return None, f"several contacts at {self._account(account_id)} are named {show(name)}"
        if not matches:
            return None, f"no contact named {show(name)} at {self._account(account_id)}"
        return matches[0], None

    def match(
        self, account_id: str, name: str, email: str
    ) -> tuple[ContactRef | None, FieldError | None]:
        """The contact a row or card is about: by email if it has one, else by account and
        name (a row with an email also matches a same-named contact that has none)."""
        if email.strip():
            hits = self._emails().get(email_key(email), [])
            if len(hits) > 1:
                return None, FieldError("email", f"several contacts have the email {show(email)}")
            if hits:
                hit = hits[0]
                if hit.account != account_id:
                    return None, FieldError(
                        "email",
                        f"{show(email)} is the email of {show(hit.name)} at "
                        f"{self._account(hit.account)}; an import does not move contacts",
                    )
                return hit, None
        candidates = self._names(account_id).get(fold(name), [])
        if email.strip():
            candidates = [c for c in candidates if not c.email.strip()]
        if len(candidates) > 1:
            return None, FieldError(
                "name",
                f"several contacts at {self._account(account_id)} are named {show(name)}; "
                "give each an email",
            )
        return (candidates[0] if candidates else None), None

    def plan(self, account_id: str, name: str, email: str) -> ContactRef:
        """Register a contact this import creates, so later rows find it."""
        ref = ContactRef(new_id(), account_id, name, email)
        self._planned.append(ref)
        self._named.clear()
        self._named_cells.clear()
        self._names(account_id).setdefault(fold(name), []).append(ref)
        if self._by_email is not None and email.strip():
            self._by_email.setdefault(email_key(email), []).append(ref)
        return ref

    def _account(self, account_id: str) -> str:
        return self._accounts.name_of(account_id)


def _decoded(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """Every record of ``table`` as a plain dict: an import reads them all and keeps a few,
    never changing one (it plans changes as :class:`Op`), so none is made read-only."""
    return map(loads, store.texts(table))


NO_ID = "000000000000"
"""Stands in for a reference a row could not resolve, so its other fields are still checked."""


class Checker:
    """Checks the rows of one format and adds what they need to the plan."""

    def __init__(self, store: Store, plan: Plan, columns: tuple[str, ...]) -> None:
        self.store = store
        self.plan = plan
        self.columns = frozenset(columns)
        self.accounts = AccountIndex(store)
        self.today = store.ctx.today().isoformat()

    def prepare(self, rows: list[Row]) -> None:
        """Called with every row before the first is checked (to look up in bulk)."""

    def check(self, row: Row) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called after the last row."""

    def create(self, table: str, data: dict[str, Any], record_id: str | None = None) -> str:
        record_id = record_id or new_id()
        self.plan.ops.append(Op("create", table, record_id, data))
        return record_id

    def update(self, table: str, record: Record, changes: dict[str, Any]) -> None:
        self.plan.ops.append(Op("update", table, record["id"], changes, record["version"]))

    def stage_change(self, account_id: str, stage: str, previous: str | None) -> None:
        self.create(
            "stage_changes",
            clean(
                "stage_changes",
                {
                    "account": account_id,
                    "stage": stage,
                    "previous": previous,
                    "date": self.today,
                    "note": "import",
                },
            ),
        )
        self.plan.also["stage changes"] += 1


class ContactChecker(Checker):
    """A checker whose rows (or cards) each create or update one contact."""

    def __init__(self, store: Store, plan: Plan, columns: tuple[str, ...]) -> None:
        super().__init__(store, plan, columns)
        self.contacts = ContactIndex(store, self.accounts)
        self.claimed: dict[str, int] = {}
        """Contact ids by the line that named them (a second line naming one is refused)."""

    def save_contact(
        self,
        line: int,
        target: ContactRef | None,
        account_id: str,
        name: str,
        email: str,
        cleaned: dict[str, Any],
    ) -> None:
        """Create the contact (``target`` is None) so that later lines find it, or update
        the fields that changed; count it and claim it for ``line``."""
        if target is None:
            target = self.contacts.plan(account_id, name, email)
            self.create("contacts", cleaned, target.id)
            self.plan.created += 1
        else:
            assert target.record is not None
            changes = changes_of(target.record, cleaned, cleaned)
            if changes:
                self.update("contacts", target.record, changes)
                self.plan.updated += 1
            else:
                self.plan.unchanged += 1
        self.claimed[target.id] = line
