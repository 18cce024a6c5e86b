"""The real ``rapport`` command in a real terminal: a tmux session on its own socket (so it
never meets anyone else's tmux), sized like an SSH window, read back with capture-pane."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

HAVE_TMUX = shutil.which("tmux") is not None


def rapport_command() -> list[str]:
    """The installed ``rapport`` script beside this Python, else ``python -m rapport``."""
    script = Path(sys.executable).with_name("rapport")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rapport"]


class Tmux:
    def __init__(self, env: Mapping[str, str], size: tuple[int, int] = (80, 24)) -> None:
        self.socket = f"rapport-test-{uuid.uuid4().hex[:10]}"
        self.env = dict(env)
        self.size = size

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, argv: Sequence[str], *, term: str = "xterm-256color") -> None:
        """Run ``argv`` in a new window with TERM set (COLORTERM cleared: no true colour)."""
        width, height = self.size
        command = f"env TERM={term} COLORTERM= {shlex.join(argv)}; sleep 30"
        self.tmux("new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height), command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def send(self, *keys: str) -> None:
        """One send-keys call: tmux writes them to the terminal at once, as a burst."""
        self.tmux("send-keys", "-t", "main", *keys)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")

    def wait_until_done(self, timeout: float = 30.0) -> None:
        """Wait until the command has ended (the pane runs the ``sleep`` after it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            running = self.tmux("list-panes", "-t", "main", "-F", "#{pane_current_command}")
            if running.strip() == "sleep":
                return
            time.sleep(0.1)
        raise AssertionError(f"still running; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server", check=False)
