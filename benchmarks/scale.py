"""Issue 13's goals at scale, measured as a user waits: each figure beside its reference.

    python benchmarks/scale.py [--sizes M,L] [--dir DIR] [--only NAMES] [--repeat N]

For each size (M: 5,000 accounts, L: 20,000; S: 1,000 for a quick try) it prints every goal
of issue 13 as the figure, its reference measured in the same run, the ratio and "met" or
the gap, then one summary over the sizes. Commands run as whole processes (open, work,
close) through the installed ``rapport``; the app runs in a real terminal (tmux), driven by
keys and read from its screen. Only the in-process save calls Rapport's API. See
benchmarks/README.md for what each figure means.

The machine may be shared: the load average is printed beside the figures, references are
measured interleaved with what they are set beside, and figures are medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import app_bench
import big_bench
import cli_bench
from demo_files import SIZES, demo_file, first_account, import_csv, merge_pair
from goals import HEADER, Goal, causes, line, summary
from measure import have, load, rapport_command

NAMES = [
    "log", "card", "card-memory", "concurrent", "check", "portfolio", "agenda", "export",
    "merge", "import", "save", "tinydb", "app-open", "app-rows",
]  # fmt: skip
SLOW_FILES = {"merge", "import"}


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="M,L", help="comma-separated: S, M, L (default M,L)")
    parser.add_argument(
        "--dir",
        default=os.environ.get(
            "RAPPORT_BENCH_DIR", str(Path(tempfile.gettempdir(), "rapport-scale"))
        ),
        help="where the demo files are kept and reused (made with `rapport demo` when missing)",
    )
    parser.add_argument("--work", help="where copies are made (default: a temporary folder)")
    parser.add_argument(
        "--only", help=f"comma-separated measurements (default all): {', '.join(NAMES)}, app"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median; default 3)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait in the app")
    parser.add_argument("--tmux-prefix", default="scale-bench", help="tmux session/socket names")
    parser.add_argument(
        "--summary",
        metavar="JSON",
        nargs="+",
        help="measure nothing: print the summary of runs written by --json (later files add "
        "their figures to the earlier ones', size by size)",
    )
    args = parser.parse_args()
    names = set(NAMES)
    if args.only:
        names = {n.strip() for n in args.only.split(",") if n.strip()}
        if "app" in names:
            names |= {"app-open", "app-rows"}
        unknown = names - set(NAMES) - {"app"}
        if unknown:
            parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    args.names = names
    args.size_list = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    bad = [s for s in args.size_list if s not in SIZES]
    if bad:
        parser.error(f"unknown size(s) {', '.join(bad)}: choose from {', '.join(SIZES)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def section(title: str) -> None:
    print(f"\n{title}  [load {load()}]", flush=True)


def show(goals: list[Goal]) -> list[Goal]:
    for goal in goals:
        print(line(goal), flush=True)
    return goals


def measure_size(name: str, args: argparse.Namespace, folder: Path, work: Path) -> list[Goal]:
    what = args.names
    demo = demo_file(folder, name)
    account = first_account(demo)
    size = cli_bench.Size(name, SIZES[name], demo, work, account, args.repeat)
    mib = size.file_mib
    print(
        f"\n== {name}: {SIZES[name]:,} accounts; {demo} = {mib:,.0f} MiB "
        f"({size.file_bytes / 1e6:,.0f} MB); account {account.name!r}  [load {load()}]",
        flush=True,
    )
    goals = show([cli_bench.prepare(size)])
    if what & {"log", "card"}:
        section("-- short commands (median of the runs; --version interleaved with them)")
        print(HEADER)
        goals += show(cli_bench.short_commands(size, what))
    if what & {"card-memory", "concurrent"}:
        section("-- memory of `card` (PSS, sampled from /proc/PID/smaps_rollup)")
        if "card-memory" in what:
            goals += show(cli_bench.card_memory(size))
        if "concurrent" in what:
            goals += show(cli_bench.concurrent_cards(size))
    if what & {"check", "portfolio", "agenda", "export"}:
        section("-- reading commands")
        for key, measure in (
            ("check", cli_bench.check),
            ("portfolio", cli_bench.portfolio),
            ("agenda", cli_bench.agenda),
            ("export", cli_bench.export),
        ):
            if key in what:
                goals += show(measure(size))
    if what & {"merge", "import", "save", "tinydb"}:
        section("-- writing")
        if "merge" in what:
            goals += show(big_bench.merge(size, merge_pair(folder, name, work)))
        if "import" in what:
            goals += show(big_bench.import_rows(size, import_csv(folder, name)))
        if what & {"save", "tinydb"}:
            goals += show(big_bench.save(size, 3 if "tinydb" in what else 0))
    apps = what & {"app-open", "app-rows"}
    if apps:
        section("-- the app in a terminal (tmux 80x24)")
        if not have("tmux"):
            print("  tmux is not installed: the app's figures are not measured")
        else:
            fig = app_bench.measure_app(
                work, args.tmux_prefix, size.ro, args.repeat, args.timeout, apps
            )
            goals += show(app_bench.app_goals(fig, mib, apps))
    return goals


def report(results: dict[str, list[Goal]]) -> None:
    print(f"\n== summary (ratio, or the figure where the goal is absolute)  [load {load()}]")
    print(summary(results))
    print("\n== the gaps and their causes")
    print(causes(results))


def saved(files: list[str]) -> dict[str, list[Goal]]:
    """The figures of earlier runs (``--json``), a later figure replacing an earlier one."""
    names = {f.name for f in fields(Goal)}
    results: dict[str, dict[str, Goal]] = {}
    for file in files:
        for size, goals in json.loads(Path(file).read_text()).items():
            for data in goals:
                goal = Goal(**{k: v for k, v in data.items() if k in names})
                results.setdefault(size, {})[goal.key] = goal
    return {size: list(goals.values()) for size, goals in results.items()}


def main() -> None:
    args = options()
    if args.summary:
        report(saved(args.summary))
        return
    folder = Path(args.dir).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(args.work or tempfile.mkdtemp(prefix="rapport-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    print(
        f"Rapport at scale (issue 13), {time.strftime('%Y-%m-%d %H:%M')}: {platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; rapport = "
        f"{' '.join(rapport_command())}\nfiles in {folder}, copies in {work}. The machine may "
        f"be shared: figures move with its load (shown in [brackets]) from run to run."
    )
    results: dict[str, list[Goal]] = {}
    try:
        for name in args.size_list:
            results[name] = measure_size(name, args, folder, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    report(results)
    print(f"\n{time.time() - started:.0f} s in all.")
    if args.json:
        data = {size: [g.as_json() for g in goals] for size, goals in results.items()}
        Path(args.json).write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
