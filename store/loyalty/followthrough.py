"""What the survey asks us to do: close the loop with unhappy customers, and show each plan
item's progress against its target.

Pure: plain Mappings in, drafts and rows out; nothing is written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .scores import Record, as_date, at_least, at_most
from .settings import Settings, effective_settings


def wave_order(wave: Record) -> tuple[date, str]:
    """Waves are ordered by date, then by id."""
    return as_date(wave["date"]), str(wave.get("id", ""))


@dataclass(frozen=True)
class FollowUpDraft:
    """A follow-up to create; :meth:`as_record` gives the ``followups`` fields."""

    account: str
    owner: str
    due: date
    what: str
    ref: str
    """Names what the follow-up is for (one or more refs separated by spaces); one with any
    of these refs is never created twice."""

    def as_record(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "owner": self.owner,
            "due": self.due.isoformat(),
            "what": self.what,
            "status": "open",
            "origin": "survey",
            "ref": self.ref,
        }


def close_the_loop(
    account: Record,
    wave: Record,
    responses: Iterable[Record],
    *,
    cls_now: str,
    cls_before: str | None,
    followups: Iterable[Record],
    today: date,
    contacts: Iterable[Record] = (),
    settings: Settings | None = None,
) -> list[FollowUpDraft]:
    """The follow-ups the survey asks for, for the account's owner, each due
    ``closing_the_loop.due_days`` (2) after ``today`` (the day the answers came in: an answer
    typed in or imported after the fact is followed up from then, not already overdue):

    * each customer response of this account in this wave with recommend <=
      ``closing_the_loop.recommend_max`` (6): ref ``loop:<response id>``;
    * the account turning Defector (Defector now, anything else or nothing before): ref
      ``loop:defector:<wave id>:<account id>``. When an answer of this call already asks for
      a follow-up, that one says the account turned Defector too and carries both refs
      (one conversation, one follow-up); when a follow-up closing the loop in this wave is
      still open, none is added.

    A draft is left out when any follow-up holds one of its refs (a follow-up's ``ref`` may
    hold several, separated by spaces), open or done, so calling this again creates nothing
    twice. Responses of other accounts or waves and employee mirrors are ignored.
    """
    loop = effective_settings(settings)["closing_the_loop"]
    due = today + timedelta(days=int(loop["due_days"]))
    followups = list(followups)
    taken = {ref for f in followups for ref in str(f.get("ref") or "").split()}
    names = {str(c["id"]): str(c.get("name", "")) for c in contacts if "id" in c}
    account_id, wave_id = str(account["id"]), str(wave["id"])
    wave_name = str(wave.get("name") or wave_id)
    owner = str(account.get("owner", ""))
    drafts: list[FollowUpDraft] = []
    in_wave: set[str] = set()
    for r in responses:
        if str(r.get("account")) != account_id or str(r.get("wave")) != wave_id:
            continue
        key = str(r.get("id") or f"{wave_id}:{account_id}:{r.get('contact') or ''}")
        in_wave.add(f"loop:{key}")
        score = r.get("recommend")
        if (
            r.get("respondent", "customer") != "customer"
            or not isinstance(score, int | float)
            or not at_most(score, loop["recommend_max"])
            or f"loop:{key}" in taken
        ):
            continue
        who = names.get(str(r.get("contact")), "") or "a customer"
        what = f"Close the loop: {who} would recommend us {score} of 10 ({wave_name})"
        taken.add(f"loop:{key}")
        drafts.append(FollowUpDraft(account_id, owner, due, what, f"loop:{key}"))
    defector = f"loop:defector:{wave_id}:{account_id}"
    if cls_now != "Defector" or cls_before == "Defector" or defector in taken:
        return drafts
    was = f" (was {cls_before})" if cls_before else ""
    if drafts:
        first = drafts[0]
        drafts[0] = FollowUpDraft(
            account_id,
            owner,
            due,
            f"{first.what}; the account turned Defector{was}",
            f"{first.ref} {defector}",
        )
        return drafts
    still_open = any(
        f.get("status", "open") == "open" and in_wave & set(str(f.get("ref") or "").split())
        for f in followups
    )
    if not still_open:
        what = f"Close the loop: the account turned Defector in {wave_name}{was}"
        drafts.append(FollowUpDraft(account_id, owner, due, what, defector))
    return drafts


@dataclass(frozen=True)
class PlanProgress:
    """One plan item's score before and after, against its target."""

    item: str
    what: str
    factor: str
    status: str
    target: float | None
    before_wave: str | None
    before: float | None
    after_wave: str | None
    after: float | None
    met: bool | None
    """``after >= target``; None when either is missing."""


def plan_progress(
    plan_items: Iterable[Record],
    waves: Sequence[Record],
    customer_by_wave: Mapping[str, Mapping[str, float]],
    *,
    upto: str | None = None,
) -> tuple[PlanProgress, ...]:
    """Progress of each plan item that names a factor (dropped items are left out).

    ``customer_by_wave``: wave id -> the account's customer factor means in that wave (only
    waves where the account has customer responses). Before: the factor's mean in the
    wave the item was planned on. After: its mean in the newest wave after that one (by
    date, then id) that has customer responses, up to wave ``upto`` when given (items
    planned on a wave after ``upto`` are left out); an item planned on no wave, or on a
    wave not among ``waves``, compares with the newest such wave. ``met = after >= target``.
    Any of these is None where the wave, the answer or the target is missing.
    """
    ordered = sorted(waves, key=wave_order)
    ids = [str(w["id"]) for w in ordered]
    if upto in ids:
        ordered = ordered[: ids.index(upto) + 1]
    by_id = {str(w["id"]): w for w in ordered}
    rows = []
    for item in plan_items:
        factor = str(item.get("factor") or "")
        planned_id = str(item.get("wave") or "")
        if not factor or item.get("status") == "dropped":
            continue
        if planned_id in ids and planned_id not in by_id:
            continue  # planned on a wave after ``upto``: it did not exist yet
        planned = by_id.get(planned_id)
        later = [
            w
            for w in ordered
            if str(w["id"]) in customer_by_wave
            and (planned is None or wave_order(w) > wave_order(planned))
        ]
        before_wave = str(planned["id"]) if planned is not None else None
        after_wave = str(later[-1]["id"]) if later else None
        before = customer_by_wave.get(before_wave or "", {}).get(factor)
        after = customer_by_wave.get(after_wave or "", {}).get(factor)
        target = item.get("target")
        target = float(target) if isinstance(target, int | float) else None
        met = None if after is None or target is None else at_least(after, target)
        rows.append(
            PlanProgress(
                item=str(item.get("id", "")),
                what=str(item.get("what", "")),
                factor=factor,
                status=str(item.get("status") or "open"),
                target=target,
                before_wave=before_wave,
                before=before,
                after_wave=after_wave,
                after=after,
                met=met,
            )
        )
    return tuple(rows)
