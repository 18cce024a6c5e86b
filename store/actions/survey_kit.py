"""Issuing a survey kit's response codes, as one save: the wave is opened if it is new,
and every customer contact of the accounts covered, and each account's owner (the employee
mirror), gets a code for that wave. Running it again for the same wave keeps the codes
already issued and only adds the missing ones (a contact added since, an account newly
covered), so forms printed earlier stay valid.

Writing the forms themselves is ``exchange/survey_forms.py``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ..engine.store import Store
from ..errors import StoreError
from ..records.codes import new_code
from ..records.names import find_account, fold
from ..records.records import Record
from ..records.validate import Invalid, parse_date
from ..views.rows import current_questionnaire
from .surveys import open_wave


@dataclass(frozen=True)
class KitForm:
    """One form of the kit: a customer contact's, or (``contact`` None) the owner's mirror."""

    code: str
    account: Record
    contact: Record | None
    staff: str
    """For a mirror: who on our side answers it (the account's owner)."""
    new: bool
    """Issued by this run (else kept from an earlier one)."""

    @property
    def respondent(self) -> str:
        return "customer" if self.contact is not None else "employee"


@dataclass(frozen=True)
class Kit:
    wave: Record
    questionnaire: Record
    forms: tuple[KitForm, ...]
    """Per account (by name): its customer contacts by name, then its mirror."""
    opened: bool
    """The wave was opened by this run."""

    @property
    def issued(self) -> int:
        return sum(1 for f in self.forms if f.new)

    @property
    def without_contacts(self) -> list[str]:
        """Accounts covered that have no contact to send a form to (only a mirror)."""
        customers = {f.account["id"] for f in self.forms if f.contact is not None}
        return [f.account["name"] for f in self.forms if f.account["id"] not in customers]


def covered_accounts(
    store: Store, *, owner: str | None = None, accounts: Sequence[str] = ()
) -> list[Record]:
    """The accounts a kit covers: all, one owner's, or the ones named; by name."""
    if owner is not None and accounts:
        raise StoreError("give --owner or --account, not both")
    if accounts:
        chosen: dict[str, Record] = {}
        for ref in accounts:
            account = find_account(store, ref)
            chosen[account["id"]] = account
        found = list(chosen.values())
    elif owner is not None:
        found = [a for a in store.all("accounts") if fold(a["owner"]) == fold(owner)]
        if not found:
            owners = sorted({a["owner"] for a in store.all("accounts")}, key=fold)
            raise StoreError(
                f"nobody named {owner!r} owns an account (owners: {', '.join(owners[:8])})"
            )
    else:
        found = list(store.all("accounts"))
    return sorted(found, key=lambda a: (fold(a["name"]), a["id"]))


def _wave(store: Store, name: str, on: date | str | None) -> tuple[Record, bool]:
    """The wave named ``name``, opened on ``on`` (default today) if there is none."""
    if not name.strip():
        raise StoreError("the wave needs a name")
    day = None
    if on is not None:
        try:
            day = parse_date(on)
        except Invalid as e:
            raise StoreError(f"--date: {e}") from None
    matches = [w for w in store.all("waves") if fold(w["name"]) == fold(name)]
    if len(matches) > 1:
        raise StoreError(f"several survey waves are named {name!r}: rename one first")
    if matches:
        wave = matches[0]
        if day and day != wave["date"]:
            raise StoreError(f"wave {wave['name']!r} is dated {wave['date']}, not {day}")
        if wave["status"] == "closed":
            raise StoreError(f"wave {wave['name']!r} is closed; reopen it to send forms")
        return wave, False
    if current_questionnaire(store) is None:
        raise StoreError("there is no questionnaire to survey with")
    change = open_wave(store, name, day or store.ctx.today().isoformat())
    return change.created("waves")[0], True


def issue_codes(
    store: Store,
    wave_name: str,
    *,
    on: date | str | None = None,
    owner: str | None = None,
    accounts: Sequence[str] = (),
    choose: Callable[[str], str] = secrets.choice,
) -> Kit:
    """Open the wave if it is new and give every form of the accounts covered its code.

    ``choose`` picks each character of a new code (tests pass a seeded one).
    """
    with store.exclusive():
        store.refresh()
        covered = covered_accounts(store, owner=owner, accounts=accounts)
        wave, opened = _wave(store, wave_name, on)
        questionnaire = store.get("questionnaires", wave["questionnaire"])
        if questionnaire is None:
            raise StoreError(f"the questionnaire of wave {wave['name']!r} is missing")
        taken = {c["code"] for c in store.all("survey_codes")}
        mine = [c for c in store.all("survey_codes") if c["wave"] == wave["id"]]
        customer = {(c["account"], c["contact"]): c for c in mine if c["respondent"] == "customer"}
        mirror = {c["account"]: c for c in mine if c["respondent"] == "employee"}
        forms: list[KitForm] = []
        with store.transaction(f"issue response codes for {wave['name']}") as tx:
            for account in covered:
                people = sorted(
                    store.for_account("contacts", account["id"]),
                    key=lambda c: (fold(c["name"]), c["id"]),
                )
                for person in people:
                    kept = customer.get((account["id"], person["id"]))
                    code = kept["code"] if kept else new_code(taken, choose)
                    if kept is None:
                        taken.add(code)
                        tx.create(
                            "survey_codes",
                            {
                                "code": code,
                                "wave": wave["id"],
                                "account": account["id"],
                                "contact": person["id"],
                                "respondent": "customer",
                            },
                        )
                    forms.append(KitForm(code, account, person, "", kept is None))
                kept = mirror.get(account["id"])
                code = kept["code"] if kept else new_code(taken, choose)
                if kept is None:
                    taken.add(code)
                    tx.create(
                        "survey_codes",
                        {
                            "code": code,
                            "wave": wave["id"],
                            "account": account["id"],
                            "respondent": "employee",
                            "staff": account["owner"],
                        },
                    )
                elif kept.get("staff") != account["owner"]:  # the account changed hands
                    tx.update(
                        "survey_codes",
                        kept["id"],
                        {"staff": account["owner"]},
                        expect=kept["version"],
                    )
                forms.append(KitForm(code, account, None, account["owner"], kept is None))
    return Kit(wave, questionnaire, tuple(forms), opened)
