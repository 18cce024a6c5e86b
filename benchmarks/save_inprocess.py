"""One durable save in process (as the app makes it), beside SQLite's, interleaved.

    python save_inprocess.py DATA ACCOUNT_ID WORK_DIR [--saves 200] [--rows 100000]
                             [--tinydb N]

The one measurement that calls Rapport's API rather than its command line, because the
goal is about a save inside a running process: ``Store.open``, then ``log_interaction`` (a
validated, journalled, flushed save) ``--saves`` times, each followed by the same insert into
SQLite (WAL, synchronous=FULL, an interactions table of ``--rows`` rows indexed by account),
so both see the same load. The open and the close are timed too (they are not the save, but
a user waits for them). ``--tinydb N``: then N inserts with TinyDB's default JSONStorage on
the same file (each rewrites the whole file; issue 2's comparison). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import time
from pathlib import Path


def sqlite_table(db: Path, rows: int) -> sqlite3.Connection:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE interactions (id TEXT PRIMARY KEY, account TEXT, body TEXT)")
    con.execute("CREATE INDEX interactions_account ON interactions (account)")
    body = json.dumps({"kind": "call", "summary": "x" * 300, "staff": "ann", "sentiment": 0})
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO interactions VALUES (?, ?, ?)",
        ((f"r{n:011d}", f"a{n % 5000:06d}", body) for n in range(rows)),
    )
    con.execute("COMMIT")
    return con


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("account")
    parser.add_argument("work")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tinydb", type=int, default=0)
    args = parser.parse_args()

    from rapport.store import Context, Store
    from rapport.store.actions import log_interaction

    con = sqlite_table(Path(args.work) / "save.sqlite", args.rows)
    ours, lite = [], []
    started = time.perf_counter()
    store = Store.open(Path(args.data), Context(user="bench"))
    opened = time.perf_counter() - started
    os.sync()
    for i in range(args.saves):
        started = time.perf_counter()
        log_interaction(store, args.account, summary=f"benchmark call {i}")
        ours.append(time.perf_counter() - started)
        row = (f"bench{i:08d}", args.account, json.dumps({"summary": f"benchmark call {i}"}))
        started = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO interactions VALUES (?, ?, ?)", row)
        con.execute("COMMIT")
        lite.append(time.perf_counter() - started)
    started = time.perf_counter()
    store.close()
    closed = time.perf_counter() - started
    con.close()
    result = {
        "open": opened,
        "save": statistics.median(ours),
        "save_max": max(ours),
        "sqlite": statistics.median(lite),
        "sqlite_max": max(lite),
        "close": closed,
        "saves": args.saves,
    }
    if args.tinydb:
        result["tinydb"] = tinydb_default(Path(args.data), args.tinydb)
    print(json.dumps(result))


def tinydb_default(path: Path, saves: int) -> float:
    from tinydb import TinyDB

    times = []
    db = TinyDB(path)  # the default JSONStorage: every insert rewrites the file
    table = db.table("interactions")
    doc = json.loads(json.dumps(next(iter(table.all()))))
    os.sync()
    for i in range(saves):
        doc = {**doc, "summary": f"benchmark call {i}"}
        started = time.perf_counter()
        table.insert(doc)
        times.append(time.perf_counter() - started)
    db.close()
    return statistics.median(times)


if __name__ == "__main__":
    main()
