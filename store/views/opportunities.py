"""Opportunities handed to sales: every account's, value first; what an account has won;
the referrals an account gave (opportunities that name it as their referrer). (The name a
hand-off is given to is checked as every person's is: ``people.py``.)

Statuses: ``open`` (noticed, not yet passed), ``passed`` (to sales), ``won``, ``lost``.
Won and lost keep their value and the day they closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..engine.store import Store
from ..records.names import fold
from ..records.records import Record

STATUSES = ("open", "passed", "won", "lost")


@dataclass(frozen=True, slots=True)
class OpportunityRow:
    id: str
    account_id: str
    account: str
    owner: str
    """The account's owner (who noticed it may be someone else)."""
    what: str
    value: float
    status: str
    noticed: str
    noticed_by: str
    passed_to: str
    passed_on: str | None
    closed_on: str | None
    referred_by_id: str | None
    referred_by: str
    """The name of the account that referred it ("" for none)."""
    search: str


def opportunity_row(store: Store, record: Record, names: dict[str, str]) -> OpportunityRow:
    account_id = str(record["account"])
    account = store.get("accounts", account_id) or {}
    referrer = record.get("referred_by")
    name = str(account.get("name", ""))
    referred = names.get(str(referrer), "") if referrer else ""
    return OpportunityRow(
        id=str(record["id"]),
        account_id=account_id,
        account=name,
        owner=str(account.get("owner", "")),
        what=str(record.get("what", "")),
        value=float(record.get("value") or 0),
        status=str(record.get("status") or "open"),
        noticed=str(record.get("noticed") or ""),
        noticed_by=str(record.get("noticed_by") or ""),
        passed_to=str(record.get("passed_to") or ""),
        passed_on=record.get("passed_on"),
        closed_on=record.get("closed_on"),
        referred_by_id=str(referrer) if referrer else None,
        referred_by=referred,
        search=fold(f"{name} {record.get('what', '')} {record.get('passed_to', '')} {referred}"),
    )


def as_it_stood(record: Record, day: str) -> Record | None:
    """The opportunity as it stood on ``day`` (ISO): None if noticed after it; passed if it
    was won or lost after it; open if it was passed after it."""
    if str(record.get("noticed") or "") > day:
        return None
    status, passed_on, closed_on = (
        record.get("status"),
        record.get("passed_on"),
        record.get("closed_on"),
    )
    if status in ("won", "lost") and closed_on and closed_on > day:
        status, closed_on = ("passed" if passed_on and passed_on <= day else "open"), None
    if status == "passed" and passed_on and passed_on > day:
        status, passed_on = "open", None
    if status == record.get("status"):
        return record
    return {**record, "status": status, "passed_on": passed_on, "closed_on": closed_on}


def opportunity_rows(
    store: Store,
    *,
    status: str | None = None,
    owner: str | None = None,
    as_of: date | None = None,
) -> list[OpportunityRow]:
    """Every opportunity (with ``status``; of accounts ``owner`` owns or passed to
    ``owner``, names folded), highest value first, then the newest noticed. ``as_of``: as
    they stood on that day (:func:`as_it_stood`)."""
    names = {a["id"]: str(a["name"]) for a in store.all("accounts")}
    wanted = fold(owner) if owner else None
    day = as_of.isoformat() if as_of else None
    rows = []
    for stored in store.all("opportunities"):
        record = as_it_stood(stored, day) if day else stored
        if record is None or (status and record.get("status") != status):
            continue
        row = opportunity_row(store, record, names)
        if wanted and wanted not in (fold(row.owner), fold(row.passed_to)):
            continue
        rows.append(row)
    rows.sort(key=lambda r: (fold(r.account), r.id))
    rows.sort(key=lambda r: r.noticed, reverse=True)
    rows.sort(key=lambda r: -r.value)  # stable: value first, then the newest noticed
    return rows


def opportunity_to_json(row: OpportunityRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "account": row.account,
        "account_id": row.account_id,
        "owner": row.owner,
        "what": row.what,
        "value": row.value,
        "status": row.status,
        "noticed": row.noticed,
        "noticed_by": row.noticed_by,
        "passed_to": row.passed_to,
        "passed_on": row.passed_on,
        "closed_on": row.closed_on,
        "referred_by": row.referred_by or None,
    }


@dataclass(frozen=True)
class Referrals:
    """The opportunities an account referred to us."""

    given: int
    won: int
    won_value: float


def referrals_given(store: Store, account_id: str) -> Referrals:
    """The opportunities that name the account as the one that referred them (only the
    records whose text names it are decoded: opening an account must not decode them all)."""
    given = won = 0
    value = 0.0
    for record in store.all_with_words("opportunities", [account_id]):
        if record.get("referred_by") != account_id:
            continue
        given += 1
        if record.get("status") == "won":
            won += 1
            value += float(record.get("value") or 0)
    return Referrals(given, won, value)


def won(store: Store, account_id: str) -> tuple[float, int]:
    """The value and number of the account's won opportunities."""
    records = [o for o in store.for_account("opportunities", account_id) if o["status"] == "won"]
    return float(sum(float(o.get("value") or 0) for o in records)), len(records)
