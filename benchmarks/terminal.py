"""A program in a real terminal (a tmux pane), watched as a user watches it.

A private tmux server (its own socket) runs the program in an 80x24 pane. One control-mode
client (``tmux -C``) sends keys and asks for the screen (``capture-pane``) without starting a
process per question, and hears every byte the program writes (``%output``) with the time it
arrived. A moment on screen is timed as the arrival of the last output before the first
capture that showed it, so the polling interval does not add to the figure.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shlex
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

CONFIG = """\
set -g status off
set -g default-terminal "tmux-256color"
set -g history-limit 100
set -g remain-on-exit on
"""


class TerminalError(RuntimeError):
    pass


class Terminal:
    """One tmux server with one session at a time, driven through a control client."""

    def __init__(self, work: Path, prefix: str, width: int = 80, height: int = 24) -> None:
        self.socket = f"{prefix}-{os.getpid()}"
        self.width, self.height = width, height
        self.config = work / "tmux.conf"
        self.config.write_text(CONFIG)
        self.prefix = prefix
        self._count = 0
        self.session = ""
        self._client: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[tuple[bool, list[str]]] = queue.Queue()
        self._lock = threading.Lock()
        self.outputs: list[float] = []  # arrival time of each %output
        self.output_bytes = 0

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode:
            raise TerminalError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    # -- a program in the pane ----------------------------------------------------------------

    def start(self, cmd: Sequence[str], env: dict[str, str]) -> float:
        """Start ``cmd`` in a new pane with ``env`` added to the environment (less
        PYTHONDONTWRITEBYTECODE, as for the commands); the moment it was let go.

        The pane's shell waits for a line before it ``exec``s the program, so the control
        client is listening before the program's first byte."""
        self.stop()
        self._count += 1
        self.session = f"{self.prefix}-{self._count}"
        script = 'read _go; exec "$@"'
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", str(self.width), "-y",
            str(self.height), "--", "env", "-u", "PYTHONDONTWRITEBYTECODE",
            *(f"{k}={v}" for k, v in env.items()),
            "sh", "-c", script, "sh", *cmd,
        )  # fmt: skip
        self._attach()
        self.outputs.clear()
        self.output_bytes = 0
        started = time.perf_counter()
        self.command(f"send-keys -t {self.session} Enter")
        return started

    def pid(self) -> int:
        return int(self.command(f"display -p -t {self.session} '#{{pane_pid}}'")[0])

    def alive(self) -> bool:
        return self.command(f"display -p -t {self.session} '#{{pane_dead}}'")[0] == "0"

    def stop(self) -> None:
        if self._client is not None:
            self._client.stdin.close()  # type: ignore[union-attr]
            try:
                self._client.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._client.kill()
                self._client.wait()
            self._client = None
        if self.session:
            with contextlib.suppress(TerminalError):
                self._tmux("kill-session", "-t", self.session)
            self.session = ""

    def close(self) -> None:
        self.stop()
        with contextlib.suppress(TerminalError):
            self._tmux("kill-server")
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp"), f"tmux-{os.getuid()}")
        (folder / self.socket).unlink(missing_ok=True)  # the server leaves it behind

    # -- the control client -------------------------------------------------------------------

    def _attach(self) -> None:
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-f", str(self.config), "-C", "attach", "-t", self.session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._replies = queue.Queue()
        threading.Thread(target=self._read, args=(self._client,), daemon=True).start()
        self._replies.get(timeout=10)  # the attach's own (empty) reply

    def _read(self, client: subprocess.Popen[bytes]) -> None:
        block: list[str] | None = None
        assert client.stdout is not None
        for raw in client.stdout:
            if raw.startswith(b"%output "):
                self.outputs.append(time.perf_counter())
                self.output_bytes += len(raw)
                continue
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if block is None:
                if line.startswith("%begin"):
                    block = []
            elif line.startswith(("%end", "%error")):
                self._replies.put((line.startswith("%end"), block))
                block = None
            else:
                block.append(line)

    def command(self, text: str) -> list[str]:
        """Run one tmux command through the control client; its output lines."""
        if self._client is None or self._client.poll() is not None:
            raise TerminalError("the terminal is not running")
        with self._lock:
            self._client.stdin.write(text.encode() + b"\n")  # type: ignore[union-attr]
            self._client.stdin.flush()  # type: ignore[union-attr]
            ok, lines = self._replies.get(timeout=30)
        if not ok:
            raise TerminalError(f"{text}: {' '.join(lines)}")
        return lines

    def keys(self, *keys: str, literal: bool = False) -> float:
        """Send keys (tmux key names, or text with ``literal``); the moment they went."""
        flag = "-l " if literal else ""
        words = " ".join(shlex.quote(k) for k in keys)
        started = time.perf_counter()
        self.command(f"send-keys -t {self.session} {flag}{words}")
        return started

    def screen(self) -> tuple[str, float]:
        """What the pane shows (text only) and the arrival of the last output before it."""
        lines = self.command(f"capture-pane -p -t {self.session}")
        # The reply comes after every %output tmux had taken in before it: read the last
        # arrival now, not before asking.
        return "\n".join(lines), self.outputs[-1] if self.outputs else 0.0

    def wait_for(
        self, seen: Callable[[str], bool], timeout: float, poll: float = 0.01
    ) -> tuple[float, str]:
        """Wait until ``seen(screen)``; (arrival of the output that drew it, the screen)."""
        deadline = time.perf_counter() + timeout
        while True:
            text, last = self.screen()
            if seen(text):
                return last, text
            if time.perf_counter() > deadline:
                raise TerminalError(f"not seen within {timeout:g} s; the screen:\n{text}")
            time.sleep(poll)

    def response(
        self, before: str, quiet: float, timeout: float, poll: float = 0.005
    ) -> tuple[float, str]:
        """After a key: wait until the screen differs from ``before`` and then stays the
        same for ``quiet`` seconds; (arrival of the output that drew the final screen, it)."""
        deadline = time.perf_counter() + timeout
        first_seen: tuple[float, str] | None = None
        while True:
            text, last = self.screen()
            now = time.perf_counter()
            if text != before and (first_seen is None or text != first_seen[1]):
                first_seen = (last, text)
                changed_at = now
            if first_seen is not None and now - changed_at >= quiet:
                return first_seen
            if now > deadline:
                if first_seen is not None:
                    return first_seen
                raise TerminalError(f"the screen did not change within {timeout:g} s")
            time.sleep(poll)


def rows_of(screen: str) -> list[str]:
    return screen.splitlines()


def find(pattern: str, screen: str) -> re.Match[str] | None:
    return re.search(pattern, screen, re.MULTILINE)
