"""Issue 13's goals: a figure, its reference from the same run, the ratio, met or the gap."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

MiB = 1024 * 1024


@dataclass
class Goal:
    key: str
    what: str
    figure: float | None  # None: not measured (failed; see note)
    unit: str  # "s", "ms", "MiB", "runs"
    limit: float  # figure / ref <= limit, or figure <= limit when there is no reference
    ref_what: str = ""
    ref: float | None = None
    note: str = ""
    info: bool = False  # a figure without a goal of issue 13 (printed, not judged)

    @property
    def ratio(self) -> float | None:
        if self.figure is None or self.ref is None:
            return None
        return self.figure / self.ref if self.ref else math.inf

    @property
    def met(self) -> bool | None:
        if self.figure is None or self.info or (self.ref_what and self.ref is None):
            return None
        value = self.ratio if self.ref is not None else self.figure
        return value is not None and value <= self.limit

    def verdict(self) -> str:
        if self.info:
            return ""
        if self.figure is None or self.met is None:
            return "NOT MEASURED"
        if self.met:
            return "met"
        if self.unit == "runs":
            return f"GAP: rewritten by {self.figure:.0f} run(s)"
        value = self.ratio if self.ref is not None else self.figure
        assert value is not None
        return f"GAP: {value / self.limit:.1f}x over" if self.limit else "GAP"

    def goal_text(self) -> str:
        if self.info:
            return ""
        if self.unit == "runs":
            return "never"
        if self.ref is not None or self.ref_what:
            return f"≤{self.limit:g}x"
        return f"≤{amount(self.limit, self.unit)}"

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data.update(ratio=self.ratio, met=self.met, verdict=self.verdict())
        return data


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    if unit == "ms":
        return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "runs":
        return f"{value:.0f} run(s)"
    return f"{value:g} {unit}"


HEADER = f"  {'figure':<48} {'value':>10}  {'reference':<34} {'ratio':>7}  {'goal':<7} verdict"


def line(goal: Goal) -> str:
    ref = f"{goal.ref_what} {amount(goal.ref, goal.unit)}" if goal.ref_what else ""
    ratio = f"{goal.ratio:.2f}x" if goal.ratio is not None else ""
    text = (
        f"  {goal.what:<48} {amount(goal.figure, goal.unit):>10}  {ref:<34} {ratio:>7}"
        f"  {goal.goal_text():<7} {goal.verdict()}"
    )
    return text.rstrip() + (f"\n      {goal.note}" if goal.note else "")


def summary(results: dict[str, list[Goal]]) -> str:
    """One line per goal with each size's ratio (or figure) and verdict."""
    sizes = list(results)
    keys: list[tuple[str, str]] = []
    for goals in results.values():
        for g in goals:
            label = f"{g.what} ({g.goal_text()} {g.ref_what})".replace(" )", ")")
            if not g.info and g.key not in [k for k, _ in keys]:
                keys.append((g.key, label))
    out = [f"  {'goal':<68} " + "".join(f"{s:<30}" for s in sizes)]
    for key, what in keys:
        cells = []
        for size in sizes:
            goal = next((g for g in results[size] if g.key == key), None)
            if goal is None:
                cells.append(f"{'-':<30}")
                continue
            shown = (
                f"{goal.ratio:.2f}x" if goal.ratio is not None else amount(goal.figure, goal.unit)
            )
            cells.append(f"{shown + ' ' + goal.verdict():<30}")
        out.append(f"  {what:<68} " + "".join(cells).rstrip())
    return "\n".join(out)
