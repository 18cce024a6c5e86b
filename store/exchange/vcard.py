"""Importing contacts from vCard files (3.0 and 4.0, and the 2.1 that older phones write)
as address books export them: several cards per file, folded lines, quoted-printable
values in any charset, escaped text, grouped properties (``item1.EMAIL``).

A card becomes a contact: FN (or N) is the name, the first component of ORG the account,
TITLE (or ROLE) the role, the preferred EMAIL and TEL, BDAY the birthday and ANNIVERSARY
(or X-ANNIVERSARY, or Apple's labelled X-ABDATE) the anniversary. Dates may be written
``1990-05-17``, ``19900517``, ``--0517`` or ``--05-17`` (no year), with or without a time;
Apple's ``X-APPLE-OMIT-YEAR`` year means no year.

Contacts are matched as in the contacts CSV (by email, else by account and name). A card
updates only the fields it has: a card without TITLE leaves the role alone. An ORG that
names no account creates the account, owned by the user importing, and the report says so.
A card without ORG is refused: every contact belongs to an account.
"""

from __future__ import annotations

from typing import Any

from ..engine.store import Store
from ..records.ids import new_id
from ..records.validate import FieldError, Invalid, ValidationError, clean
from .import_plan import ContactChecker, Plan, Progress
from .importer import CHUNK, carry_out
from .vcard_format import (
    ANNIVERSARY_NAMES,
    PROPERTY_OF,
    Card,
    components,
    decode_vcf,
    parse_vcards,
    preferred,
    unescape,
    vcard_date,
)


def card_fields(card: Card) -> tuple[dict[str, Any], list[FieldError]]:
    """The contact fields a card holds (only those it has), and what is wrong with it."""
    data: dict[str, Any] = {}
    errors: list[FieldError] = []
    fn = card.first("FN")
    name = unescape(fn.value).strip() if fn else ""
    if not name and (n := card.first("N")):
        parts = [*components(n.value), "", "", ""]
        name = " ".join(p.strip() for p in (parts[3], parts[1], parts[2], parts[0]) if p.strip())
    if name:
        data["name"] = name
    else:
        errors.append(FieldError("FN", "the card has no name (FN or N)"))
    org = card.first("ORG")
    account = components(org.value)[0].strip() if org else ""
    if account:
        data["account"] = account
    else:
        errors.append(FieldError("ORG", "names no organisation; a contact belongs to an account"))
    role = card.first("TITLE") or card.first("ROLE")
    if role and unescape(role.value).strip():
        data["role"] = unescape(role.value).strip()
    if email := preferred(card.all("EMAIL")):
        data["email"] = unescape(email.value).strip()
    if tel := preferred(card.all("TEL")):
        phone = unescape(tel.value).strip()
        data["phone"] = phone[4:] if phone.lower().startswith("tel:") else phone
    labels = {p.group: p.value.lower() for p in card.all("X-ABLABEL") if p.group}
    dates = [("birthday", card.first("BDAY"))]
    anniversary = card.first(*ANNIVERSARY_NAMES) or next(
        (p for p in card.all("X-ABDATE") if "anniversary" in labels.get(p.group, "")), None
    )
    dates.append(("anniversary", anniversary))
    for name_, prop in dates:
        if prop is not None and prop.value.strip():
            try:
                data[name_] = vcard_date(prop)
            except Invalid as e:
                errors.append(FieldError(prop.name, str(e)))
    return data, errors


class CardChecker(ContactChecker):
    def __init__(self, store: Store, plan: Plan) -> None:
        super().__init__(store, plan, ())
        self.new_accounts: dict[str, dict[str, Any]] = {}

    def card(self, card: Card) -> None:
        plan = self.plan
        if card.problem:
            plan.refuse(card.line, "", card.problem)
            return
        data, errors = card_fields(card)
        account = None
        if "account" in data:
            account, reason = self.accounts.find(data["account"])
            if reason:
                errors.append(FieldError("ORG", reason))
            elif account is None:
                account = self._new_account(card.line, data["account"], errors)
        if errors or account is None:
            plan.refuse_all(card.line, errors)
            return
        email = data.get("email", "")
        target, error = self.contacts.match(account["id"], data["name"], email)
        if error is None and target is not None and target.id in self.claimed:
            error = FieldError(
                "", f"is the same contact as the card on line {self.claimed[target.id]}"
            )
        data["account"] = account["id"]
        try:
            cleaned = clean("contacts", data, partial=target is not None)
        except ValidationError as e:
            errors.extend(FieldError(PROPERTY_OF.get(x.field, x.field), x.reason) for x in e.errors)
        if error:
            errors.insert(0, FieldError(PROPERTY_OF.get(error.field, error.field), error.reason))
        if errors:
            plan.refuse_all(card.line, errors)
            return
        if not account.get("version"):
            self._emit_account(account)
        self.save_contact(card.line, target, account["id"], data["name"], email, cleaned)

    def _new_account(self, line: int, name: str, errors: list[FieldError]) -> dict[str, Any] | None:
        try:
            data = clean("accounts", {"name": name, "owner": self.store.ctx.user})
        except ValidationError as e:
            errors.extend(FieldError("ORG", x.reason) for x in e.errors)
            return None
        account = {**data, "id": new_id(), "line": line, "emitted": False}
        self.accounts.add(account)
        return account

    def _emit_account(self, account: dict[str, Any]) -> None:
        if account["emitted"]:
            return
        account["emitted"] = True
        data = {k: v for k, v in account.items() if k not in ("id", "line", "emitted")}
        self.create("accounts", data, account["id"])
        self.stage_change(account["id"], data["stage"], None)
        self.plan.also["accounts"] += 1
        self.plan.notes.append(
            f"account {account['name']!r} is new: created from ORG (line {account['line']}), "
            f"owner {account['owner']}"
        )


def plan_vcards(
    store: Store, data: str | bytes, *, source: str = "", progress: Progress | None = None
) -> Plan:
    """Check every card of a vCard file against the store; write nothing."""
    plan = Plan("vcards", source, revision=store.revision)
    text, note = decode_vcf(data) if isinstance(data, bytes) else (data, None)
    if note:
        plan.notes.append(note)
    cards = parse_vcards(text)
    plan.rows = len(cards)
    if not cards:
        plan.refuse(1, "", "holds no vCard (BEGIN:VCARD ... END:VCARD)")
        return plan
    checker = CardChecker(store, plan)
    for i, card in enumerate(cards):
        if progress is not None and i % CHUNK == 0:
            progress("checking", i, plan.rows)
        checker.card(card)
    if progress is not None:
        progress("checking", plan.rows, plan.rows)
    return plan


def import_vcards(
    store: Store,
    data: str | bytes,
    *,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Plan:
    """Check a vCard file and, unless ``dry_run``, save its accepted cards (one transaction)."""
    plan = plan_vcards(store, data, source=source, progress=progress)
    if dry_run:
        return plan
    return carry_out(
        store,
        plan,
        lambda: plan_vcards(store, data, source=source),
        label="import vcards",
        progress=progress,
    )
