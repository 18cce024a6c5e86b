"""The reference for ``rapport import interactions``: the same CSV rows into SQLite.

    python sqlite_import.py FILE.csv DB

A whole process like the import it is set beside: read and parse the CSV (``csv.reader``),
create the table (id, account, date, kind, staff, contacts, summary, sentiment, follow_up)
with an index on account, in WAL mode with synchronous=FULL, and ``executemany`` every row
in one transaction. Prints the rows and the seconds from reading to the commit as JSON.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
import time

COLUMNS = "id, account, date, kind, staff, contacts, summary, sentiment, follow_up"


def main() -> None:
    source, db = sys.argv[1], sys.argv[2]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    started = time.perf_counter()
    with open(source, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [(f"x{n:011d}", *row) for n, row in enumerate(reader)]
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE interactions (id TEXT PRIMARY KEY, account TEXT, date TEXT, kind TEXT, "
        "staff TEXT, contacts TEXT, summary TEXT, sentiment INT, follow_up TEXT)"
    )
    con.execute("CREATE INDEX interactions_account ON interactions (account)")
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO interactions ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    con.execute("COMMIT")
    con.close()
    print(json.dumps({"rows": len(rows), "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
