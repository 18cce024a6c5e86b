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


CAUSES = {
    "import": "Python work per row, spread thin (about 45 us a row at M against SQLite's 9): "
    "checking a row (its cells cleaned, its contacts, a new id) a quarter; the save's "
    "envelope with its fingerprint (a sorted encoding of each record) a fifth; the "
    "record's journal text (a second encoding: the index reads account and date from the "
    "text in the schema's order) 8%; asking the index which of 110,000 new ids exist 9%; "
    "reading the CSV 7%; start-up 9%. At L also every stored account and contact decoded "
    "to match names, and the stored interactions on the rows' days looked up",
    "check": "the scan of the file's lines as it opens and the hash of every record's text "
    "(the verdicts themselves are kept from the check before)",
    "portfolio": "every kept card decoded, but for its detail (factor rows, plan progress), "
    "which is kept apart (about 0.05 ms a card), and the accounts decoded to sort them",
    "portfolio-new-day": "every card brought to the day: its strength worked out again, with "
    "its explanation, from what is kept beside it (the inputs decoded, about 0.1 ms), what "
    "moves with the day encoded and written back (about 0.1 ms a card); the day's later runs "
    "read the cards as kept",
    "concurrent-memory": "what each process holds whatever the file's size: the interpreter "
    "and the modules it imports, about 20 MiB of PSS each (8 of them are about 2x the M file)",
    "app-memory": "what the app holds whatever the file's size: the interpreter, Textual and "
    "the app's modules, about 80 MiB of PSS",
    "app-rows": "every kept row decoded and the list's screen filled",
    "app-rows-new-day": "every row brought to the day: its strength worked out again from what "
    "is kept beside it (about 0.1 ms a row), then written back",
    "app-open": "before Enter can open the account the first screen waits for the list: "
    "the file opened through its index (0.1-0.3 s at L), then the 20,000 kept rows read and "
    "decoded (about 0.35 s) and the table built, on top of Python's start and Textual's "
    "imports (the bare app's 0.3-0.4 s)",
    "keystroke": "per key, in process at L: the search (about 12 ms: a Finder filters the "
    "rows a recent, wider search kept, and remembers the last 16 searches) and Textual's "
    "layout and redraw of the list (about 15-20 ms); the rest is the terminal's round trip. "
    "The slow keys (1-2 s) come right after a start with nothing kept, and were not "
    "explained: in process no worker runs then and the event loop answers in 10 ms",
}
"""Why a goal is not met where that was measured (profiles named in the closing notes)."""


def causes(results: dict[str, list[Goal]]) -> str:
    """The goals not met at some size, each with its cause (or that it was not analysed)."""
    out = []
    for key in dict.fromkeys(g.key for goals in results.values() for g in goals):
        missed = [
            s for s, goals in results.items() for g in goals if g.key == key and g.met is False
        ]
        if missed:
            what = next(g.what for goals in results.values() for g in goals if g.key == key)
            cause = CAUSES.get(key, "not analysed")
            out.append(f"  {what} (at {', '.join(missed)}): {cause}")
    return "\n".join(out) if out else "  none: every goal measured is met"
