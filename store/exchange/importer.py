"""Importing the CSV exchange formats (``csv_formats.py``): every row is checked first,
then the accepted rows are saved in one transaction (one journal line: all or nothing).

Rows are matched with existing records by natural key, so importing a file again creates
nothing and a changed field updates its record (version and audit move on):

* accounts: the name, case and spacing folded;
* contacts: the email (case folded) when the row has one, else the account and the name
  (folded); a row with an email also matches a same-named contact that has no email yet;
* interactions: account, date, kind, staff and summary (folded);
* responses: wave (name folded), account, contact and respondent. Rows without a contact
  (employee-mirror rows, and anonymous customer rows) are told apart by their order: for
  each wave, account and respondent they are first paired with stored responses whose
  scores they repeat exactly (left alone), then the rest, in file order, with the remaining
  stored ones oldest first (updated); rows left over create responses. An import never
  deletes, so a file with fewer mirror rows leaves the extra stored ones alone.

Two rows naming the same record are refused as a duplicate (the later one, naming the
earlier line). A row naming an account that does not exist is refused: accounts come from
the accounts file (or, for vCards, from ORG). A cell left empty sets the field empty (or
to its default); a column left out of the header leaves the field alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..actions.surveys import loop_ops
from ..engine.store import Store
from ..records.many import decoding_many
from ..records.names import fold
from ..records.records import Record
from ..records.schema import FIELDS
from ..records.validate import (
    Cleaner,
    FieldError,
    Invalid,
    ValidationError,
    parse_date,
)
from .csv_formats import FileRefused, Row, decode, read_csv
from .import_plan import (
    NO_ID,
    Checker,
    ContactChecker,
    ContactIndex,
    Plan,
    Progress,
    Refusal,
    changes_of,
)
from .import_responses import ResponseRows, statement_columns

CHUNK = 1000
"""Progress is reported every this many rows."""


class AccountRows(Checker):
    def __init__(self, store: Store, plan: Plan, columns: tuple[str, ...]) -> None:
        super().__init__(store, plan, columns)
        self.seen: dict[str, int] = {}
        self._clean = Cleaner("accounts")

    def check(self, row: Row) -> None:
        plan, name = self.plan, row.cells["name"]
        if not name.strip():
            plan.refuse(row.line, "name", "is required")
            return
        key = fold(name)
        if key in self.seen:
            plan.refuse(row.line, "name", f"names the same account as line {self.seen[key]}")
            return
        self.seen[key] = row.line
        existing, reason = self.accounts.find(name)
        if reason:
            plan.refuse(row.line, "name", reason)
            return
        try:
            cleaned = self._clean(row.cells, partial=existing is not None)
        except ValidationError as e:
            plan.refuse_all(row.line, e.errors)
            return
        if existing is None:
            account_id = self.create("accounts", cleaned)
            self.stage_change(account_id, cleaned["stage"], None)
            plan.created += 1
            return
        changes = changes_of(existing, cleaned, cleaned)
        if not changes:
            plan.unchanged += 1
            return
        self.update("accounts", existing, changes)
        if "stage" in changes:
            self.stage_change(existing["id"], changes["stage"], existing["stage"])
        plan.updated += 1


class ContactRows(ContactChecker):
    def __init__(self, store: Store, plan: Plan, columns: tuple[str, ...]) -> None:
        super().__init__(store, plan, columns)
        self._clean = Cleaner("contacts")

    def check(self, row: Row) -> None:
        plan, cells = self.plan, row.cells
        account, error = self.accounts.require(cells["account"])
        errors = [error] if error else []
        if not cells["name"].strip():
            errors.append(FieldError("name", "is required"))
        if errors or account is None:
            plan.refuse_all(row.line, errors)
            return
        email = cells.get("email", "")
        target, error = self.contacts.match(account["id"], cells["name"], email)
        if error:
            plan.refuse_all(row.line, [error])
            return
        if target is not None and target.id in self.claimed:
            plan.refuse(row.line, "", f"is the same contact as line {self.claimed[target.id]}")
            return
        data = {**cells, "account": account["id"]}
        try:
            cleaned = self._clean(data, partial=target is not None)
        except ValidationError as e:
            plan.refuse_all(row.line, e.errors)
            return
        self.save_contact(row.line, target, account["id"], cells["name"], email, cleaned)


InteractionKey = tuple[str, str, str, str, str]


class InteractionRows(Checker):
    def __init__(self, store: Store, plan: Plan, columns: tuple[str, ...]) -> None:
        super().__init__(store, plan, columns)
        self.contacts = ContactIndex(store, self.accounts, records=False)
        self.seen: dict[InteractionKey, int] = {}
        self._stored: dict[InteractionKey, Record] = {}
        """The stored interactions the rows may repeat, by key (see :meth:`prepare`)."""
        self._followups: dict[str, dict[str, list[Record]]] = {}
        self.optional = [c for c in ("contacts", "sentiment") if c in self.columns]
        self._given = ("date", "kind", "staff", "summary", *self.optional)
        self._clean = Cleaner("interactions", today=store.ctx.today())

    def prepare(self, rows: list[Row]) -> None:
        """Find the stored interactions the rows may repeat: those of a row's account on the
        row's date (the index keeps each interaction's account and date, so only these are
        decoded, not every interaction of every account named)."""
        wanted: dict[str, set[str]] = {}
        naming: set[str] = set()
        date = FIELDS["interactions"]["date"]
        for row in rows:
            account, _ = self.accounts.require(row.cells.get("account", ""))
            if account is None:
                continue
            if row.cells.get("contacts", "").strip():
                naming.add(account["id"])
            try:
                day = self._clean.value(date, row.cells.get("date", ""))
            except Invalid:
                continue
            days = wanted.get(account["id"])
            if days is None:
                days = wanted[account["id"]] = set()
            days.add(day)
        self.contacts.prepare(naming)
        found = self.store.dated("interactions", wanted)
        for r in sorted(found, key=lambda r: (r.get("created_at", ""), r["id"])):
            key = (r["account"], r["date"], r["kind"], r["staff"], fold(r["summary"]))
            self._stored.setdefault(key, r)

    def check(self, row: Row) -> None:
        plan, cells = self.plan, row.cells
        account, error = self.accounts.require(cells["account"])
        errors = [error] if error else []
        data: dict[str, Any] = {k: cells[k] for k in self._given}
        data["account"] = account["id"] if account else NO_ID
        if "contacts" in cells:
            ids: list[str] = []
            if account is not None:
                named, reasons = self.contacts.named_in(account["id"], cells["contacts"])
                ids.extend(named)
                errors.extend(FieldError("contacts", reason) for reason in reasons)
            data["contacts"] = ids
        due = None
        if cells.get("follow_up", "").strip():
            try:
                due = parse_date(cells["follow_up"])
            except Invalid as e:
                errors.append(FieldError("follow_up", str(e)))
        try:
            cleaned = self._clean(data)
        except ValidationError as e:
            errors.extend(e.errors)
        if errors or account is None:
            plan.refuse_all(row.line, errors)
            return
        key = (
            account["id"],
            cleaned["date"],
            cleaned["kind"],
            cleaned["staff"],
            fold(cleaned["summary"]),
        )
        if key in self.seen:
            plan.refuse(
                row.line,
                "",
                f"is the same interaction as line {self.seen[key]} "
                "(same account, date, kind, staff and summary)",
            )
            return
        self.seen[key] = row.line
        existing = self._stored.get(key)
        if existing is None:
            interaction_id = self.create("interactions", cleaned)
            if due:
                self._new_follow_up(cleaned, interaction_id, due)
            plan.created += 1
            return
        changes = changes_of(existing, cleaned, ("summary", *self.optional))
        if changes:
            self.update("interactions", existing, changes)
        moved = due is not None and self._follow_up(existing, cleaned, due)
        if changes or moved:
            plan.updated += 1
        else:
            plan.unchanged += 1

    def _follow_up(self, interaction: Record, cleaned: dict[str, Any], due: str) -> bool:
        """Bring the interaction's follow-up to ``due``; say whether anything changes."""
        account_id = interaction["account"]
        by_interaction = self._followups.get(account_id)
        if by_interaction is None:
            by_interaction = self._followups[account_id] = {}
            for f in self.store.for_account("followups", account_id):
                if f.get("interaction"):
                    by_interaction.setdefault(f["interaction"], []).append(f)
        linked = by_interaction.get(interaction["id"], [])
        if any(f["due"] == due for f in linked):
            return False
        still_open = sorted((f for f in linked if f["status"] == "open"), key=lambda f: f["due"])
        if still_open:
            self.update("followups", still_open[0], {"due": due})
            self.plan.also["follow-ups moved"] += 1
        else:
            self._new_follow_up(cleaned, interaction["id"], due)
        return True

    def _new_follow_up(self, interaction: dict[str, Any], interaction_id: str, due: str) -> None:
        self.create(
            "followups",
            {
                "account": interaction["account"],
                "due": due,
                "owner": interaction["staff"],
                "what": f"Follow up: {interaction['summary'].strip()[:80]}",
                "status": "open",
                "done_on": None,
                "interaction": interaction_id,
                "origin": "interaction",
                "ref": "",
            },
        )
        self.plan.also["follow-ups"] += 1


CHECKERS: dict[str, Callable[[Store, Plan, tuple[str, ...]], Checker]] = {
    "accounts": AccountRows,
    "contacts": ContactRows,
    "interactions": InteractionRows,
    "responses": ResponseRows,
}


def plan_import(
    store: Store,
    kind: str,
    data: str | bytes,
    *,
    source: str = "",
    progress: Progress | None = None,
    replace: bool = False,
) -> Plan:
    """Check every row of a CSV file (text, or bytes in UTF-8) against the store; write nothing.
    ``replace``: an answer by response code may replace the code's earlier answer."""
    if kind not in CHECKERS:
        raise ValueError(f"no import format {kind!r} (formats: {', '.join(CHECKERS)})")
    plan = Plan(kind, source, revision=store.revision, replace=replace)
    extra = statement_columns(store) if kind == "responses" else ()
    try:
        table = read_csv(kind, decode(data) if isinstance(data, bytes) else data, extra)
    except FileRefused as e:
        plan.refused.extend(Refusal(*p) for p in e.problems)
        return plan
    plan.rows = len(table.rows)
    checker = CHECKERS[kind](store, plan, table.columns)
    checker.prepare(table.rows)
    width = len(table.columns)
    for i, row in enumerate(table.rows):
        if progress is not None and i % CHUNK == 0:
            progress("checking", i, plan.rows)
        if row.width != width:
            plan.refuse(row.line, "", f"has {row.width} cells; the header has {width}")
            continue
        checker.check(row)
    checker.finish()
    if progress is not None:
        progress("checking", plan.rows, plan.rows)
    return plan


LOOPS = "follow-ups closing the loop"
"""How the import report counts the follow-ups that imported answers make."""


def carry_out(
    store: Store,
    plan: Plan,
    replan: Callable[[], Plan],
    *,
    label: str,
    progress: Progress | None = None,
) -> Plan:
    """Save a plan's changes in one transaction, after keeping a backup of the file.

    Holds the file's write lock throughout; if another process saved since the plan was
    made, the plan is made again (``replan``) under the lock, so it matches what it writes.
    """
    if not plan.ops:
        return plan
    with decoding_many(), store.exclusive():
        store.refresh()
        if store.revision != plan.revision:
            plan = replan()
            if not plan.ops:
                return plan
        if progress is not None:
            progress("writing", 0, 1)
        plan.backup = str(store.backup(label.replace(" ", "-")))
        loops = loop_ops(store, plan.ops, store.ctx.today())  # imported answers close the loop too
        if loops or LOOPS in plan.also:
            plan.also[LOOPS] = len(loops)
        store.commit([*plan.ops, *loops], label=label)
        plan.written = True
        if progress is not None:
            progress("writing", 1, 1)
    return plan


def import_csv(
    store: Store,
    kind: str,
    data: str | bytes,
    *,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    replace: bool = False,
) -> Plan:
    """Check a CSV file and, unless ``dry_run``, save its accepted rows (one transaction)."""
    with decoding_many():
        plan = plan_import(store, kind, data, source=source, progress=progress, replace=replace)
        if dry_run:
            if kind == "responses":  # say what saving would add: the follow-ups it would make
                plan.also[LOOPS] = len(loop_ops(store, plan.ops, store.ctx.today()))
            return plan
        return carry_out(
            store,
            plan,
            lambda: plan_import(store, kind, data, source=source, replace=replace),
            label=f"import {kind}",
            progress=progress,
        )


__all__ = ["CHECKERS", "Plan", "Refusal", "carry_out", "import_csv", "plan_import"]
