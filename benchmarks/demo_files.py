"""The files the benchmark works on, made with the command line when missing.

In ``--dir`` (kept, reused by the next run; never written once made):

* ``M.json`` / ``L.json``: ``rapport demo --accounts 5000|20000`` (seed 1);
* ``M-mergeA.json`` / ``M-mergeB.json``: copies of it, each with edits of its own made by
  ``rapport import`` (100 interactions, 30 account values, 20 contact phones a side);
* ``M-import100k.csv``: 100,000 new interactions against the file's accounts and contacts
  (contacts named, one row in ten with a follow-up).

The same names as ``/work/research/engine/data``, so ``--dir`` can point there. Every
destructive measurement works on a copy in the work folder (with the file's siblings:
``M.json.journal`` and whatever else the engine keeps beside it).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import random
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from measure import child_env, rapport_command, settle

SIZES = {"S": 1_000, "M": 5_000, "L": 20_000}
IMPORT_ROWS = 100_000
WORDS = ["review", "offer", "renewal", "call", "visit", "pricing", "delivery", "invoice"]
STAFF = ["ann", "bob", "carla", "dev", "eli", "fay"]
KINDS = ["call", "email", "meeting", "visit"]


@dataclass
class Account:
    id: str
    name: str


def rapport(*args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*rapport_command(), *args], env=child_env(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(
            f"rapport {' '.join(args)} failed (exit {done.returncode}):\n{done.stderr}"
        )
    return done


def demo_file(folder: Path, size: str) -> Path:
    path = folder / f"{size}.json"
    if not path.exists():
        print(f"  making {path} with rapport demo --accounts {SIZES[size]} …", flush=True)
        rapport("demo", "--accounts", str(SIZES[size]), "--seed", "1", "--out", str(path))
    return path


def siblings(path: Path) -> list[Path]:
    """The file and the files the engine keeps beside it (journal, index, …), not folders."""
    beside = path.parent.glob(path.name + ".*")
    return [path, *sorted(p for p in beside if p.is_file() and not p.is_symlink())]


def remove(path: Path) -> None:
    for p in path.parent.glob(path.name + "*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def forget_kept(path: Path) -> None:
    """Remove what is kept beside a data file (``<file>.cache``): the next process works
    every card and row out again, as the first one on a new file does."""
    for p in path.parent.glob(path.name + ".cache*"):
        p.unlink(missing_ok=True)


def age_kept(path: Path, days: int = 1) -> int:
    """Make what is kept beside a data file look kept ``days`` days ago, as the first process
    of a new day finds it (each value starts with the day it was worked out for, ISO, see
    ``store/views/kept.py``); returns how many values were aged. The clock is not moved:
    ``RAPPORT_TODAY`` would fix the day as ``--as-of`` does, reading the file as it stood."""
    kept = path.with_name(path.name + ".cache")
    if not kept.exists():
        return 0
    day = (date.today() - timedelta(days=days)).isoformat()
    with contextlib.closing(sqlite3.connect(kept)) as db, db:
        return db.execute(
            "UPDATE derived SET value = ? || substr(value, 11) WHERE value GLOB ?",
            (day, "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"),
        ).rowcount


def copy(source: Path, target: Path) -> Path:
    """A copy of a data file with its siblings, replacing any earlier copy; flushed."""
    remove(target)
    for p in siblings(source):
        shutil.copyfile(p, target.parent / (target.name + p.name[len(source.name) :]))
    settle()
    return target


def first_account(path: Path) -> Account:
    """The first account of the file, read from its start (a TinyDB JSON file: the tables
    are objects of records); the whole file only if its start does not say."""
    with open(path, "rb") as handle:
        head = handle.read(4 * 1024 * 1024).decode("utf-8", "ignore")
    decoder = json.JSONDecoder()
    at = head.find('"accounts"')
    if at >= 0:
        try:
            at = head.index("{", head.index(":", at))  # the table
            key_end = head.index(":", head.index('"', at))  # the first record's key
            record, _ = decoder.raw_decode(head, key_end + 1)
            return Account(record["id"], record["name"])
        except (ValueError, KeyError, TypeError):
            pass
    with open(path, encoding="utf-8") as handle:
        record = next(iter(json.load(handle)["accounts"].values()))
    return Account(record["id"], record["name"])


# -- the CSV files, from what ``rapport export`` says is in the file ----------------------


def _exported(path: Path, kind: str) -> list[dict[str, str]]:
    text = rapport("export", kind, "--db", str(path)).stdout
    return list(csv.DictReader(io.StringIO(text)))


def _people(path: Path) -> tuple[list[str], dict[str, list[str]]]:
    names = sorted({row["name"] for row in _exported(path, "accounts")})
    people: dict[str, list[str]] = {}
    for row in _exported(path, "contacts"):
        people.setdefault(row["account"], []).append(row["name"])
    return names, people


def _interactions(
    out: Path, rows: int, names: list[str], people: dict[str, list[str]], seed: int, tag: str
) -> None:
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(
            ["account", "date", "kind", "staff", "contacts", "summary", "sentiment", "follow_up"]
        )
        for n in range(rows):
            account = rng.choice(names)
            day = start + timedelta(days=rng.randrange(300))
            follow = (day + timedelta(days=14)).isoformat() if n % 10 == 0 else ""
            ppl = sorted(set(people.get(account, [])))
            named = ";".join(rng.sample(ppl, min(len(ppl), rng.randint(0, 2))))
            summary = f"{tag}#{n} " + " ".join(rng.choices(WORDS, k=8))
            w.writerow(
                [
                    account,
                    day.isoformat(),
                    rng.choice(KINDS),
                    rng.choice(STAFF),
                    named,
                    summary,
                    rng.randint(-2, 2),
                    follow,
                ]
            )


def import_csv(folder: Path, size: str) -> Path:
    out = folder / f"{size}-import100k.csv"
    if not out.exists():
        print(f"  making {out} (100,000 interactions from rapport export) …", flush=True)
        names, people = _people(demo_file(folder, size))
        tmp = out.with_suffix(".tmp")
        _interactions(tmp, IMPORT_ROWS, names, people, seed=2, tag="")
        tmp.rename(out)
    return out


def merge_pair(folder: Path, size: str, work: Path) -> tuple[Path, Path]:
    """Two copies of the demo file with 150 edits each, made by ``rapport import``."""
    pair = folder / f"{size}-mergeA.json", folder / f"{size}-mergeB.json"
    if all(p.exists() for p in pair):
        return pair
    base = demo_file(folder, size)
    print(f"  making {pair[0].name} and {pair[1].name} (150 edits a side) …", flush=True)
    names, people = _people(base)
    for side, target, seed in (("A", pair[0], 1), ("B", pair[1], 2)):
        rng = random.Random(seed)
        tmp = copy(base, work / f"making-{target.name}")
        _interactions(work / "logs.csv", 100, names, people, seed=seed, tag=side)
        with open(work / "accounts.csv", "w", newline="", encoding="utf-8") as handle:
            w = csv.writer(handle)
            w.writerow(["name", "value"])
            for name in rng.sample(names, 30):
                w.writerow([name, rng.randrange(1000, 99000)])
        with open(work / "contacts.csv", "w", newline="", encoding="utf-8") as handle:
            w = csv.writer(handle)
            w.writerow(["account", "name", "phone"])
            with_people = [n for n in names if people.get(n)]
            for name in rng.sample(with_people, 20):
                w.writerow(
                    [name, rng.choice(people[name]), f"+49 {seed}{rng.randrange(10**6):06d}"]
                )
        for kind in ("interactions", "accounts", "contacts"):
            csv_name = "logs.csv" if kind == "interactions" else f"{kind}.csv"
            rapport("import", kind, str(work / csv_name), "--db", str(tmp))
        shutil.rmtree(str(tmp) + ".backups", ignore_errors=True)
        for p in reversed(siblings(tmp)):  # the data file last: it is what says "made"
            if not p.name.endswith((".lock", ".users")):
                shutil.move(p, folder / (target.name + p.name[len(tmp.name) :]))
        remove(tmp)
    return pair
