"""A deterministic demo company, for ``rapport --demo`` and ``rapport demo``.

:func:`generate` draws everything from one ``random.Random(seed)`` and reads no clock, so
the same arguments give the same records, byte for byte. Records are clean by construction
(every field, in schema order, exactly as :func:`~rapport.store.validate.clean` returns it):
the generator never validates, its tests do.

The company: 6-10 account managers (``me`` takes the first one's place so "mine" shows
something), support, sales and executives; tiers about 10% key, 30% growth, 60% standard;
about 10% private (B2C) customers. Each account has a latent health (1..5) at each of three
survey waves, drifting between them; survey answers, interaction sentiment, complaints,
promises kept, the stage and losing touch follow it, so the LoyaltyCard shows Ambassadors,
Opportunists and Defectors. Interactions cover the two years before ``today``, 20 per
account on average (more for key accounts). Some accounts form customer groups, many have
a renewal date, and the coming days hold appointments (``relationships.py``).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, fields
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..context import Context
from ..engine.newfile import write_new_file
from ..errors import StoreError
from ..records.defaults import DEFAULT_FACTORS, DEFAULT_SETTINGS, DEFAULT_STATEMENTS
from ..records.schema import SETTINGS_ID, STAGES, TABLES
from . import words as w
from .base import NAMES, TYPES, Account, Ids, Rec, numbered, pick, slug
from .relationships import RelationshipMaker
from .surveys import SurveyMaker
from .timeline import TimelineMaker

PER_ACCOUNT = 20
"""Interactions per account, on average over the company."""
WAVE_GAP = 243
"""Days between survey waves (about 8 months); the last is about a month before today."""
HEALTH = 3.65
"""The company's mean latent health; accounts drift back towards it between waves."""
PATH = ("exploration", "awareness", "expansion", "engagement")


class _Company(TimelineMaker, SurveyMaker, RelationshipMaker):  # TimelineMaker's _followup
    def __init__(self, accounts: int, seed: int, today: date, me: str | None) -> None:
        self.rng = rng = random.Random(seed)
        self.voices = random.Random(seed + 16_000)
        """Survey comments: drawn apart, so adding them left the rest of the demo as it was."""
        self.seed = seed
        self.size, self.today = accounts, today
        self.new_id = Ids(rng)
        self.out: dict[str, list[Rec]] = {table: [] for table in TABLES}
        self._days: dict[int, str] = {}
        self.names: set[str] = set()
        self.domains: set[str] = set()
        self.emails: set[str] = set()
        taken = {me} if me else set()

        def person() -> str:
            name = ""
            while not name or name in taken:
                name = f"{rng.choice(w.FIRST_NAMES)} {rng.choice(w.LAST_NAMES)}"
            taken.add(name)
            return name

        self.owners = [person() for _ in range(rng.randint(6, 10))]
        if me:
            self.owners[0] = me
        self.staff = {role: [person() for _ in range(n)] for role, n in w.STAFF.items()}
        self.escalate_to = [*self.staff["exec"], self.staff["support"][0]]
        self.divisions = rng.sample(w.DIVISIONS, rng.randint(3, 4))
        self.regions = rng.sample(list(w.REGIONS), rng.randint(4, 6))
        self.home = {o: (rng.choice(self.divisions), rng.choice(self.regions)) for o in self.owners}
        self.portfolio = tuple(accumulate(rng.uniform(0.6, 1.4) for _ in self.owners))
        self.wave_agos = [30 + WAVE_GAP * (2 - j) + rng.randint(-4, 4) for j in range(3)]
        self.waves: list[str] = []

    def day(self, ago: int) -> str:
        """The date ``ago`` days before today (after it if negative), as shared text."""
        text = self._days.get(ago)
        if text is None:
            text = self._days[ago] = (self.today - timedelta(days=ago)).isoformat()
        return text

    def add(self, table: str, *values: Any, record_id: str | None = None) -> str:
        """Append a record given its field values in schema order; return its id."""
        record_id = record_id or self.new_id()
        self.out[table].append(dict(zip(NAMES[table], (record_id, *values), strict=True)))
        return record_id

    def build(self) -> dict[str, list[Rec]]:
        self.out["settings"].append({"id": SETTINGS_ID, "values": copy.deepcopy(DEFAULT_SETTINGS)})
        factors, statements = copy.deepcopy(DEFAULT_FACTORS), copy.deepcopy(DEFAULT_STATEMENTS)
        created = self.day(self.wave_agos[0] + 21)
        qid = self.add("questionnaires", 1, "Loyalty survey", created, factors, statements)
        for j, ago in enumerate(self.wave_agos):
            when = self.today - timedelta(days=ago)
            name = f"{w.SEASONS[when.month - 1]} {when.year} loyalty survey"
            status = "open" if j == len(self.wave_agos) - 1 else "closed"
            self.waves.append(self.add("waves", name, self.day(ago), status, qid))
        plans = [self._plan_account(i) for i in range(self.size)]
        scale = PER_ACCOUNT * self.size / (sum(a.activity for a in plans) or 1)
        for i, a in enumerate(plans):
            self._account(i, a, max(2, round(a.activity * scale)))
        self._relationships(self.seed, plans)
        return self.out

    def _plan_account(self, i: int) -> Account:
        """Pass one: what decides how many interactions an account gets."""
        rng = self.rng
        step = max(1, self.size // len(w.SPECIAL_NAMES))
        special = i % step == 0 and i // step < len(w.SPECIAL_NAMES)
        b2c = not special and rng.random() < 0.1
        if b2c:
            tier = "growth" if rng.random() < 0.15 else "standard"
        else:
            tier = rng.choices(("key", "growth", "standard"), cum_weights=(11, 42, 100))[0]
        health = [min(4.9, max(1.3, rng.gauss(HEALTH, 0.65)))]
        for _ in range(2):
            h = health[-1]
            health.append(min(5.0, max(1.2, h + 0.2 * (HEALTH - h) + rng.gauss(0, 0.3))))
        leaving = 40 if health[2] < 2.6 else 12 if health[2] < 3.2 else 3
        stage = rng.choices(STAGES, weights=(2 if tier == "key" else 8, 14, 24, 46, leaving))[0]
        since = rng.randint(
            *{"exploration": (60, 400), "awareness": (200, 900)}.get(stage, (500, 4000))
        )
        activity = (
            w.ACTIVITY["b2c" if b2c else tier] * rng.uniform(0.6, 1.4) * min(since, 730) / 730
        )
        name = w.SPECIAL_NAMES[i // step] if special else ""
        h0, h1, h2 = health
        return Account(self.new_id(), tier, b2c, (h0, h1, h2), stage, since, activity, name)

    def _account(self, i: int, a: Account, interactions: int) -> None:
        rng = self.rng
        a.owner = (
            self.owners[0] if i == 0 else rng.choices(self.owners, cum_weights=self.portfolio)[0]
        )
        division, region = self.home[a.owner]  # mostly the owner's own patch
        division = rng.choice(self.divisions) if rng.random() < 0.2 else division
        region = rng.choice(self.regions) if rng.random() < 0.3 else region
        domain = self._name(a, region)
        median, step = w.VALUE[a.tier]
        if a.b2c:
            median, step = median // 10, 100
        value = round(median * rng.lognormvariate(0, 0.5) / step) * step
        kind = pick(rng, TYPES["b2c" if a.b2c else a.tier])
        bad_news = rng.choices(("slow", "normal", "fast"), cum_weights=(25, 80, 100))[0]
        tags = rng.sample(w.TAGS, rng.choices((0, 1, 2, 3), cum_weights=(35, 70, 90, 100))[0])
        notes = rng.choice(w.ACCOUNT_NOTES) if rng.random() < 0.15 else ""
        self.add(
            "accounts", a.name, a.owner, a.tier, value, division, region, kind, a.stage, bad_news,
            tags, a.b2c, notes, "", None, record_id=a.id,
        )  # fmt: skip
        self._stages(a)
        self._contacts(a, i, region, domain)
        self._timeline(a, interactions)
        self._surveys(a)
        if rng.random() < 0.3:
            what = rng.choice(w.MANUAL_FOLLOWUPS)
            self._followup(a, 0, rng.randint(1, 30), a.owner, what, "manual", None)

    def _name(self, a: Account, region: str) -> str:
        """Give the account a unique name; return its e-mail domain."""
        rng = self.rng
        if a.b2c:
            while not a.name or a.name in self.names:
                a.name = f"{rng.choice(w.FIRST_NAMES)} {rng.choice(w.LAST_NAMES)}"
            self.names.add(a.name)
            return rng.choice(w.MAIL_PROVIDERS)
        _, forms, towns = w.REGIONS[region]
        core, tries = " ".join(a.name.split()[:2]), 0
        while not a.name or a.name in self.names:
            tries += 1
            p, stem = rng.random(), rng.choice(w.STEMS)
            if p < 0.5:
                core = f"{stem} {rng.choice(w.INDUSTRIES)}"
            elif p < 0.7:
                core = f"{stem} & {rng.choice(w.STEMS)}"
            else:
                core = f"{rng.choice(towns)} {rng.choice(w.INDUSTRIES)}"
            a.name = f"{core} {rng.choice(forms)}"
            if tries > 10:
                a.name += f" ({rng.choice(towns)})" if tries < 40 else f" {tries}"
        self.names.add(a.name)
        base = slug(core) or "account"
        return numbered(self.domains, lambda n: f"{base}-{n}.example" if n else f"{base}.example")

    def _stages(self, a: Account) -> None:
        rng = self.rng
        if a.stage in PATH:
            path = PATH[: PATH.index(a.stage) + 1]
        else:
            path = (*PATH[: rng.randint(1, 4)], a.stage)
        agos = [a.since, *sorted(rng.sample(range(14, a.since), len(path) - 1), reverse=True)]
        previous = None
        for stage, ago in zip(path, agos, strict=True):
            self.add("stage_changes", a.id, stage, previous, self.day(ago), w.STAGE_NOTES[stage])
            previous = stage

    def _contacts(self, a: Account, i: int, region: str, domain: str) -> None:
        rng = self.rng
        count = 2 if a.b2c else rng.randint(*{"key": (4, 5), "growth": (3, 4)}.get(a.tier, (2, 4)))
        family = a.name.split(" ", 1)[1] if a.b2c else ""
        seen: set[str] = set()
        for c in range(count):
            full = a.name if a.b2c and c == 0 else ""
            while not full or full in seen:
                last = family if family and rng.random() < 0.6 else rng.choice(w.LAST_NAMES)
                full = f"{rng.choice(w.FIRST_NAMES)} {last}"
            seen.add(full)
            first, last = full.split(" ", 1)
            dm = c == 0 or (c == 1 and count >= 3 and rng.random() < 0.35)
            if a.b2c:
                role = "Customer" if c == 0 else rng.choice(w.B2C_ROLES)
            else:
                role = rng.choice(w.DM_ROLES if dm else w.ROLES)
            high = dm and rng.random() < 0.8
            influence = "high" if high else rng.choice(("low", "medium", "medium", "high"))
            local = f"{slug(first)}.{slug(last)}"
            email = numbered(self.emails, lambda n: f"{local}{n}@{domain}")  # noqa: B023
            phone = f"{w.REGIONS[region][0]} {rng.randint(20, 99)} {rng.randint(10**6, 10**7 - 1)}"
            birthday = self._birthday(soon=c == 0 and i % 10 == 3)
            anniversary = self._anniversary(a.since, soon=c == 0 and i % 10 == 7)
            notes = rng.choice(w.CONTACT_NOTES) if rng.random() < 0.12 else ""
            cid = self.add(
                "contacts", a.id, full, role, dm, influence, email, phone, birthday, anniversary,
                notes,
            )  # fmt: skip
            a.contacts.append((cid, first, dm))

    def _birthday(self, *, soon: bool) -> str | None:
        """A birthday with or without the year; ``soon``: in the 30 days after today."""
        rng = self.rng
        if soon:
            when = self.today + timedelta(days=rng.randint(1, 30))
        elif rng.random() < 0.25:
            return None
        else:
            when = date(2001, 1, 1) + timedelta(days=rng.randrange(365))
        if (when.month, when.day) == (2, 29) or rng.random() < 0.5:
            return f"--{when.month:02d}-{when.day:02d}"
        return f"{rng.randint(1958, 1999)}-{when.month:02d}-{when.day:02d}"

    def _anniversary(self, since: int, *, soon: bool) -> str | None:
        rng = self.rng
        if soon:
            when = self.today + timedelta(days=rng.randint(1, 30))
            if (when.month, when.day) == (2, 29):
                return "--02-29"
            return when.replace(year=when.year - rng.randint(1, max(1, since // 365))).isoformat()
        return None if rng.random() < 0.3 else self.day(rng.randint(30, max(30, since)))


def generate(
    accounts: int, seed: int, *, today: date, me: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """A demo company of ``accounts`` accounts: records (with ids, without envelope) per table.

    Deterministic: the same arguments give the same records. ``me`` (the current user)
    replaces the first account manager, who always owns the first account.
    """
    if accounts < 0:
        raise ValueError("accounts must be 0 or more")
    if me is not None and not 0 < len(me.strip()) <= 100:
        raise ValueError("me must be a name of 1 to 100 characters")
    return _Company(accounts, seed, today, me.strip() if me else None).build()


def write_demo(
    path: str | Path,
    accounts: int,
    seed: int,
    ctx: Context,
    me: str | None = None,
    overwrite: bool = False,
) -> dict[str, int]:
    """Write a demo company as a new data file dated ``ctx.today()``; return counts per table.

    An existing file is refused (before any work) unless ``overwrite``.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise StoreError(f"{path}: already exists; choose another name or remove it first")
    tables = generate(accounts, seed, today=ctx.today(), me=me)
    counts = {table: len(records) for table, records in tables.items()}
    same = {f.name: getattr(ctx, f.name) for f in fields(Context)}
    write_new_file(path, tables, _OneInstant(**same, stamp=ctx.timestamp()), overwrite=overwrite)
    return counts


@dataclass(frozen=True)
class _OneInstant(Context):
    """``ctx`` with its clock read once: every record of a new file is stamped the same
    moment (and 780,000 ``strftime`` calls are saved)."""

    stamp: str = ""

    def timestamp(self) -> str:
        return self.stamp
