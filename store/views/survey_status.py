"""Response rates of a survey wave: forms issued, answered, the rate overall and per account
and owner, the mirrors still missing, and the contacts who have not answered (for reminders).

Who counts:

* **invited**: every customer contact given a form (a response code) in the wave, and every
  contact who answered without one (typed in, at the kiosk); an answer without a contact
  (an anonymous imported row) counts as one invited who answered;
* **answered**: the invited who have a customer response in the wave;
* **mirror**: the account has an employee-mirror response in the wave (by anyone on our
  side); a missing mirror is listed for every account the wave covers without one.

The accounts the wave covers are those with a form (code) or a response in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..engine.store import Store
from ..records.codes import shown
from ..records.names import fold
from ..records.records import Record


@dataclass(frozen=True)
class Waiting:
    """A contact invited who has not answered yet."""

    account: str
    contact: str
    email: str
    code: str
    """The form's code as printed (empty: invited without a form)."""


@dataclass(frozen=True)
class AccountRate:
    account_id: str
    account: str
    owner: str
    invited: int
    answered: int
    mirror: bool
    mirror_issued: bool

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True)
class OwnerRate:
    owner: str
    accounts: int
    invited: int
    answered: int
    mirrors_missing: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True)
class WaveStatus:
    wave: Record
    issued: int
    """Forms given a code: customer forms and mirror forms."""
    mirrors_issued: int
    invited: int
    answered: int
    accounts: tuple[AccountRate, ...]
    owners: tuple[OwnerRate, ...]
    waiting: tuple[Waiting, ...]

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None

    @property
    def mirrors_missing(self) -> tuple[AccountRate, ...]:
        return tuple(a for a in self.accounts if not a.mirror)


def wave_status(store: Store, wave_id: str) -> WaveStatus:
    wave = store.require("waves", wave_id)
    codes = [c for c in store.all("survey_codes") if c["wave"] == wave_id]
    per: dict[str, dict[str, Any]] = {}

    def slot(account_id: str) -> dict[str, Any]:
        return per.setdefault(
            account_id,
            {"invited": {}, "answered": set(), "anonymous": 0, "mirror": False, "issued": False},
        )

    for code in codes:
        entry = slot(code["account"])
        if code["respondent"] == "employee":
            entry["issued"] = True
        elif code.get("contact"):
            entry["invited"][code["contact"]] = code["code"]
    for r in store.all("responses"):
        if r["wave"] != wave_id:
            continue
        entry = slot(r["account"])
        if r["respondent"] == "employee":
            entry["mirror"] = True
        elif r.get("contact"):
            entry["invited"].setdefault(r["contact"], "")
            entry["answered"].add(r["contact"])
        else:
            entry["anonymous"] += 1
    rates: list[AccountRate] = []
    waiting: list[Waiting] = []
    for account_id, entry in per.items():
        account = store.get("accounts", account_id)
        if account is None:
            continue
        invited = len(entry["invited"]) + entry["anonymous"]
        answered = len(entry["answered"]) + entry["anonymous"]
        rates.append(
            AccountRate(
                account_id,
                account["name"],
                account["owner"],
                invited,
                answered,
                entry["mirror"],
                entry["issued"],
            )
        )
        for contact_id, code in entry["invited"].items():
            if contact_id in entry["answered"]:
                continue
            contact = store.get("contacts", contact_id)
            if contact is not None:
                waiting.append(
                    Waiting(
                        account["name"],
                        contact["name"],
                        contact.get("email") or "",
                        shown(code) if code else "",
                    )
                )
    rates.sort(key=lambda a: (fold(a.account), a.account_id))
    waiting.sort(key=lambda w: (fold(w.account), fold(w.contact)))
    owners: dict[str, list[AccountRate]] = {}
    for rate in rates:
        owners.setdefault(rate.owner, []).append(rate)
    owner_rates = tuple(
        OwnerRate(
            owner,
            len(mine),
            sum(a.invited for a in mine),
            sum(a.answered for a in mine),
            sum(1 for a in mine if not a.mirror),
        )
        for owner, mine in sorted(owners.items(), key=lambda kv: fold(kv[0]))
    )
    mirrors = sum(1 for c in codes if c["respondent"] == "employee")
    return WaveStatus(
        wave=wave,
        issued=len(codes),
        mirrors_issued=mirrors,
        invited=sum(a.invited for a in rates),
        answered=sum(a.answered for a in rates),
        accounts=tuple(rates),
        owners=owner_rates,
        waiting=tuple(waiting),
    )


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def status_to_json(status: WaveStatus) -> dict[str, Any]:
    """For ``rapport survey status --format json``; rates are shares (0.5 is half)."""
    w = status.wave
    return {
        "wave": w["name"],
        "wave_id": w["id"],
        "date": w["date"],
        "status": w["status"],
        "issued": status.issued,
        "mirrors_issued": status.mirrors_issued,
        "invited": status.invited,
        "answered": status.answered,
        "rate": _rate(status.rate),
        "accounts": [
            {
                "account": a.account,
                "account_id": a.account_id,
                "owner": a.owner,
                "invited": a.invited,
                "answered": a.answered,
                "rate": _rate(a.rate),
                "mirror": a.mirror,
                "mirror_issued": a.mirror_issued,
            }
            for a in status.accounts
        ],
        "owners": [
            {
                "owner": o.owner,
                "accounts": o.accounts,
                "invited": o.invited,
                "answered": o.answered,
                "rate": _rate(o.rate),
                "mirrors_missing": o.mirrors_missing,
            }
            for o in status.owners
        ],
        "mirrors_missing": [a.account for a in status.mirrors_missing],
        "not_answered": [
            {"account": x.account, "contact": x.contact, "email": x.email, "code": x.code}
            for x in status.waiting
        ],
    }


def rates_by_wave(store: Store) -> dict[str, tuple[int, float | None]]:
    """Per wave id: (forms issued, response rate), counted as :func:`wave_status` does, in
    one pass over the file (for the surveys screen's list of waves). A wave that sent no
    customer form has no rate (everyone counted answered)."""
    issued: dict[str, int] = {}
    sent: set[str] = set()
    invited: dict[str, set[Any]] = {}
    answered: dict[str, set[Any]] = {}
    for code in store.all("survey_codes"):
        issued[code["wave"]] = issued.get(code["wave"], 0) + 1
        if code["respondent"] == "customer" and code.get("contact"):
            invited.setdefault(code["wave"], set()).add(code["contact"])
            sent.add(code["wave"])
    for r in store.all("responses"):
        if r["respondent"] != "customer":
            continue
        who = r.get("contact") or r["id"]  # an anonymous answer is one invited, answered
        invited.setdefault(r["wave"], set()).add(who)
        answered.setdefault(r["wave"], set()).add(who)
    return {
        w["id"]: (
            issued.get(w["id"], 0),
            len(answered.get(w["id"], ())) / len(invited[w["id"]])
            if invited.get(w["id"]) and w["id"] in sent
            else None,
        )
        for w in store.all("waves")
    }
