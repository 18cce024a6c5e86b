"""Benchmark: import a 100,000-row interactions CSV into a demo-like data file.

    PYTHONPATH=<dir holding rapport> python benchmarks/import_100k.py [ROWS] [--keep DIR]

Builds (in a temporary folder) a file with 1,000 accounts, 4,000 contacts and 20,000
interactions through the store API, writes a CSV of ROWS new interactions against it
(contacts named, one row in ten with a follow-up), then times:

* ``rapport import interactions FILE.csv`` as a subprocess, end to end (open, check every
  row, backup, one save, close with checkpoint), twice: the second run re-imports the
  same file (nothing to create);
* the store functions alone (plan, then save) in this process, for the breakdown.

The issue's target: 100k rows in under a minute.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import rapport
from rapport.store import Context, Store
from rapport.store.exchange.importer import carry_out, plan_import
from rapport.store.records.schema import INTERACTION_KINDS

ACCOUNTS, CONTACTS_EACH, EXISTING = 1_000, 4, 20_000
WORDS = [
    "review",
    "offer",
    "renewal",
    "call",
    "visit",
    "pricing",
    "delivery",
    "invoice",
    "support",
    "training",
]
STAFF = ["ann", "bob", "carla", "dev", "eli", "fay"]


def build_file(path: Path, rng: random.Random) -> tuple[list[str], dict[str, list[str]]]:
    """A demo-like file; returns account names and each account's contact names."""
    ctx = Context(user="bench")
    names: list[str] = []
    contacts: dict[str, list[str]] = {}
    start = date(2024, 1, 1)
    with Store.open(path, ctx) as store, store.transaction("build", undoable=False) as tx:
        account_ids = []
        for n in range(ACCOUNTS):
            name = f"Account {n:04d} {rng.choice(WORDS).title()}"
            names.append(name)
            account_ids.append(
                tx.create(
                    "accounts",
                    {"name": name, "owner": rng.choice(STAFF), "tier": "standard", "value": n},
                )
            )
            people = [f"Person {n}-{k}" for k in range(CONTACTS_EACH)]
            contacts[name] = people
            for person in people:
                tx.create("contacts", {"account": account_ids[-1], "name": person})
        for _ in range(EXISTING):
            tx.create(
                "interactions",
                {
                    "account": rng.choice(account_ids),
                    "date": (start + timedelta(days=rng.randrange(700))).isoformat(),
                    "kind": rng.choice(INTERACTION_KINDS),
                    "staff": rng.choice(STAFF),
                    "summary": " ".join(rng.choices(WORDS, k=6)),
                },
            )
    return names, contacts


def write_csv(path: Path, rows: int, names: list[str], contacts: dict[str, list[str]]) -> None:
    rng = random.Random(2)
    start = date(2026, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["account", "date", "kind", "staff", "contacts", "summary", "sentiment", "follow_up"]
        )
        for n in range(rows):
            account = rng.choice(names)
            day = start + timedelta(days=rng.randrange(300))
            follow = (day + timedelta(days=14)).isoformat() if n % 10 == 0 else ""
            out.writerow(
                [
                    account,
                    day.isoformat(),
                    rng.choice(INTERACTION_KINDS),
                    rng.choice(STAFF),
                    ";".join(rng.sample(contacts[account], rng.randint(0, 2))),
                    f"#{n} " + " ".join(rng.choices(WORDS, k=8)),
                    rng.randint(-2, 2),
                    follow,
                ]
            )


def timed_cli(data: Path, csv_path: Path) -> tuple[float, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(rapport.__file__)))
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rapport",
            "import",
            "interactions",
            str(csv_path),
            "--db",
            str(data),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - started
    return elapsed, (done.stdout.splitlines() or ["?"])[0] + f" (exit {done.returncode})"


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rng = random.Random(1)
        data, csv_path = folder / "bench.json", folder / "interactions.csv"
        started = time.perf_counter()
        names, contacts = build_file(data, rng)
        print(
            f"built {data.name}: {ACCOUNTS:,} accounts, {ACCOUNTS * CONTACTS_EACH:,} contacts, "
            f"{EXISTING:,} interactions in {time.perf_counter() - started:.1f} s"
        )
        write_csv(csv_path, rows, names, contacts)
        print(f"wrote {csv_path.name}: {rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB")
        copy = folder / "bench-copy.json"
        copy.write_bytes(data.read_bytes())

        elapsed, line = timed_cli(data, csv_path)
        print(
            f"rapport import (new rows):   {elapsed:6.1f} s  {rows / elapsed:,.0f} rows/s  {line}"
        )
        elapsed, line = timed_cli(data, csv_path)
        print(
            f"rapport import (again):      {elapsed:6.1f} s  {rows / elapsed:,.0f} rows/s  {line}"
        )

        text = csv_path.read_bytes()
        with Store.open(copy, Context(user="bench")) as store:
            started = time.perf_counter()
            plan = plan_import(store, "interactions", text)
            planned = time.perf_counter() - started
            carry_out(store, plan, lambda: plan, label="import interactions")
            saved = time.perf_counter() - started - planned
            started = time.perf_counter()
        closed = time.perf_counter() - started
        print(
            f"in process: check {planned:.1f} s, backup + save {saved:.1f} s, "
            f"close (checkpoint) {closed:.1f} s; {plan.created:,} created, "
            f"{plan.also['follow-ups']:,} follow-ups"
        )


if __name__ == "__main__":
    main()
