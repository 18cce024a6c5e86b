"""The file as it stood on a day: what ``--as-of D`` reads.

:class:`AsOf` is a read-only view of a :class:`~rapport.store.engine.Store` (a
:class:`~rapport.store.views.reader.StoreReader`): the card, the accounts list, the agenda and the
portfolio read it as they read the store, and see only what had happened by the end of D,
each record as it was then. One mechanism, so no number can forget it.

A record is dated by the day it happened (never by when it was typed in: an import or a
demo file types in years of history at once):

==============  ==========================================================================
waves           their date; so the card's wave is the newest one dated on or before D
responses       their wave's date and their own date
interactions    their date (so is engagement, the days since the last contact)
stage changes   their date
opportunities   the day they were noticed
promises        the day they were made (else the interaction they came from); one kept or
                broken after D was still open
complaints      the day they were raised; one resolved after D was open (escalated if it
                names whom it went to)
follow-ups      the interaction they came from, the survey answer that closed the loop (or
                the wave's answers that raised an alert), the day an opportunity was
                passed to sales; one done after D was still open
plan items      one planned on a wave after D is not there yet; one done after D was open
==============  ==========================================================================

Records with no such date (accounts, contacts, a follow-up or promise typed in on its own,
questionnaires, settings) are kept as they are: an account has its owner, tier and stage of
today, and the stage history says what it was before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import Any

from ..engine import Store
from ..errors import NotFound, StoreError
from ..records import Record, find_wave
from .reader import StoreReader


def _day(value: Any) -> str:
    """The ISO day of a date field ("" when there is none)."""
    return str(value)[:10] if value else ""


def _as(record: Record, **changes: Any) -> Record:
    return MappingProxyType({**record, **changes})


class AsOf:
    """The records of ``store`` as they stood at the end of ``day`` (read-only)."""

    def __init__(self, store: Store, day: date) -> None:
        self.store = store
        self.day = day
        self.ctx = replace(store.ctx, as_of=day)
        self._iso = day.isoformat()
        self._wave_days = {str(w["id"]): _day(w.get("date")) for w in store.all("waves")}
        self._answered: dict[str, dict[str, str]] = {}
        """Account id -> {response id: the day it came in} (for closing-the-loop follow-ups)."""
        self._then: dict[str, Callable[[Record], Record | None]] = {
            "waves": self._by("date"),
            "responses": self._response,
            "interactions": self._by("date"),
            "stage_changes": self._by("date"),
            "opportunities": self._by("noticed"),
            "promises": self._promise,
            "complaints": self._complaint,
            "followups": self._followup,
            "plan_items": self._plan_item,
        }

    # -- the StoreReader's methods-------------------------------------------------------

    def get(self, table: str, record_id: str) -> Record | None:
        record = self.store.get(table, record_id)
        return None if record is None else self._as_of(table, record)

    def require(self, table: str, record_id: str) -> Record:
        record = self.get(table, record_id)
        if record is None:
            raise NotFound(table, record_id)
        return record

    def all(self, table: str) -> Iterator[Record]:
        for record in self.store.all(table):
            then = self._as_of(table, record)
            if then is not None:
                yield then

    def all_with_words(self, table: str, words: Iterable[str]) -> Iterator[Record]:
        for record in self.store.all_with_words(table, words):
            then = self._as_of(table, record)
            if then is not None:
                yield then

    def account_stamps(self) -> dict[str, str] | None:
        return None  # the file as it stood on a day: nothing derived is kept for it

    def count(self, table: str) -> int:
        return sum(1 for _ in self.all(table))

    def for_account(self, table: str, account_id: str) -> list[Record]:
        out = []
        for record in self.store.for_account(table, account_id):
            then = self._as_of(table, record)
            if then is not None:
                out.append(then)
        return out

    def for_account_holding(
        self, table: str, account_id: str, needles: Iterable[str]
    ) -> list[Record]:
        out = []
        for record in self.store.for_account_holding(table, account_id, needles):
            then = self._as_of(table, record)
            if then is not None:
                out.append(then)
        return out

    def interaction_dates(self, account_id: str) -> list[str]:
        return [d for d in self.store.interaction_dates(account_id) if d <= self._iso]

    def last_contact(self, account_id: str) -> str | None:
        return max(self.interaction_dates(account_id), default=None)

    # -- each table as it stood ------------------------------------------------------------

    def _as_of(self, table: str, record: Record) -> Record | None:
        then = self._then.get(table)
        return record if then is None else then(record)

    def _after(self, day: Any) -> bool:
        return bool(day) and _day(day) > self._iso

    def _by(self, field: str) -> Callable[[Record], Record | None]:
        def then(record: Record) -> Record | None:
            return None if self._after(record.get(field)) else record

        return then

    def _response(self, record: Record) -> Record | None:
        wave_day = self._wave_days.get(str(record.get("wave")), "")
        if self._after(wave_day) or self._after(record.get("date")):
            return None
        return record

    def _made_on(self, record: Record, field: str) -> str:
        """When a promise or follow-up was made: ``field``, else its interaction's date."""
        if record.get(field):
            return _day(record[field])
        interaction = record.get("interaction")
        if interaction:
            return self.store.interaction_date(str(record["account"]), str(interaction)) or ""
        return ""

    def _promise(self, record: Record) -> Record | None:
        if self._after(self._made_on(record, "made_on")):
            return None
        if record.get("status") != "open" and self._after(record.get("closed_on")):
            return _as(record, status="open", closed_on=None)
        return record

    def _complaint(self, record: Record) -> Record | None:
        if self._after(record.get("raised")):
            return None
        if record.get("status") == "resolved" and self._after(record.get("resolved_on")):
            status = "escalated" if record.get("escalated_to") else "open"
            return _as(record, status=status, resolution="", resolved_on=None)
        return record

    def _followup(self, record: Record) -> Record | None:
        if self._after(self._made_on(record, "") or self._loop_day(record)):
            return None
        if record.get("status") == "done" and self._after(record.get("done_on")):
            return _as(record, status="open", done_on=None)
        return record

    def _loop_day(self, record: Record) -> str:
        """The day the survey answer came in that made a follow-up closing the loop (or an
        alert between waves), or the day an opportunity was passed to sales."""
        ref = (str(record.get("ref") or "").split() or [""])[0]
        parts = ref.split(":")
        if parts[0] == "opportunity" and len(parts) >= 2:  # opportunity:<id>:<whom>
            opp = self.store.get("opportunities", parts[1])
            return _day(opp.get("passed_on") or opp.get("noticed")) if opp else ""
        if parts[0] not in ("loop", "alert"):
            return ""
        answered = self._answers(str(record["account"]))
        if parts[0] == "alert" or (len(parts) == 4 and parts[1] == "defector"):
            # alert:<wave>:<account>, loop:defector:<wave>:<account>: the wave's answers
            wave = parts[1] if parts[0] == "alert" else parts[2]
            return max([d for key, d in answered.items() if key.startswith(wave + ":")], default="")
        return answered.get(parts[1], "") if len(parts) == 2 else ""

    def _answers(self, account_id: str) -> dict[str, str]:
        """The day each of the account's responses came in (by id), and the day of the
        newest customer answer in each wave (by ``<wave id>:``)."""
        known = self._answered.get(account_id)
        if known is None:
            known = self._answered[account_id] = {}
            for r in self.store.for_account("responses", account_id):
                wave = str(r.get("wave"))
                day = max(_day(r.get("date")), self._wave_days.get(wave, ""))
                known[str(r["id"])] = day
                if r.get("respondent") == "customer":
                    known[f"{wave}:"] = max(known.get(f"{wave}:", ""), day)
        return known

    def _plan_item(self, record: Record) -> Record | None:
        if self._after(self._wave_days.get(str(record.get("wave")), "")):
            return None
        if record.get("status") == "done" and self._after(record.get("done_on")):
            return _as(record, status="open", done_on=None)
        return record


def as_of_view(store: Store) -> StoreReader:
    """The records as ``--as-of`` asks for them: the file as it stood on the context's
    fixed day, or the store itself when no day is fixed."""
    day = store.ctx.as_of
    return store if day is None else AsOf(store, day)


def wave_as_of(store: Store, ref: str) -> Record:
    """The survey wave named ``ref`` (:func:`~rapport.store.records.find_wave`), refused with
    a reason when it is dated after the context's fixed day (the file had not seen it)."""
    wave = find_wave(store, ref)
    day = store.ctx.as_of
    if day is not None and _day(wave.get("date")) > day.isoformat():
        raise StoreError(
            f"survey wave {wave['name']!r} is dated {_day(wave['date'])}, after {day}: "
            f"the file as it stood on {day} holds no such wave"
        )
    return wave
