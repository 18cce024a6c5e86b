"""Bytes on the wire: what one cursor move sends to the terminal at 80x24 (issue 10).

Runs the real ``rapport --demo`` in tmux (its own socket) at 80x24 (a fresh demo company, as
a first run shows it), for
every theme the app ships and in 256 and in 16 colours, and captures everything the app
writes with ``tmux pipe-pane`` over 20 cursor moves on each list: the accounts, the agenda
and the account's timeline tab (down, up, down ..., so the cursor stays on screen). A page
down that scrolls the list is measured too (it may cost a screen). Prints bytes per move
beside the goal, 1 KB.

    python benchmarks/wire_bytes.py [--themes rapport-dark,ansi-dark] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

GOAL = 1024
MOVES = 20
SIZE = (80, 24)
TODAY = "2026-11-23"
TERMS = {"256": "xterm-256color", "16": "xterm"}


def rapport_command() -> list[str]:
    script = Path(sys.executable).with_name("rapport")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rapport"]


def themes() -> list[str]:
    from rapport.themes import OFFERED

    return list(OFFERED)


class Session:
    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"rapport-wire-{uuid.uuid4().hex[:8]}"
        self.env = env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    def start(self, argv: list[str], term: str) -> None:
        command = f"env TERM={term} COLORTERM= {shlex.join(argv)}; sleep 60"
        w, h = SIZE
        self.tmux("new-session", "-d", "-s", "w", "-x", str(w), "-y", str(h), command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "w")

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "w", *keys)

    def quiet(self, still: float = 0.6, timeout: float = 30) -> str:
        """Wait until the screen has not changed for ``still`` seconds."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.screen()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= still:
                break
        return last

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return
            time.sleep(0.1)
        raise SystemExit(f"{text!r} never appeared:\n{self.screen()}")

    def measure(self, keys: list[str], capture: Path) -> int:
        """Bytes the app writes while ``keys`` are pressed one by one."""
        capture.unlink(missing_ok=True)
        self.quiet()
        self.tmux("pipe-pane", "-o", "-t", "w", f"cat >> {shlex.quote(str(capture))}")
        time.sleep(0.2)
        for key in keys:
            self.send(key)
            time.sleep(0.12)
        self.quiet(0.5)
        self.tmux("pipe-pane", "-t", "w")  # stop
        time.sleep(0.2)
        return capture.stat().st_size if capture.exists() else 0

    def close(self) -> None:
        self.tmux("kill-server")


def run_one(theme: str, colours: str, work: Path) -> dict[str, float]:
    config = work / f"config-{theme}.json"
    config.write_text(json.dumps({"theme": theme}), encoding="utf-8")
    db = work / f"db-{theme}-{colours}.json"
    db.unlink(missing_ok=True)
    env = dict(os.environ, RAPPORT_CONFIG=str(config), RAPPORT_TODAY=TODAY, RAPPORT_USER="ana")
    env.pop("NO_COLOR", None)
    session = Session(env)
    results: dict[str, float] = {}
    try:
        session.start([*rapport_command(), "--demo", "--db", str(db)], TERMS[colours])
        session.wait_for("Strength")
        session.quiet(1.0)
        moves = ["j", "k"] * (MOVES // 2)
        capture = work / "capture.bin"
        results["accounts"] = session.measure(moves, capture) / MOVES
        results["accounts page"] = session.measure(["pagedown"] * 3, capture) / 3
        session.send("g")
        session.send("a")
        session.wait_for("Agenda")
        results["agenda"] = session.measure(moves, capture) / MOVES
        session.send("escape")
        session.quiet()
        session.send("enter")
        session.wait_for("Timeline")
        results["timeline"] = session.measure(moves, capture) / MOVES
        session.send("C-q")
        time.sleep(0.5)
    finally:
        session.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", help="comma-separated (default: every theme the app ships)")
    parser.add_argument("--colours", default="256,16", help="256, 16 or both (default)")
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("needs tmux", file=sys.stderr)
        return 2
    work = Path(args.keep or tempfile.mkdtemp(prefix="rapport-wire-"))
    work.mkdir(parents=True, exist_ok=True)
    chosen = args.themes.split(",") if args.themes else themes()
    print(
        f"bytes per cursor move at {SIZE[0]}x{SIZE[1]} (goal: at most {GOAL}); page = one pagedown"
    )
    print(
        f"{'theme':<18}{'colours':>8}{'accounts':>10}{'agenda':>9}{'timeline':>10}{'page':>8}  goal"
    )
    worst = 0.0
    for theme in chosen:
        for colours in args.colours.split(","):
            r = run_one(theme, colours, work)
            moves = [r["accounts"], r["agenda"], r["timeline"]]
            worst = max(worst, *moves)
            verdict = "met" if max(moves) <= GOAL else "NOT met"
            print(
                f"{theme:<18}{colours:>8}{r['accounts']:>10.0f}{r['agenda']:>9.0f}"
                f"{r['timeline']:>10.0f}{r['accounts page']:>8.0f}  {verdict}",
                flush=True,
            )
    print(f"worst: {worst:.0f} bytes per move (goal {GOAL})")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
