"""The commands that change a whole file (merge, import) and a save in process."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from cli_bench import Size, anonymous, figure, json_load_runs, rapport, spread
from demo_files import IMPORT_ROWS, copy, remove
from goals import Goal, MiB
from measure import Run, failed, median, run

HERE = Path(__file__).parent


def _fresh(size: Size, source: Path, name: str) -> Path:
    """A copy to change, first opened by one `card` (as a file in use would have been)."""
    target = copy(source, size.work / name)
    run(rapport("card", size.who, "--db", str(target)))
    return target


def _peak_pss(runs: list[Run]) -> tuple[float | None, float, float]:
    ok = [r for r in runs if r.code == 0 and r.peaks]
    if not ok:
        return None, 0.0, 0.0
    return (
        max(r.peaks.pss for r in ok) / MiB,  # type: ignore[union-attr]
        max(r.peaks.pss_anon for r in ok) / MiB,  # type: ignore[union-attr]
        max(r.max_rss for r in ok) / MiB,
    )


def merge(size: Size, pair: tuple[Path, Path]) -> list[Goal]:
    """`rapport merge B --db A` of two copies with 150 edits each, A fresh each time."""
    other = _fresh(size, pair[1], f"{size.name}-mergeB.json")
    runs: list[Run] = []
    refs: list[Run] = []  # its own json.load runs, interleaved: the load moves a lot
    for _ in range(size.repeat):
        target = _fresh(size, pair[0], f"{size.name}-mergeA.json")
        refs.append(json_load_runs(size)[-1])
        runs.append(run(rapport("merge", str(other), "--db", str(target)), sample=True))
        remove(target)
    remove(other)
    ref = figure(refs)
    pss, anon, rss = _peak_pss(runs)
    return [
        Goal("merge", "rapport merge of two copies", figure(runs), "s", 2, "json.load",
             ref, f"{spread(runs)}; json.load beside it: {spread(refs)}"),
        Goal("merge-memory", "rapport merge, peak PSS", pss, "MiB", 1.5, "the file",
             size.file_mib, f"peak RSS {rss:,.0f} MiB, {anonymous(anon * MiB, (pss or 0) * MiB)}"),
    ]  # fmt: skip


def import_rows(size: Size, csv_path: Path) -> list[Goal]:
    """`rapport import interactions` of 100,000 rows into a fresh copy, beside SQLite."""
    ours: list[Run] = []
    lite: list[Run] = []
    folds: list[float] = []
    for _ in range(size.repeat):
        target = _fresh(size, size.demo, f"{size.name}-import.json")
        ours.append(
            run(rapport("import", "interactions", str(csv_path), "--db", str(target)), sample=True)
        )
        folds.append(_wait_for_folds(target))
        remove(target)
        db = size.work / "import.sqlite"
        lite.append(run([sys.executable, str(HERE / "sqlite_import.py"), str(csv_path), str(db)]))
        remove(db)
    mine, ref = figure(ours), figure(lite)
    inner = [json.loads(r.out)["seconds"] for r in lite if r.code == 0]
    pss, anon, _ = _peak_pss(ours)
    rate = f"{IMPORT_ROWS / mine:,.0f} rows/s" if mine else "-"
    ref_rate = f"{IMPORT_ROWS / ref:,.0f} rows/s" if ref else "-"
    return [
        Goal("import", f"rapport import interactions, {IMPORT_ROWS:,} rows", mine, "s", 3,
             "sqlite3", ref,
             f"{rate} vs {ref_rate} (sqlite's own work {median(inner):.2f} s of its process); "
             f"peak PSS {pss or 0:,.0f} MiB (anonymous {anon:,.0f}); {spread(ours)}; "
             f"the fold each started in the background (untimed, waited for before the next "
             f"run): {median(folds):.1f} s"),
    ]  # fmt: skip


def _wait_for_folds(path: Path, timeout: float = 300) -> float:
    """Wait until no ``rapport fold`` of ``path`` is running (a big import starts one in the
    background once the journal is past its threshold): the next copy must not be made under
    it, nor its work counted in the next figure. Returns the seconds waited."""
    started = time.perf_counter()
    wanted = str(path).encode()
    while time.perf_counter() - started < timeout:
        if not any(b"fold" in cmd and wanted in cmd for cmd in _command_lines()):
            break
        time.sleep(0.1)
    return time.perf_counter() - started


def _command_lines() -> list[bytes]:
    lines = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                lines.append((proc / "cmdline").read_bytes())
            except OSError:
                continue
    return lines


def save(size: Size, tinydb: int, saves: int = 200) -> list[Goal]:
    """Durable saves in one process (the API the app uses), interleaved with SQLite's."""
    target = _fresh(size, size.demo, f"{size.name}-save.json")
    cmd = [
        sys.executable, str(HERE / "save_inprocess.py"), str(target), size.account.id,
        str(size.work), "--saves", str(saves), "--rows", str(size.accounts * 20),
        "--tinydb", str(tinydb),
    ]  # fmt: skip
    result = run(cmd)
    remove(target)
    remove(size.work / "save.sqlite")
    if result.code:
        return [Goal("save", "one durable save, in process", None, "ms", 2, "sqlite3 insert",
                     None, failed(result))]  # fmt: skip
    r = json.loads(result.out)
    goals = [
        Goal("save", "one durable save in process, median", r["save"] * 1000, "ms", 2,
             "sqlite3 WAL FULL insert", r["sqlite"] * 1000,
             f"{r['saves']} each, interleaved; worst {r['save_max'] * 1000:.1f} vs "
             f"{r['sqlite_max'] * 1000:.1f} ms; load {result.load:.1f}"),
        Goal("save-open", "  the open before them (Store.open)", r["open"], "s", 0, info=True),
        Goal("save-close", "  the close after them (Store.close)", r["close"], "s", 0, info=True),
    ]  # fmt: skip
    if "tinydb" in r:
        goals.append(
            Goal("tinydb", "  TinyDB's default storage: one insert",
                 r["tinydb"] * 1000, "ms", 0, "our save", r["save"] * 1000,
                 f"median of {tinydb}, each rewrites the whole file (issue 2: ours ≥50x faster)",
                 info=True)
        )  # fmt: skip
    return goals
