"""The demo company's timelines: two years of interactions per account, and the
follow-ups, promises, complaints and opportunities that come of them."""

from __future__ import annotations

import math
import random
from typing import Any

from ..records.schema import COMPLAINT_SEVERITIES
from . import words as w
from .base import CADENCE, KINDS, ROLES, TONED, Account, clamp, pick


class TimelineMaker:
    """Mixed into the generator: uses its ``rng``, ``wave_agos``, ``staff``, ``escalate_to``,
    ``add`` and ``day``."""

    rng: random.Random
    wave_agos: list[int]
    staff: dict[str, list[str]]
    escalate_to: list[str]

    def add(self, table: str, *values: Any, record_id: str | None = None) -> str:
        raise NotImplementedError

    def day(self, ago: int) -> str:
        raise NotImplementedError

    def _timeline(self, a: Account, count: int) -> None:
        """Interactions over two years and what came of them; some accounts losing touch."""
        rng, cadence, window = self.rng, CADENCE[a.tier], min(a.since, 730)
        r, lost = rng.random(), 0.06 + (0.08 if a.health[2] < 3 else 0)
        if r < lost:
            gap = rng.randint(2 * cadence + 1, 3 * cadence + 30)
        elif r < lost + 0.14:
            gap = rng.randint(cadence + 1, 2 * cadence)
        else:
            gap = rng.randint(1, cadence)
        gap = min(gap, window - 1)
        agos = sorted((rng.randint(gap, window) for _ in range(count - 1)), reverse=True)
        roles = ROLES["key" if a.tier == "key" else "other"]
        mid1 = (self.wave_agos[0] + self.wave_agos[1]) // 2
        mid2 = (self.wave_agos[1] + self.wave_agos[2]) // 2
        for ago in [*agos, gap]:
            h = a.health[0] if ago > mid1 else a.health[1] if ago > mid2 else a.health[2]
            role = pick(rng, roles)
            staff = a.owner if role == "owner" else rng.choice(self.staff[role])
            kind = pick(rng, KINDS[role])
            if kind == "complaint" and rng.random() < (h - 2) / 3:
                kind = "call"  # happy customers complain less
            sentiment = clamp(round((h - 3.3) * 0.9 + rng.gauss(0, 0.7)), -2, 2)
            if kind == "complaint":
                sentiment = min(sentiment, -1)
            elif kind in ("sale", "gift", "card"):
                sentiment = max(sentiment, 0)
            if kind == "note" and rng.random() < 0.5:
                people = []
            else:
                people = rng.sample(a.contacts, 2 if rng.random() < 0.2 else 1)
            first = people[0][1] if people else ""
            issue = rng.choice(w.ISSUES) if kind == "complaint" else ""
            summary = self._summary(kind, first, sentiment, issue)
            contacts = [p[0] for p in people]
            iid = self.add(
                "interactions", a.id, self.day(ago), kind, staff, contacts, summary, sentiment
            )
            self._consequences(a, iid, ago, kind, staff, first, issue, h)

    def _summary(self, kind: str, first: str, sentiment: int, issue: str) -> str:
        rng = self.rng
        topic = rng.choice(w.TOPICS)
        if not first:
            return rng.choice(w.NOTES_ALONE).format(topic=topic)
        text = rng.choice(w.SUMMARIES[kind]).format(
            first=first, topic=topic, issue=issue, product=rng.choice(w.PRODUCTS)
        )
        tone = rng.choice(w.TONE[sentiment]).format(first=first) if kind in TONED else ""
        return f"{text} {tone}" if tone else text

    def _consequences(
        self,
        a: Account,
        iid: str,
        ago: int,
        kind: str,
        staff: str,
        first: str,
        issue: str,
        h: float,
    ) -> None:
        """Follow-ups, promises, complaints and opportunities that come of an interaction."""
        rng, talk = self.rng, kind in ("call", "meeting", "visit")
        r = rng.random()
        if kind == "sale" and r < 0.6:
            what = w.THANKS.format(first=first)
            self._followup(a, ago, rng.randint(1, 5), staff, what, "sale", iid)
        elif (talk or kind == "email") and r < 0.12:
            what = rng.choice(w.FOLLOWUPS).format(first=first)
            self._followup(a, ago, rng.randint(2, 30), a.owner, what, "interaction", iid)
        if kind == "complaint":
            self._complaint(a, iid, ago, issue, first)
        if (talk or kind == "complaint") and rng.random() < (0.4 if kind == "complaint" else 0.07):
            self._promise(a, iid, ago, staff, first, h)
        if talk and rng.random() < 0.04:
            if ago < 20:
                status = rng.choice(("open", "passed"))
            else:
                mix = (40, 30, 30) if ago < 120 else (5, 45, 50)
                status = rng.choices(("passed", "won", "lost"), mix)[0]
            median = w.VALUE[a.tier][0] // (80 if a.b2c else 8)
            value = round(median * rng.uniform(0.2, 2) / 100) * 100
            sales = "" if status == "open" else rng.choice(self.staff["sales"])
            what = rng.choice(w.OPPORTUNITIES)
            passed = None if status == "open" else self.day(max(0, ago - 2))
            closed = self.day(max(0, ago - 45)) if status in ("won", "lost") else None
            self.add(
                "opportunities", a.id, what, self.day(ago), staff, value, sales, status, passed,
                closed, None,
            )  # fmt: skip

    def _followup(
        self, a: Account, ago: int, days: int, owner: str, what: str, origin: str,
        interaction: str | None, ref: str = "",
    ) -> None:  # fmt: skip
        """A follow-up made ``ago`` days back, due ``days`` later: mostly done once past due."""
        rng, due = self.rng, ago - days
        done: str | None = None
        if due > 0 and rng.random() < (0.88 if due < 45 else 0.995):
            done = self.day(clamp(due + rng.randint(-3, 2), 0, ago))
        elif due <= 0 and rng.random() < 0.15:
            done = self.day(rng.randint(0, ago))
        status = "open" if done is None else "done"
        self.add(
            "followups", a.id, self.day(due), owner, what, status, done, interaction, origin, ref
        )

    def _promise(self, a: Account, iid: str, ago: int, staff: str, first: str, h: float) -> None:
        rng = self.rng
        due, status, closed = ago - rng.randint(3, 40), "open", None
        if due <= 0:
            if rng.random() < 0.15:
                status, closed = "kept", rng.randint(0, ago)
        elif rng.random() >= (0.25 if due < 30 else 0.02):
            if rng.random() < min(0.97, 0.45 + 0.12 * h):
                status, closed = "kept", clamp(due + rng.randint(0, 5), 0, ago)
            else:
                status, closed = "broken", max(0, due - rng.randint(1, 20))
        what = rng.choice(w.PROMISES).format(first=first)
        made, closed_on = self.day(ago), None if closed is None else self.day(closed)
        interaction = iid if rng.random() < 0.85 else None
        self.add("promises", a.id, what, self.day(due), staff, made, status, closed_on, interaction)

    def _complaint(self, a: Account, iid: str, ago: int, issue: str, first: str) -> None:
        rng = self.rng
        unresolved, r = 0.75 * math.exp(-ago / 60) + 0.04, rng.random()  # old ones mostly settled
        status = "open" if r < unresolved / 2 else "escalated" if r < unresolved else "resolved"
        severity = rng.choices(COMPLAINT_SEVERITIES, (30, 40, 22, 8))[0]
        escalated = status == "escalated" or (
            severity in ("high", "critical") and rng.random() < 0.5
        )
        to = rng.choice(self.escalate_to) if escalated else ""
        resolution, resolved_on = "", None
        if status == "resolved":
            resolution = rng.choice(w.RESOLUTIONS).format(first=first)
            resolved_on = self.day(max(0, ago - rng.randint(1, 30)))
        summary = issue[0].upper() + issue[1:] + "."
        self.add(
            "complaints", a.id, self.day(ago), severity, summary, status, to, resolution,
            resolved_on, iid,
        )  # fmt: skip
