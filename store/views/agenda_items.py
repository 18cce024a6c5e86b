"""The agenda's relationship items (issue 15), which :func:`.agenda_list.agenda` adds to the
follow-ups, promises and the rest it ranks:

* **appointment**: a planned meeting or call on its day with its time, in the next
  :data:`APPOINTMENTS_AHEAD` days; once its time has passed it asks whether it was held
  (overdue until it is logged or cancelled);
* **renewal**: an account that is not an Ambassador whose renewal date falls in the next
  :data:`RENEWALS_AHEAD` days (or passed in the last :data:`RENEWAL_LATE` without a new one);
* **gesture**: a decision maker of a key account who had no gesture, gift or card in
  :data:`PRIVILEGE_DAYS` days;
* **referral**: an Ambassador not asked for a referral or a reference (an interaction of
  kind ``referral``) in :data:`REFERRAL_DAYS` days.

:func:`annotate_dates` adds to each coming birthday and anniversary whether a gesture, gift
or card for that person was logged this year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Protocol, TypeVar

from ..loyalty.card import classify
from ..loyalty.followthrough import wave_order
from ..loyalty.scores import survey
from ..records.records import Record
from ..records.schema import GESTURE_KINDS
from .cards import Shared
from .dated import shared_as_of
from .reader import StoreReader as Store

APPOINTMENTS_AHEAD = 14
RENEWALS_AHEAD = 60
RENEWAL_LATE = 30
PRIVILEGE_DAYS = 365
REFERRAL_DAYS = 365


def class_of(store: Store, account_id: str, shared: Shared) -> str:
    """The account's class in its newest wave with a customer response (as its card has
    it), without working out the rest of the card."""
    responses = [
        r for r in store.for_account("responses", account_id) if r["respondent"] == "customer"
    ]
    if not responses:
        return "Unsurveyed"
    by_wave: dict[str, list[Record]] = {}
    for r in responses:
        by_wave.setdefault(str(r["wave"]), []).append(r)
    questionnaires = {str(q["id"]): q for q in shared.questionnaires}
    newest_q = max(questionnaires.values(), key=lambda q: q.get("number", 0), default=None)
    for wave in sorted(shared.waves, key=wave_order, reverse=True):
        rs = by_wave.get(str(wave["id"]))
        if rs:
            questionnaire = questionnaires.get(str(wave.get("questionnaire")), newest_q)
            contacts = store.for_account("contacts", account_id)
            ws = survey(rs, questionnaire, contacts, shared.settings)
            return classify(
                ws.satisfaction, ws.recommend, ws.switch, surveyed=True, settings=shared.settings
            )
    return "Unsurveyed"


def of_kinds(store: Store, account_id: str, kinds: Iterable[str], until: str) -> list[Record]:
    """The account's interactions of ``kinds`` dated ``until`` or before, decoding only those
    (an account has hundreds of interactions; a kind is found in a record's text first)."""
    wanted = frozenset(kinds)
    needles = [f'"kind":"{k}"' for k in wanted]
    return [
        r
        for r in store.for_account_holding("interactions", account_id, needles)
        if r.get("kind") in wanted and str(r.get("date")) <= until
    ]


def time_now(store: Store, today: date) -> str:
    """The time of day it is on ``today`` ("24:00" when the clock is past that day, as
    with ``--as-of`` a day gone by; "00:00" when it has not begun)."""
    now = store.ctx.now().astimezone()
    if now.date() > today:
        return "24:00"
    if now.date() < today:
        return "00:00"
    return now.strftime("%H:%M")


Add = Callable[..., None]
T = TypeVar("T")


class Item(Protocol):
    """What is read of an agenda item here (:class:`.agenda_list.AgendaItem` has it)."""

    @property
    def kind(self) -> str: ...
    @property
    def when(self) -> str: ...
    @property
    def account_id(self) -> str: ...
    @property
    def what(self) -> str: ...
    @property
    def table(self) -> str | None: ...
    @property
    def record_id(self) -> str | None: ...


ItemT = TypeVar("ItemT", bound=Item)


def relationship_items(
    store: Store, today: date, make: Callable[..., T], *, owner: str | None = None
) -> list[T]:
    """The items above for accounts ``owner`` owns (appointments also where ``owner`` goes),
    every account's when ``owner`` is None, each made by ``make`` (the agenda's item class,
    with its fields as keywords). Unranked: the agenda ranks them with the rest."""
    shared = shared_as_of(store, today)
    clock = time_now(store, today)
    items: list[T] = []
    for account in store.all("accounts"):
        mine = owner is None or account["owner"] == owner

        def add(kind: str, when: str, what: str, *, who: str | None = None, **more: Any) -> None:
            fields = {"overdue": False, "severity": None, **more}
            items.append(
                make(
                    kind=kind,
                    when=when,
                    account_id=account["id"],  # noqa: B023
                    account=account["name"],  # noqa: B023
                    owner=who or account["owner"],  # noqa: B023
                    what=what,
                    value=float(account.get("value") or 0),  # noqa: B023
                    **fields,
                )
            )

        _appointments(store, account, today, clock, owner, mine, add)
        if not mine:
            continue
        cls: str | None = None
        renewal = account.get("renewal")
        if renewal:
            cls = class_of(store, account["id"], shared)
            _renewal(str(renewal), cls, today, add)
        if account["tier"] == "key":
            _gestures(store, account, today, add)
        if (cls or class_of(store, account["id"], shared)) == "Ambassador":
            _referral(store, account, today, add)
    return items


def _appointments(
    store: Store,
    account: Record,
    today: date,
    clock: str,
    owner: str | None,
    mine: bool,
    add: Add,
) -> None:
    horizon = (today + timedelta(days=APPOINTMENTS_AHEAD)).isoformat()
    iso = today.isoformat()
    for a in store.for_account("appointments", account["id"]):
        if a["status"] != "planned" or a["date"] > horizon:
            continue
        if not (mine or a["owner"] == owner):
            continue
        names = _names(store, account["id"], a.get("contacts") or ())
        with_whom = f" with {names}" if names else ""
        where = f" at {a['place']}" if a.get("place") else ""
        past = a["date"] < iso or (a["date"] == iso and a["time"] <= clock)
        what = f"{a['kind']}{with_whom}{where}: {a['summary']}"
        if past:
            what = f"was it held? {what}"
        add(
            "appointment",
            a["date"],
            what,
            overdue=past,
            severity="amber" if past else None,
            table="appointments",
            record_id=a["id"],
            who=a["owner"],
            time=a["time"],
        )


def _names(store: Store, account_id: str, contact_ids: Iterable[str]) -> str:
    wanted = set(contact_ids)
    if not wanted:
        return ""
    return ", ".join(
        c["name"] for c in store.for_account("contacts", account_id) if c["id"] in wanted
    )


def _renewal(renewal: str, cls: str, today: date, add: Add) -> None:
    if cls == "Ambassador":
        return
    try:
        day = date.fromisoformat(renewal)
    except ValueError:
        return
    days = (day - today).days
    if days > RENEWALS_AHEAD or days < -RENEWAL_LATE:
        return
    if days < 0:
        what = f"renewal was due {-days} days ago ({cls}): renewed? E sets the next date"
    else:
        what = f"renews in {days} days ({cls}): make it safe before then"
    add("renewal", renewal, what, overdue=days < 0, severity="amber" if days < 0 else None)


def _last_of(
    interactions: Iterable[Record], kinds: Iterable[str], contact: str | None = None
) -> str | None:
    wanted = set(kinds)
    dates = [
        i["date"]
        for i in interactions
        if i["kind"] in wanted and (contact is None or contact in (i.get("contacts") or ()))
    ]
    return max(dates) if dates else None


def _gestures(store: Store, account: Record, today: date, add: Add) -> None:
    deciders = [c for c in store.for_account("contacts", account["id"]) if c["decision_maker"]]
    if not deciders:
        return
    since = (today - timedelta(days=PRIVILEGE_DAYS)).isoformat()
    iso = today.isoformat()
    interactions = of_kinds(store, account["id"], GESTURE_KINDS, iso)
    for c in deciders:
        last = _last_of(interactions, GESTURE_KINDS, c["id"])
        if last is not None and last >= since:
            continue
        role = f" ({c['role']})" if c.get("role") else ""
        ago = f"last one {last}" if last else "none logged yet"
        add(
            "gesture",
            iso,
            f"{c['name']}{role}, a decision maker: no gesture, gift or card in 12 months ({ago})",
            table="contacts",
            record_id=c["id"],
        )


def _referral(store: Store, account: Record, today: date, add: Add) -> None:
    iso = today.isoformat()
    last = _last_of(of_kinds(store, account["id"], ("referral",), iso), ("referral",))
    if last is not None and last >= (today - timedelta(days=REFERRAL_DAYS)).isoformat():
        return
    ago = f"last asked {last}" if last else "never asked"
    add(
        "referral",
        iso,
        f"Ambassador: ask for a referral or a reference ({ago}); log it as a referral",
    )


def annotate_dates(store: Store, items: list[ItemT], today: date) -> list[ItemT]:
    """Each coming birthday and anniversary with whether a gesture, gift or card for that
    person was logged this year (the year of the day itself)."""
    gifts: dict[str, list[Record]] = {}
    out = []
    iso = today.isoformat()
    for item in items:
        if item.kind not in ("birthday", "anniversary") or item.record_id is None:
            out.append(item)
            continue
        if item.account_id not in gifts:
            gifts[item.account_id] = of_kinds(store, item.account_id, GESTURE_KINDS, iso)
        year = item.when[:4]
        logged = [
            i["date"]
            for i in gifts[item.account_id]
            if i["date"][:4] == year and item.record_id in (i.get("contacts") or ())
        ]
        note = f"gesture logged {max(logged)}" if logged else f"no gesture logged in {year} yet"
        out.append(replace(item, what=f"{item.what} · {note}"))  # type: ignore[type-var]
    return out


def stamps(store: Store, items: Iterable[ItemT]) -> Mapping[ItemT, str]:
    """When what each item is about last changed (its record, else its account): what the
    iCalendar file gives as DTSTAMP, so that the file is the same when the agenda is."""
    out: dict[ItemT, str] = {}
    for item in items:
        record = store.get(item.table, item.record_id) if item.table and item.record_id else None
        record = record or store.get("accounts", item.account_id)
        out[item] = str(record.get("updated_at") or "") if record else ""
    return out
