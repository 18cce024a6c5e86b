"""The demo company's relationship depth: customer groups (one customer served by several
divisions), renewal dates, appointments in the coming days, referrals asked of happy
customers and opportunities they referred.

Drawn from a random stream of its own, after everything else, so the rest of the company
is the same with or without it.
"""

from __future__ import annotations

import random
from typing import Any

from . import words as w
from .base import Account, Rec, numbered

TIMES = ("08:30", "09:00", "09:30", "10:00", "11:00", "13:30", "14:00", "15:00", "16:30")
PLACES = ("their offices", "our offices", "video call", "on site", "their warehouse", "")
APPOINTMENT_SUMMARIES = (
    "Quarterly business review with {first}",
    "Walk {first} through the new price list",
    "Plan next year's volumes with {first}",
    "Site visit: see the line with {first}",
    "Renewal talk with {first}",
    "Introduce the new service team to {first}",
)
REFERRALS = (
    "Asked {first} whether they would recommend us to their partners",
    "{first} agreed to be a reference for a prospect",
    "Asked {first} for an introduction to a sister company",
)


class RelationshipMaker:
    """Mixed into the generator: uses its ``size``, ``out``, ``add`` and ``day``."""

    size: int
    out: dict[str, list[Rec]]
    staff: dict[str, list[str]]

    def add(self, table: str, *values: Any, record_id: str | None = None) -> str:
        raise NotImplementedError

    def day(self, ago: int) -> str:
        raise NotImplementedError

    def _relationships(self, seed: int, plans: list[Account]) -> None:
        rng = random.Random(f"relationships-{seed}")
        accounts = {r["id"]: r for r in self.out["accounts"]}
        companies = [a for a in plans if not a.b2c]
        self._groups(rng, companies, accounts)
        for a in companies:
            if rng.random() < 0.55:
                accounts[a.id]["renewal"] = self.day(-rng.randint(3, 420))
        for a in plans:
            r = rng.random()
            if a.contacts and r < 0.18:
                self._appointment(rng, a, -rng.randint(0, 13), "planned")
            elif a.contacts and r < 0.22:
                self._appointment(rng, a, rng.randint(1, 3), "planned")  # was it held?
            elif a.contacts and r < 0.24:
                self._appointment(rng, a, -rng.randint(1, 10), "cancelled")
            if a.contacts and a.health[2] >= 3.9 and rng.random() < 0.4:
                contact, first, _dm = a.contacts[0]
                summary = rng.choice(REFERRALS).format(first=first)
                ago = rng.randint(120, 700)
                self.add("interactions", a.id, self.day(ago), "referral", a.owner, [contact],
                         summary, 1)  # fmt: skip
        happy = [a.id for a in companies if a.health[2] >= 4.0]
        for opportunity in self.out["opportunities"]:
            if happy and rng.random() < 0.15:
                by = rng.choice(happy)
                if by != opportunity["account"]:
                    opportunity["referred_by"] = by

    def _groups(
        self, rng: random.Random, companies: list[Account], accounts: dict[str, Rec]
    ) -> None:
        """About one account in eight belongs to a group of 2-4 accounts of one customer,
        each served by another division."""
        pool = list(companies)
        rng.shuffle(pool)
        names: set[str] = set()
        for _ in range(len(companies) // 16):
            first = pool.pop() if pool else None
            if first is None:
                break
            members = [first]
            divisions = {accounts[first.id]["division"]}
            for other in list(pool):
                if len(members) >= rng.randint(2, 4):
                    break
                if accounts[other.id]["division"] not in divisions:
                    pool.remove(other)
                    members.append(other)
                    divisions.add(accounts[other.id]["division"])
            if len(members) < 2:
                continue
            stem = rng.choice(w.STEMS)
            name = numbered(names, lambda n: f"{stem} Group" + (f" {n}" if n else ""))  # noqa: B023
            for member in members:
                accounts[member.id]["group"] = name

    def _appointment(self, rng: random.Random, a: Account, ago: int, status: str) -> None:
        contact, first, _dm = rng.choice(a.contacts)
        kind = rng.choice(("meeting", "meeting", "call", "visit"))
        place = "" if kind == "call" else rng.choice(PLACES)
        summary = rng.choice(APPOINTMENT_SUMMARIES).format(first=first)
        minutes = rng.choice((30, 45, 60, 60, 90))
        self.add(
            "appointments", a.id, self.day(ago), rng.choice(TIMES), minutes, kind, a.owner,
            [contact], place, summary, status, None,
        )  # fmt: skip
