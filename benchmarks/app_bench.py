"""The app as a user waits for it, through a real terminal (tmux, 80x24).

What counts as "on screen" is read from the screen's text, in one place (the ``seen_*``
functions below), so a change to what a screen says is a change here and nowhere else:

* the bare app's first frame: its rows (``Account 1``) are on screen;
* Rapport's first rows: the accounts list shows rows under its header, one with the cursor;
* an account open with its card: its name at the top and ``strength NN`` on screen (Enter is
  pressed once, as soon as the first rows show, on the row under the cursor);
* every row's class and strength: the summary line counts every account (``N of N``), says
  no card is "still coming", and every row on screen shows a class badge;
* a filter keystroke: from the key sent to the last output before the screen showed its
  final state (the screen then stays the same for half a second).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cli_bench import anonymous
from demo_files import age_kept, forget_kept
from goals import Goal, MiB
from measure import MemorySampler, Peaks, load1, peak_rss_of, rapport_command, settle
from terminal import Terminal, TerminalError

BARE = Path(__file__).with_name("bare_app.py")
BADGE = re.compile(r"\s(AMB|OPP|DEF|—)\s")
COUNTED = re.compile(r"(\d[\d,]*) of (\d[\d,]*)")
# Typed into the search line one key at a time (tmux key names); each is one figure.
FILTER_KEYS = [
    *"mul", "BSpace", "BSpace", "BSpace",
    *"ber", "BSpace", "BSpace", "BSpace",
    *"class:def", *["BSpace"] * 9,
    *"aar", "BSpace", "BSpace", "BSpace",
]  # fmt: skip


def seen_bare(screen: str) -> bool:
    return "Account 1 " in screen


def _list_rows(screen: str) -> list[str] | None:
    """The rows of the accounts list on screen (None when the list is not shown)."""
    lines = screen.splitlines()
    for n, line in enumerate(lines):
        if "Account" in line and "Strength" in line:
            rows = [r for r in lines[n + 1 : -1] if r.startswith(("▶ ", "  ", "* ", "▶*"))]
            return [r for r in rows if r.strip()]
    return None


def seen_rows(screen: str) -> bool:
    rows = _list_rows(screen)
    return bool(rows) and any(r.startswith("▶") for r in rows)  # type: ignore[union-attr]


def cursor_name(screen: str) -> str:
    rows = _list_rows(screen) or []
    line = next(r for r in rows if r.startswith("▶"))
    # The name column may be cut short ("Agniesz…") while the columns settle.
    return re.split(r"…|\s{2,}", line[2:].strip())[0].strip()


def seen_card(name: str):  # type: ignore[no-untyped-def]
    def seen(screen: str) -> bool:
        top = "\n".join(screen.splitlines()[:3])
        return name in top and re.search(r"\bstrength \d+", screen) is not None

    return seen


def seen_every_row(screen: str) -> bool:
    counted = COUNTED.search(screen)
    rows = _list_rows(screen)
    if not counted or not rows or "still coming" in screen:
        return False
    shown, total = (int(g.replace(",", "")) for g in counted.groups())
    return shown == total > 0 and all(BADGE.search(r + " ") for r in rows)


@dataclass
class AppFigures:
    bare: list[float] = field(default_factory=list)
    first_rows: list[float] = field(default_factory=list)
    card_open: list[float] = field(default_factory=list)
    every_row: list[float] = field(default_factory=list)
    every_row_first: list[float] = field(default_factory=list)  # nothing kept beside the file
    every_row_new_day: list[float] = field(default_factory=list)  # rows kept on another day
    keys: list[float] = field(default_factory=list)  # seconds a keystroke
    open_key: list[float] = field(default_factory=list)
    quit: list[float] = field(default_factory=list)
    peaks: Peaks = field(default_factory=Peaks)
    max_rss: int = 0
    loads: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _keep_peaks(fig: AppFigures, peaks: Peaks, pid: int) -> None:
    fig.max_rss = max(fig.max_rss, peak_rss_of(pid))
    p = fig.peaks
    p.rss, p.pss = max(p.rss, peaks.rss), max(p.pss, peaks.pss)
    p.pss_anon, p.pss_file = max(p.pss_anon, peaks.pss_anon), max(p.pss_file, peaks.pss_file)


def _quit(term: Terminal, fig: AppFigures, timeout: float) -> None:
    """ctrl+q, as a user leaves; the time until the process has ended."""
    started = term.keys("C-q")
    deadline = started + timeout
    while term.alive():
        if time.perf_counter() > deadline:
            fig.problems.append(f"the app had not ended {timeout:.0f} s after ctrl+q")
            return
        time.sleep(0.02)
    fig.quit.append(time.perf_counter() - started)


def bare_once(term: Terminal, fig: AppFigures) -> None:
    settle()
    started = term.start([sys.executable, str(BARE)], {})
    at, _ = term.wait_for(seen_bare, timeout=60)
    fig.bare.append(at - started)
    term.stop()


def open_once(
    term: Terminal, fig: AppFigures, path: Path, env: dict[str, str], timeout: float
) -> None:
    """Start Rapport, press Enter on the first row as soon as it shows, until its card."""
    settle()
    fig.loads.append(load1())
    started = term.start([*rapport_command(), "--db", str(path)], env)
    pid = term.pid()
    with MemorySampler([pid], interval=0.1) as sampler:
        at, screen = term.wait_for(seen_rows, timeout)
        fig.first_rows.append(at - started)
        name = cursor_name(screen)
        term.keys("Enter")
        at, _ = term.wait_for(seen_card(name), timeout)
        fig.card_open.append(at - started)
        _keep_peaks(fig, sampler.peaks, pid)
        _quit(term, fig, timeout)
    term.stop()


def rows_once(
    term: Terminal,
    fig: AppFigures,
    path: Path,
    env: dict[str, str],
    timeout: float,
    every_row: list[float] | None = None,
) -> None:
    """Start Rapport and wait (touching nothing) until every row has its class and strength
    (the time goes to ``every_row``, by default ``fig.every_row``); then the filter
    keystrokes, then Enter/Escape on an account."""
    settle()
    fig.loads.append(load1())
    started = term.start([*rapport_command(), "--db", str(path)], env)
    pid = term.pid()
    with MemorySampler([pid], interval=0.1) as sampler:
        at, _ = term.wait_for(seen_rows, timeout)
        fig.first_rows.append(at - started)
        at, _ = term.wait_for(seen_every_row, timeout, poll=0.05)
        (fig.every_row if every_row is None else every_row).append(at - started)
        _filter_keys(term, fig)
        _open_keys(term, fig)
        _keep_peaks(fig, sampler.peaks, pid)
        _quit(term, fig, timeout)
    term.stop()


def _filter_keys(term: Terminal, fig: AppFigures) -> None:
    term.keys("/")
    time.sleep(0.5)  # the search line takes the focus
    for key in FILTER_KEYS:
        before, _ = term.screen()
        sent = term.keys(key, literal=len(key) == 1)
        try:
            at, _ = term.response(before, quiet=0.5, timeout=10)
        except TerminalError as e:
            fig.problems.append(f"filter key {key!r}: {e}")
            continue
        fig.keys.append(at - sent)
    term.keys("Escape")  # back to the list
    time.sleep(0.5)


def _open_keys(term: Terminal, fig: AppFigures, times: int = 5) -> None:
    """Enter on the account under the cursor until its card shows; Escape back."""
    screen, _ = term.screen()
    if not seen_rows(screen):
        fig.problems.append("the list was not on screen for opening an account")
        return
    name = cursor_name(screen)
    for _ in range(times):
        sent = term.keys("Enter")
        at, _ = term.wait_for(seen_card(name), timeout=30, poll=0.005)
        fig.open_key.append(at - sent)
        term.keys("Escape")
        term.wait_for(seen_rows, timeout=30)
        time.sleep(0.3)


def measure_app(
    work: Path, prefix: str, path: Path, repeat: int, timeout: float, what: set[str]
) -> AppFigures:
    """The bare app and Rapport, interleaved ``repeat`` times, in one private tmux server."""
    fig = AppFigures()
    env = {"RAPPORT_CONFIG": str(work / "config.json")}  # the defaults, not the user's
    term = Terminal(work, prefix)
    rows = "app-rows" in what
    try:
        if rows:  # the first start on the file: nothing kept beside it
            forget_kept(path)
            _guarded(fig, term, rows_once, term, fig, path, env, timeout, fig.every_row_first)
        for _ in range(repeat):
            if "app-open" in what:
                _guarded(fig, term, bare_once, term, fig)
                _guarded(fig, term, open_once, term, fig, path, env, timeout)
            if rows:
                _guarded(fig, term, rows_once, term, fig, path, env, timeout)
        for _ in range(repeat if rows else 0):  # each the first start of a day
            age_kept(path)
            _guarded(fig, term, rows_once, term, fig, path, env, timeout, fig.every_row_new_day)
    finally:
        term.close()
    return fig


def _guarded(fig: AppFigures, term: Terminal, measure: Callable[..., None], *args: Any) -> None:
    """``measure(*args)``; a terminal that did not show what was awaited is a problem noted."""
    try:
        measure(*args)
    except TerminalError as e:
        fig.problems.append(str(e).splitlines()[0] + " (screen: " + _tail(e) + ")")
        term.stop()


def _tail(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines()[1:] if line.strip()]
    return " / ".join(lines[:4])[:300]


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def app_goals(fig: AppFigures, file_mib: float, what: set[str]) -> list[Goal]:
    ms = [k * 1000 for k in fig.keys]
    opens = [k * 1000 for k in fig.open_key]
    load = f"load {med(fig.loads):.1f}" if fig.loads else ""
    goals = []
    if "app-open" in what:
        goals += [
            Goal("bare", "bare Textual app, 50-row table: first frame", _m(fig.bare), "s", 0,
                 note=_spread(fig.bare), info=True),
            Goal("app-first-rows", "Rapport: first rows on the list", _m(fig.first_rows), "s", 0,
                 note=_spread(fig.first_rows), info=True),
            Goal("app-open", "Rapport: an account open with its card", _m(fig.card_open), "s",
                 5, "the bare app", _m(fig.bare), f"{_spread(fig.card_open)}; {load}"),
        ]  # fmt: skip
    if "app-rows" in what:
        goals += [
            Goal("app-rows-first", "Rapport: every row's class and strength, nothing kept",
                 _m(fig.every_row_first), "s", 0, note=f"{_spread(fig.every_row_first)}; {load}",
                 info=True),
            Goal("app-rows", "Rapport: every row's class and strength", _m(fig.every_row),
                 "s", 3, note=f"{_spread(fig.every_row)}; {load}"),
            Goal("app-rows-new-day", "Rapport: every row's class and strength, first start of a day",
                 _m(fig.every_row_new_day), "s", 3, note=f"{_spread(fig.every_row_new_day)}; {load}"),
            Goal("keystroke", "filter keystroke through the terminal, median", _m(ms), "ms",
                 50, note=f"{len(ms)} keys: {_spread(ms, 'ms')}, 90th percentile {_pct(ms, 90):.0f} ms"),
            Goal("open-key", "Enter on an account until its card, median", _m(opens), "ms", 0,
                 note=f"{_spread(opens, 'ms')} (issue 3: under 100 ms)", info=True),
        ]  # fmt: skip
    if what & {"app-open", "app-rows"}:
        p = fig.peaks
        goals += [
            Goal("app-memory", "the app, peak PSS", p.pss / MiB if p.pss else None, "MiB", 1,
                 "the file", file_mib,
                 f"peak RSS {fig.max_rss / MiB:,.0f} MiB, {anonymous(p.pss_anon, p.pss)}"),
            Goal("app-quit", "Rapport: ctrl+q until the process has ended", _m(fig.quit), "s", 0,
                 note=_spread(fig.quit), info=True),
        ]  # fmt: skip
    for problem in fig.problems:
        goals.append(Goal("app-problem", f"problem: {problem[:200]}", None, "s", 0, info=True))
    return goals


def _m(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _spread(values: list[float], unit: str = "s") -> str:
    if not values:
        return "not measured"
    if unit == "ms":
        return f"{min(values):.0f}-{max(values):.0f} ms"
    return f"{len(values)} run(s) {min(values):.2f}-{max(values):.2f} s"


def _pct(values: list[float], pct: int) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]
