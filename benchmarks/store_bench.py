"""The data file's speed and memory, beside TinyDB's default storage and SQLite.

For a medium (M: 5,000 accounts, ~100,000 interactions) and a large (L: 20,000 accounts,
~400,000 interactions) company made by ``rapport demo``, it prints:

* the durable save of one interaction: the median over 200 saves (``log_interaction``:
  validated, journalled, fdatasync'ed), beside the same insert with TinyDB's default
  JSONStorage on the same file (which rewrites the whole file each time; fewer samples,
  it is slow) and with sqlite3 in WAL mode with synchronous=FULL on the same data;
* the time to open the file, and the peak memory of a process that opens it, against
  the file's size.

Targets (issue 2): at L a save within 2x SQLite's and at least 50x faster than default
TinyDB; memory at most 3x the file's size.

    python benchmarks/store_bench.py [--sizes M,L] [--dir DIR] [--saves 200]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

SIZES = {"M": 5_000, "L": 20_000}
TODAY = date(2026, 11, 23)


def make_demo(path: Path, accounts: int) -> None:
    from rapport.store import Context
    from rapport.store.demo.company import write_demo

    if not path.exists():
        started = time.perf_counter()
        write_demo(path, accounts, 1, Context(user="bench", as_of=TODAY))
        print(f"  made {path.name} in {time.perf_counter() - started:.0f} s")


def settle_disk() -> None:
    """Flush every dirty page first: copying a 300 MB file leaves writeback running, and
    on ext4 each fdatasync would wait for it (making whichever runs first look slow)."""
    os.sync()
    time.sleep(1)


def ours(path: Path, saves: int) -> list[float]:
    from rapport.store import Context, Store
    from rapport.store.actions.edits import log_interaction

    times = []
    with Store.open(path, Context(user="bench", as_of=TODAY)) as store:
        account = next(iter(store.all("accounts")))["id"]
        settle_disk()
        for i in range(saves):
            started = time.perf_counter()
            log_interaction(store, account, summary=f"benchmark call {i}", on="2026-11-20")
            times.append(time.perf_counter() - started)
    return times


def tinydb_default(path: Path, saves: int) -> list[float]:
    from tinydb import TinyDB

    times = []
    db = TinyDB(path)  # the default JSONStorage: every insert rewrites the file
    table = db.table("interactions")
    doc = json.loads(json.dumps(next(iter(table.all()))))
    settle_disk()
    for i in range(saves):
        doc = {**doc, "summary": f"benchmark call {i}"}
        started = time.perf_counter()
        table.insert(doc)
        times.append(time.perf_counter() - started)
    db.close()
    return times


def sqlite_wal(path: Path, source: Path, saves: int) -> list[float]:
    """The same records in SQLite (one JSON column per record, indexed by account)."""
    data = json.loads(source.read_text(encoding="utf-8"))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    for table, docs in data.items():
        con.execute(f'CREATE TABLE "{table}" (id TEXT PRIMARY KEY, account TEXT, body TEXT)')
        con.execute(f'CREATE INDEX "{table}_account" ON "{table}" (account)')
        con.execute("BEGIN")
        con.executemany(
            f'INSERT INTO "{table}" VALUES (?, ?, ?)',
            ((d.get("id", k), d.get("account"), json.dumps(d)) for k, d in docs.items()),
        )
        con.execute("COMMIT")
    del data
    doc = json.loads(con.execute('SELECT body FROM "interactions" LIMIT 1').fetchone()[0])
    settle_disk()
    times = []
    for i in range(saves):
        doc = {**doc, "id": f"bench{i:08d}", "summary": f"benchmark call {i}"}
        started = time.perf_counter()
        con.execute("BEGIN")
        con.execute(
            'INSERT INTO "interactions" VALUES (?, ?, ?)',
            (doc["id"], doc["account"], json.dumps(doc)),
        )
        con.execute("COMMIT")
        times.append(time.perf_counter() - started)
    con.close()
    return times


OPEN = """
import resource, sys, time
from rapport.store import Context, Store
started = time.perf_counter()
store = Store.open(sys.argv[1], Context(user="bench"), read_only=True)
opened = time.perf_counter() - started
print(opened, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def open_in_fresh_process(path: Path) -> tuple[float, float]:
    """(seconds to open, peak resident MB) in a new process that opens the file."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", OPEN, str(path)], capture_output=True, text=True, env=env, check=True
    )
    seconds, rss_kb = out.stdout.split()
    return float(seconds), int(rss_kb) / 1024


def ms(x: float) -> str:
    return f"{x * 1000:.2f} ms"


def run(size: str, folder: Path, saves: int, tinydb_saves: int) -> dict[str, float]:
    accounts = SIZES[size]
    demo = folder / f"demo-{size}.json"
    print(f"\n{size}: {accounts:,} accounts")
    make_demo(demo, accounts)
    file_mb = demo.stat().st_size / 1e6
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        work = Path(tmp) / "ours.json"
        shutil.copy(demo, work)
        seconds, peak = open_in_fresh_process(work)
        mine = statistics.median(ours(work, saves))
        lite = statistics.median(sqlite_wal(Path(tmp) / "bench.sqlite", demo, saves))
        plain = Path(tmp) / "tinydb.json"
        shutil.copy(demo, plain)
        tiny = statistics.median(tinydb_default(plain, tinydb_saves))
    print(
        f"  file {file_mb:.0f} MB; open {seconds:.2f} s; peak memory {peak:.0f} MB = {peak / file_mb:.2f}x the file"
    )
    print(f"  durable save of one interaction (median): rapport {ms(mine)} ({saves} saves)")
    print(
        f"    sqlite3 WAL synchronous=FULL {ms(lite)} ({saves} saves): rapport is {mine / lite:.2f}x sqlite"
    )
    print(
        f"    TinyDB default JSONStorage {ms(tiny)} ({tinydb_saves} saves): rapport is {tiny / mine:,.0f}x faster"
    )
    return {
        "save": mine,
        "sqlite": lite,
        "tinydb": tiny,
        "memory_x": peak / file_mb,
        "open": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="M,L")
    parser.add_argument("--dir", default=os.environ.get("RAPPORT_BENCH_DIR", tempfile.gettempdir()))
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--tinydb-saves", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    results = {
        size: run(size, folder, args.saves, args.tinydb_saves) for size in args.sizes.split(",")
    }
    if "L" in results:
        r = results["L"]
        print("\nTargets at L:")
        print(
            f"  save within 2x sqlite:        {r['save'] / r['sqlite']:.2f}x  {'met' if r['save'] <= 2 * r['sqlite'] else 'NOT met'}"
        )
        print(
            f"  at least 50x faster than TinyDB: {r['tinydb'] / r['save']:,.0f}x  {'met' if r['tinydb'] >= 50 * r['save'] else 'NOT met'}"
        )
        print(
            f"  memory at most 3x the file:   {r['memory_x']:.2f}x  {'met' if r['memory_x'] <= 3 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
