"""kill -9 at random moments of a process that is saving: every save it reported done is
still there afterwards, the file opens, and ``rapport check`` finds it sound.

A writer process (written to tmp_path) opens the store and saves in a loop: new accounts,
edits, and transactions of several records, with a checkpoint every few saves. Before
each save it prints what it is about to save (``plan``), after the save returns it prints
``ack``; around checkpoints it prints ``cp`` and ``cp-done``. The parent kills it with
SIGKILL after a random number of acknowledged saves, at a random moment after it starts,
or right inside a checkpoint, and then checks the file. The trials run one after the other
on the same file, so each writer also starts from the state the last kill left.

The parent knows exactly what the file must hold: every acknowledged save, plus the one
save in flight at the kill either wholly or not at all (a transaction is atomic).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tinydb

from rapport.store import Context, Store

pytestmark = pytest.mark.slow

Cli = Callable[..., subprocess.CompletedProcess[str]]

WRITER = textwrap.dedent(
    """
    import random, sys, time
    from rapport.store import Store

    path, seed, every, trial = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    store = Store.open(path)
    ids = sorted(r["id"] for r in store.all("accounts"))
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        tag = f"{trial}-{n}"
        roll = rng.random()
        count = 1 if roll < 0.7 else rng.randint(2, 5)  # some saves hold several records
        planned = []
        with store.transaction(tag) as tx:
            for _ in range(count):
                if rng.random() < 0.4 or not ids:
                    record_id = tx.create("accounts", {"name": f"A {tag} {len(planned)}",
                                                       "owner": "writer", "notes": tag})
                    planned.append((record_id, 1))
                else:
                    record_id = rng.choice(ids)
                    if any(record_id == p for p, _ in planned):
                        continue
                    version = store.require("accounts", record_id)["version"]
                    tx.update("accounts", record_id, {"notes": tag}, expect=version)
                    planned.append((record_id, version + 1))
            print("plan", tag, *(f"{i}:{v}" for i, v in planned), flush=True)
        print("ack", tag, flush=True)
        ids = sorted(set(ids) | {i for i, _ in planned})
        if n % every == 0:
            print("cp", flush=True)
            started = time.perf_counter()
            store.checkpoint()
            print("cp-done", time.perf_counter() - started, flush=True)
    """
)


@dataclass
class Plan:
    tag: str
    records: dict[str, int]  # id -> the version this save gives it


@dataclass
class Trial:
    """What one writer said before it died."""

    acked: list[Plan] = field(default_factory=list)
    in_flight: Plan | None = None
    last_control: str = ""
    ready: bool = False
    checkpoint_seconds: list[float] = field(default_factory=list)


def read_trial(lines: list[str]) -> Trial:
    trial = Trial()
    for line in lines:
        if not line.endswith("\n"):
            break  # a line cut short by the kill (a single write: should not happen)
        word, *rest = line.split()
        if word == "ready":
            trial.ready = True
        elif word == "plan":
            records = dict(item.split(":") for item in rest[1:])
            trial.in_flight = Plan(rest[0], {i: int(v) for i, v in records.items()})
        elif word == "ack":
            assert trial.in_flight is not None and trial.in_flight.tag == rest[0]
            trial.acked.append(trial.in_flight)
            trial.in_flight = None
        elif word in ("cp", "cp-done"):
            trial.last_control = word
            if rest:
                trial.checkpoint_seconds.append(float(rest[0]))
    return trial


class Crasher:
    def __init__(self, folder: Path, env: dict[str, str], rng: random.Random, ctx: Context) -> None:
        self.folder = folder
        self.path = folder / "rapport.json"
        self.env = env
        self.rng = rng
        self.ctx = ctx
        self.script = folder.parent / "writer.py"
        self.script.write_text(WRITER, encoding="utf-8")
        self.model: dict[str, tuple[int, str]] = {}
        """Every account the file must hold: id -> (version, notes)."""
        self.evidence: Counter[str] = Counter()
        self.trials = 0
        self.checkpoint_time = 0.01
        """The longest checkpoint a writer reported, in seconds."""
        self.leftovers: set[str] = set()
        """Temporary files killed checkpoints left beside the data file."""

    def prefill(self, accounts: int) -> None:
        """Enough records that a checkpoint takes a while (a wider target for the kills)."""
        with Store.open(self.path, self.ctx) as store, store.transaction() as tx:
            for n in range(accounts):
                record_id = tx.create(
                    "accounts", {"name": f"Prefilled {n}", "owner": "p", "notes": "x" * 200}
                )
                self.model[record_id] = (1, "x" * 200)

    def run(self, how: str, every: int) -> Trial:
        """Start a writer, kill it as ``how`` says, return what it acknowledged."""
        self.trials += 1
        child = subprocess.Popen(
            [
                sys.executable,
                str(self.script),
                str(self.path),
                str(self.rng.randrange(1 << 30)),
                str(every),
                str(self.trials),
            ],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        lines: list[str] = []
        timer = None
        if how == "delay":  # a random moment after it starts: maybe while it opens the file
            timer = threading.Timer(self.rng.uniform(0.0, 0.4), child.send_signal, [signal.SIGKILL])
            timer.start()
        elif how == "acks":
            wanted, acks = self.rng.randint(0, 25), 0
            for line in child.stdout:
                lines.append(line)
                acks += line.startswith("ack")
                if acks >= wanted and (line.startswith("ack") or line == "ready\n"):
                    break
            child.send_signal(signal.SIGKILL)
        elif how == "checkpoint":  # just after it said it starts a checkpoint
            wanted, seen = self.rng.randint(1, 4), 0
            for line in child.stdout:
                lines.append(line)
                seen += line == "cp\n"
                if seen >= wanted:
                    break
            # where in the checkpoint to strike (not a synchronisation): anywhere from its
            # start to a little past the longest one seen so far
            delay = self.rng.choice([0.0, self.rng.uniform(0.0, 1.2 * self.checkpoint_time)])
            if delay:
                time.sleep(delay)
            child.send_signal(signal.SIGKILL)
        else:
            raise AssertionError(how)
        lines += child.stdout.readlines()  # what it said before it died
        trial = read_trial(lines)
        self.checkpoint_time = max([self.checkpoint_time, *trial.checkpoint_seconds])
        stderr = child.stderr.read() if child.stderr else ""
        child.wait()
        if timer:
            timer.cancel()
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL, (child.returncode, stderr)
        return trial

    def look(self, trial: Trial) -> None:
        """Count the signs of where a kill inside a checkpoint landed."""
        if not trial.ready:
            self.evidence["killed before it had opened the file"] += 1
        inside = trial.last_control == "cp"
        self.evidence["killed inside a checkpoint" if inside else "killed elsewhere"] += 1
        journal = self.path.with_name(self.path.name + ".journal")
        temporary = {p.name for p in self.folder.iterdir() if p.name.endswith(".tmp")}
        for name in sorted(temporary - self.leftovers):  # the ones this kill left
            what = "journal" if name.startswith(f".{journal.name}.") else "data file"
            self.evidence[f"  ... while writing the new {what}"] += 1
        self.leftovers = temporary
        if journal.exists():
            header = json.loads(journal.read_bytes().split(b"\n", 1)[0])
            with open(self.path, "rb") as handle:
                gen = json.loads(handle.readline()[len(b'{"_rapport":{"1":') : -3])["gen"]
            if header["base"] != gen:
                self.evidence["  ... between the new data file and the new journal"] += 1

    def verify(self, trial: Trial, writable: bool) -> None:
        # the one save in flight at the kill: wholly there, or not at all
        with Store.open(self.path, self.ctx, read_only=True) as store:
            if trial.in_flight is not None:
                states = {
                    (store.get("accounts", i) or {}).get("version") == v
                    for i, v in trial.in_flight.records.items()
                }
                assert len(states) <= 1, f"save {trial.in_flight.tag} is in the file in part"
                if states == {True}:
                    self.evidence["unacknowledged save found in the file (whole)"] += 1
                    trial.acked.append(trial.in_flight)
            for plan in trial.acked:
                for record_id, version in plan.records.items():
                    self.model[record_id] = (version, plan.tag)
            self.compare(store)
        if writable:
            with Store.open(self.path, self.ctx) as store:
                self.compare(store)

    def compare(self, store: Store) -> None:
        found = {r["id"]: (r["version"], r["notes"]) for r in store.all("accounts")}
        missing = {i: v for i, v in self.model.items() if found.get(i) != v}
        assert not missing, f"acknowledged saves lost or changed: {list(missing.items())[:5]}"
        assert len(found) == len(self.model), "records that were never saved appeared"


@pytest.fixture
def crasher(tmp_path: Path, cli_env: dict[str, str], ctx: Context) -> Crasher:
    folder = tmp_path / "data"
    folder.mkdir()
    seed = int(os.environ.get("RAPPORT_CRASH_SEED", random.randrange(1 << 30)))
    print(f"crash trials: seed {seed} (RAPPORT_CRASH_SEED={seed} to repeat)")
    crasher = Crasher(folder, cli_env, random.Random(seed), ctx)
    crasher.prefill(1500)
    return crasher


def run_trials(crasher: Crasher, plan: list[tuple[str, int]], cli: Cli) -> None:
    for number, (how, every) in enumerate(plan):
        trial = crasher.run(how, every)
        checked = cli("check", db=crasher.path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        crasher.look(trial)
        crasher.verify(trial, writable=number % 2 == 1)
    # and the file is still one a save can be added to, and that TinyDB reads
    with Store.open(crasher.path, crasher.ctx) as store, store.transaction() as tx:
        tx.create("accounts", {"name": "After the crashes", "owner": "p"})
    with tinydb.TinyDB(crasher.path, access_mode="r") as db:
        assert len(db.table("accounts")) == len(crasher.model) + 1
    # and what killed checkpoints left half-written was cleared away by a later one
    assert [p.name for p in crasher.folder.iterdir() if p.name.endswith(".tmp")] == []


def report(crasher: Crasher, label: str) -> None:
    lines = [
        f"{label}: {crasher.trials} kills; longest checkpoint {crasher.checkpoint_time:.3f} s"
    ] + [f"  {what}: {n}" for what, n in sorted(crasher.evidence.items())]
    print("\n".join(lines))


def test_kill_at_random_moments(crasher: Crasher, cli: Cli) -> None:
    rng = crasher.rng
    plan = [(rng.choice(["acks", "acks", "delay"]), rng.choice([3, 7, 20])) for _ in range(30)]
    run_trials(crasher, plan, cli)
    report(crasher, "random moments")
    assert crasher.trials == 30


def test_kill_inside_checkpoints(crasher: Crasher, cli: Cli) -> None:
    plan = [("checkpoint", 1)] * 25  # a checkpoint after every save
    run_trials(crasher, plan, cli)
    report(crasher, "inside checkpoints")
    # the kills must land where they are aimed, or this test proves nothing
    assert crasher.evidence["killed inside a checkpoint"] >= 5, crasher.evidence
