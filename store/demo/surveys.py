"""The demo company's surveys: customer and employee-mirror responses in each wave, the
follow-ups that close the loop, and action plans aimed at each account's weakest factors."""

from __future__ import annotations

import random
from typing import Any

from ..records.schema import PLAN_STATUSES
from . import words as w
from .base import FACTORS, STATEMENTS, Account, clamp


class SurveyMaker:
    """Mixed into the generator: uses its ``rng``, ``waves``, ``add``, ``day``, ``_followup``."""

    rng: random.Random
    voices: random.Random
    waves: list[str]
    wave_agos: list[int]
    escalate_to: list[str]

    def add(self, table: str, *values: Any, record_id: str | None = None) -> str:
        raise NotImplementedError

    def day(self, ago: int) -> str:
        raise NotImplementedError

    def _followup(self, *args: Any) -> None:
        raise NotImplementedError

    def _surveys(self, a: Account) -> None:
        """Customer and employee-mirror responses in each wave; closing the loop; a plan."""
        rng = self.rng
        offsets = {f: rng.gauss(0, 0.35) for f in FACTORS}
        offsets[rng.choice(FACTORS)] -= 0.5
        surveyed: list[tuple[int, int, dict[str, float]]] = []
        took_part = True
        for j, (wid, wave_ago) in enumerate(zip(self.waves, self.wave_agos, strict=True)):
            took_part = a.since > wave_ago + 30 and rng.random() < (0.8 if took_part else 0.55)
            if not took_part:
                continue
            h, ago = a.health[j], max(1, wave_ago - rng.randint(0, 20))
            count = 1 if a.b2c else rng.choices((1, 2, 3), cum_weights=(50, 85, 100))[0]
            sums = {f: [0.0, 0.0] for f in FACTORS}
            for cid, first, dm in rng.sample(a.contacts, min(count, len(a.contacts))):
                bias, weight = rng.gauss(0, 0.25), 2 if dm else 1
                answers: dict[str, int] = {}
                for key, factor in STATEMENTS:
                    if rng.random() < 0.04:
                        continue  # left unanswered
                    answers[key] = clamp(
                        round(h + offsets[factor] + bias + rng.gauss(0, 0.45)), 1, 5
                    )
                    sums[factor][0] += weight * answers[key]
                    sums[factor][1] += weight
                recommend = clamp(round(2.5 * (h + bias) - 2 + rng.gauss(0, 0.9)), 0, 10)
                switch = clamp(round(5.6 - h - bias + rng.gauss(0, 0.5)), 1, 5)
                rid = self.add(
                    "responses", a.id, wid, cid, "customer", "", answers, recommend, switch,
                    self.day(ago), self._comment(recommend),
                )  # fmt: skip
                if recommend <= 6:  # closing the loop
                    what = w.SURVEY_FOLLOWUP.format(first=first, score=recommend)
                    self._followup(a, ago, 2, a.owner, what, "survey", None, f"loop:{rid}")
            means = {f: s / n if n else h + offsets[f] for f, (s, n) in sums.items()}
            if rng.random() < 0.5:  # the owner's mirror, now and then optimistic (blind spots)
                blind = rng.sample(FACTORS, rng.randint(1, 3)) if rng.random() < 0.45 else []
                mirror = {
                    key: clamp(round(means[f] + rng.gauss(0, 0.3)) + int(f in blind), 1, 5)
                    for key, f in STATEMENTS
                }
                recommend = clamp(round(2.5 * h - 1.5 + rng.gauss(0, 0.7)), 0, 10)
                switch = clamp(round(5.4 - h + rng.gauss(0, 0.4)), 1, 5)
                when = self.day(max(1, wave_ago - rng.randint(0, 10)))
                self.add(
                    "responses", a.id, wid, None, "employee", a.owner, mirror, recommend, switch,
                    when, "",
                )  # fmt: skip
            surveyed.append((j, wave_ago, means))
        if surveyed and rng.random() < 0.55:
            self._plan(a, *surveyed[-2 if len(surveyed) > 1 and rng.random() < 0.4 else -1])

    def _comment(self, recommend: int) -> str:
        """A customer's comment now and then (more often from the unhappy ones)."""
        mood = "low" if recommend <= 6 else "high" if recommend >= 9 else "mid"
        if self.voices.random() >= (0.5 if mood == "low" else 0.25):
            return ""
        return self.voices.choice(w.COMMENTS[mood])

    def _plan(self, a: Account, j: int, wave_ago: int, means: dict[str, float]) -> None:
        """An action plan made on wave ``j``, aimed at the account's weakest factors."""
        rng, latest = self.rng, j == len(self.waves) - 1
        weakest = sorted(means, key=means.__getitem__)
        count = rng.randint(2, 4)
        generic = rng.sample(w.PLAN_GENERIC, count)
        for position in range(1, count + 1):
            factor = weakest.pop(0) if rng.random() < 0.65 else ""
            what = rng.choice(w.PLANS[factor]) if factor else generic[position - 1]
            owner = a.owner if rng.random() < 0.8 else rng.choice(self.escalate_to)
            due = wave_ago - rng.randint(30, 150)
            status = rng.choices(PLAN_STATUSES, (50, 35, 10, 5) if latest else (5, 10, 65, 20))[0]
            done = self.day(rng.randint(max(0, due), wave_ago - 1)) if status == "done" else None
            target = min(5, round(means[factor]) + 1) if factor else None
            self.add(
                "plan_items", a.id, what, owner, self.day(due), status, factor, target,
                self.waves[j], position, done,
            )  # fmt: skip
