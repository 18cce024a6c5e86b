"""The short and the reading commands, as whole processes (open, work, close)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from demo_files import Account, age_kept, copy, forget_kept
from goals import Goal, MiB
from measure import Run, failed, median, rapport_command, run, run_together

JSON_LOAD = "import json, sys\nwith open(sys.argv[1], encoding='utf-8') as f:\n    json.load(f)"


@dataclass
class Size:
    """One company size in one run: its files and the references measured so far."""

    name: str
    accounts: int
    demo: Path
    work: Path
    account: Account
    repeat: int
    ro: Path = Path()  # a copy only read (and opened by the app)
    who: str = ""  # how the commands name the account: its name, else its id
    json_load: list[Run] = field(default_factory=list)
    card_wall: float | None = None  # one `card`, once measured

    @property
    def file_bytes(self) -> int:
        return self.demo.stat().st_size

    @property
    def file_mib(self) -> float:
        return self.file_bytes / MiB


def rapport(*args: str) -> list[str]:
    return [*rapport_command(), *args]


def stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_size


def walls(runs: list[Run]) -> list[float]:
    return [r.wall for r in runs if r.code == 0]


def spread(runs: list[Run]) -> str:
    ok = [r for r in runs if r.code == 0]
    if not ok:
        return failed(runs[-1]) if runs else "not run"
    w = [r.wall for r in ok]
    text = f"{len(ok)} run(s) {min(w):.2f}-{max(w):.2f} s, cpu {median(r.cpu for r in ok):.2f} s"
    text += f", peak RSS {max(r.max_rss for r in ok) / MiB:,.0f} MiB"
    text += f", load {median(r.load for r in ok):.1f}"
    cpu, wall = median(r.cpu for r in ok), median(w)
    if wall > 1.5 * cpu and wall > 0.2:
        text += (
            f"; wall {wall / cpu:.1f}x its CPU: it waited (other load, the disk, or fresh memory)"
        )
    bad = [r for r in runs if r.code]
    return text + (f"; {len(bad)} failed ({failed(bad[-1])})" if bad else "")


def anonymous(anon: float, pss: float | None) -> str:
    """How much of the memory is the process's own (decoded data), not the file's pages."""
    text = f"anonymous PSS {anon / MiB:,.0f} MiB"
    if pss and anon > 0.8 * pss:
        text += " (the process's own memory: decoded data, not shared file pages)"
    return text


def figure(runs: list[Run]) -> float | None:
    w = walls(runs)
    return median(w) if w else None


def prepare(size: Size) -> Goal:
    """The read-only copy, and the first command on it (derived files absent or stale)."""
    size.ro = copy(size.demo, size.work / f"{size.name}-ro.json")
    first = run(rapport("card", size.account.name, "--db", str(size.ro)))
    size.who = size.account.name
    if first.code:
        size.who = size.account.id  # the name is not unique or not accepted: use the id
        first = run(rapport("card", size.who, "--db", str(size.ro)))
    return Goal(
        "first", "first `card` on a fresh copy of the file", figure([first]), "s", 0,
        note=spread([first]), info=True,
    )  # fmt: skip


def json_load_runs(size: Size) -> list[Run]:
    result = run([sys.executable, "-c", JSON_LOAD, str(size.ro)])
    size.json_load.append(result)
    return size.json_load


def short_commands(size: Size, what: set[str]) -> list[Goal]:
    """`--version`, `card` and `log`, interleaved, and whether they rewrote the file."""
    log_copy = copy(size.demo, size.work / f"{size.name}-log.json")
    run(rapport("card", size.who, "--db", str(log_copy)))  # as on a file in use: warmed
    version: list[Run] = []
    cards: list[Run] = []
    logs: list[Run] = []
    card_rewrote = log_rewrote = 0
    for i in range(max(size.repeat, 3)):
        version.append(run(rapport("--version")))
        if "card" in what:
            before = stamp(size.ro)
            cards.append(run(rapport("card", size.who, "--db", str(size.ro))))
            card_rewrote += stamp(size.ro) != before
        if "log" in what:
            before = stamp(log_copy)
            summary = f"benchmark call {i}"
            logs.append(run(rapport("log", size.who, "--summary", summary, "--db", str(log_copy))))
            log_rewrote += stamp(log_copy) != before
    ref = figure(version)
    size.card_wall = figure(cards)
    goals = [Goal("version", "rapport --version", ref, "s", 0, note=spread(version), info=True)]
    if "card" in what:
        goals += [
            Goal("card", "rapport card, whole process", figure(cards), "s", 3,
                 "--version", ref, spread(cards)),
            Goal("card-rewrite", "data file rewritten by `card`", card_rewrote, "runs", 0,
                 note=f"inode/mtime/size compared around each of {len(cards)} runs"),
        ]  # fmt: skip
    if "log" in what:
        goals += [
            Goal("log", "rapport log, whole process", figure(logs), "s", 3,
                 "--version", ref, spread(logs)),
            Goal("log-rewrite", "data file rewritten by `log`", log_rewrote, "runs", 0,
                 note=f"inode/mtime/size compared around each of {len(logs)} runs"
                 + ("; the whole file is written again at exit" if log_rewrote else "")),
        ]  # fmt: skip
    return goals


def card_memory(size: Size) -> list[Goal]:
    runs = [run(rapport("card", size.who, "--db", str(size.ro)), sample=True)]
    ok = [r for r in runs if r.code == 0 and r.peaks]
    pss = max((r.peaks.pss for r in ok), default=None)  # type: ignore[union-attr]
    rss = max((r.max_rss for r in ok), default=0)
    anon = max((r.peaks.pss_anon for r in ok), default=0)  # type: ignore[union-attr]
    return [
        Goal("card-memory", "rapport card, peak PSS", pss / MiB if pss else None, "MiB", 0.5,
             "the file", size.file_mib,
             f"peak RSS {rss / MiB:,.0f} MiB, {anonymous(anon, pss)}; {spread(runs)}"),
    ]  # fmt: skip


def concurrent_cards(size: Size, n: int = 8) -> list[Goal]:
    batches = [
        run_together([rapport("card", size.who, "--db", str(size.ro))] * n)
        for _ in range(max(1, size.repeat // 2))
    ]
    good = [b for b in batches if not any(b.codes)]
    pss = max((b.peaks.pss for b in good), default=None)
    rss = max((b.peaks.rss for b in good), default=0)
    wall = median(b.wall for b in good) if good else None
    note = (
        f"{len(good)} batch(es); sum of RSS {rss / MiB:,.0f} MiB; "
        f"load {median(b.load for b in batches):.1f}"
        + (
            f"; exits {sorted({c for b in batches for c in b.codes})}"
            if len(good) < len(batches)
            else ""
        )
    )
    return [
        Goal("concurrent-memory", f"{n} concurrent `card`, total peak PSS",
             pss / MiB if pss else None, "MiB", 2, "the file", size.file_mib, note),
        Goal("concurrent-wall", f"{n} concurrent `card`, until the last ends", wall, "s", 0,
             note=f"one `card` alone: {size.card_wall or float('nan'):.2f} s", info=True),
    ]  # fmt: skip


def check(size: Size) -> list[Goal]:
    """``check`` of a file checked before (its verdicts kept beside it: the figure judged),
    and the first check of a file, with none kept (its own copy, its cache removed)."""
    cold = copy(size.ro, size.work / f"{size.name}-check.json")
    cache = cold.with_name(cold.name + ".cache")
    run(rapport("check", "--db", str(size.ro)))  # untimed: the verdicts kept
    checks: list[Run] = []
    firsts: list[Run] = []
    for _ in range(size.repeat):
        json_load_runs(size)
        checks.append(run(rapport("check", "--db", str(size.ro))))
        cache.unlink(missing_ok=True)
        firsts.append(run(rapport("check", "--db", str(cold))))
    ref = figure(size.json_load)
    return [
        Goal("json-load", "json.load of the file, own process", ref, "s", 0,
             note=spread(size.json_load), info=True),
        Goal("check", "rapport check (checked before)", figure(checks), "s", 1, "json.load", ref,
             spread(checks)),
        Goal("check-first", "rapport check, first (no verdicts kept)", figure(firsts), "s", 1,
             "json.load", ref, spread(firsts), info=True),
    ]  # fmt: skip


def portfolio(size: Size) -> list[Goal]:
    """The portfolio three ways: on a copy of the file with nothing kept beside it (the first
    run after the file is made, or after an upgrade of Rapport), again the same day (cards
    kept), and as the first run of a new day finds them (cards kept the day before)."""
    command = rapport("portfolio", "--db", str(size.ro))
    forget_kept(size.ro)
    first = [run(command)]
    runs = [run(command) for _ in range(size.repeat)]
    days = []
    for _ in range(size.repeat):
        age_kept(size.ro)
        days.append(run(command))
    return [
        Goal("portfolio-first", "rapport portfolio, nothing kept beside the file",
             figure(first), "s", 0, note=spread(first), info=True),
        Goal("portfolio", "rapport portfolio", figure(runs), "s", 2, note=spread(runs)),
        Goal("portfolio-new-day", "rapport portfolio, the first run of a day", figure(days),
             "s", 2, note=spread(days)),
    ]  # fmt: skip


def agenda(size: Size) -> list[Goal]:
    runs = [run(rapport("agenda", "--all", "--db", str(size.ro))) for _ in range(size.repeat)]
    return [
        Goal("agenda", "rapport agenda --all", figure(runs), "s", 0, note=spread(runs), info=True)
    ]


def export(size: Size) -> list[Goal]:
    out = size.work / "export.csv"
    runs = []
    for _ in range(size.repeat):
        runs.append(
            run(
                rapport("export", "interactions", "--out", str(out), "--db", str(size.ro)),
                sample=True,
            )
        )
        out.unlink(missing_ok=True)
    ok = [r for r in runs if r.code == 0 and r.peaks]
    pss = max((r.peaks.pss for r in ok), default=None)  # type: ignore[union-attr]
    anon = max((r.peaks.pss_anon for r in ok), default=0)  # type: ignore[union-attr]
    return [
        Goal("export-memory", "rapport export interactions, peak PSS",
             pss / MiB if pss else None, "MiB", 1, "the file", size.file_mib,
             f"{anonymous(anon, pss)}; {spread(runs)}"),
        Goal("export-wall", "rapport export interactions", figure(runs), "s", 0,
             note="(its time: no goal)", info=True),
    ]  # fmt: skip
