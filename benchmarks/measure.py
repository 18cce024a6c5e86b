"""Whole processes as a user runs them: wall time, CPU, peak memory (RSS and PSS).

Nothing here imports Rapport: commands are run as the user runs them, so the figures keep
meaning the same thing whatever the engine does inside.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024


def load() -> str:
    """The 1, 5 and 15 minute load averages (the machine is shared: figures move with it)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def load1() -> float:
    return float(load().split()[0])


def settle() -> None:
    """Flush every dirty page before a measurement: copying a large file leaves writeback
    running, and each fsync of whoever runs next would wait for it."""
    os.sync()


def child_env(**extra: str) -> dict[str, str]:
    """The environment for the commands: the user's, less PYTHONDONTWRITEBYTECODE (an
    installed package has its bytecode; without it every start compiles the sources)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def rapport_command() -> list[str]:
    """``rapport`` as installed beside this Python (a user types ``rapport``)."""
    script = Path(sys.executable).with_name("rapport")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rapport"]


# -- memory of running processes -----------------------------------------------------------


def smaps_rollup(pid: int) -> dict[str, int]:
    """Rss, Pss, Pss_Anon, Pss_File, ... of a process, in bytes (empty once it is gone)."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 3 and parts[2] == "kB":
                    values[parts[0].rstrip(":")] = int(parts[1]) * 1024
    except (OSError, ValueError):
        return {}
    return values


def peak_rss_of(pid: int) -> int:
    """VmHWM: the process's peak resident set so far, in bytes."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


@dataclass
class Peaks:
    """The largest total (over the processes, at one sampling instant) seen of each figure."""

    rss: int = 0
    pss: int = 0
    pss_anon: int = 0
    pss_file: int = 0
    samples: int = 0


class MemorySampler:
    """Samples /proc/PID/smaps_rollup of some processes every ``interval`` seconds in a
    thread and keeps the peak of their sum (PSS shares a page among the processes that map
    it, so the sum is what they hold together)."""

    def __init__(self, pids: Iterable[int] = (), interval: float = 0.02) -> None:
        self.pids = list(pids)
        self.interval = interval
        self.peaks = Peaks()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = Peaks()
            for pid in list(self.pids):
                values = smaps_rollup(pid)
                total.rss += values.get("Rss", 0)
                total.pss += values.get("Pss", 0)
                total.pss_anon += values.get("Pss_Anon", 0)
                total.pss_file += values.get("Pss_File", 0)
            p = self.peaks
            p.rss, p.pss = max(p.rss, total.rss), max(p.pss, total.pss)
            p.pss_anon, p.pss_file = (
                max(p.pss_anon, total.pss_anon),
                max(p.pss_file, total.pss_file),
            )
            p.samples += 1
            self._stop.wait(self.interval)


# -- one whole process ---------------------------------------------------------------------


@dataclass
class Run:
    """One whole process: from spawn to exit."""

    wall: float
    cpu: float  # user + system seconds
    max_rss: int  # bytes (the kernel's exact peak)
    code: int
    load: float  # 1-minute load average when it started
    peaks: Peaks | None = None  # sampled PSS, when asked for
    out: str = ""
    err: str = ""


def run(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    sample: bool = False,
    cwd: str | Path | None = None,
    sync: bool = True,
) -> Run:
    """Run ``cmd`` to its end; wall and CPU time and peak memory from ``wait4``."""
    if sync:
        settle()
    before = load1()
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env or child_env(),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    sampler = MemorySampler([proc.pid]) if sample else None
    if sampler:
        sampler.__enter__()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.__exit__()
    for reader in readers:
        reader.join()
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss * 1024,
        code=proc.returncode,
        load=before,
        peaks=sampler.peaks if sampler else None,
        out=b"".join(out_chunks).decode("utf-8", "replace"),
        err=b"".join(err_chunks).decode("utf-8", "replace"),
    )


@dataclass
class Batch:
    """Several processes started together: the wall until the last exits, the peak of
    their total memory."""

    wall: float
    peaks: Peaks
    codes: list[int]
    load: float
    walls: list[float] = field(default_factory=list)


def run_together(cmds: Sequence[Sequence[str]], *, env: dict[str, str] | None = None) -> Batch:
    settle()
    before = load1()
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            cmd,
            env=env or child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for cmd in cmds
    ]
    walls: list[float] = []
    codes: list[int] = []
    with MemorySampler([p.pid for p in procs]) as sampler:
        for proc in procs:
            _, status, _ = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            codes.append(proc.returncode)
            walls.append(time.perf_counter() - started)
    return Batch(
        wall=time.perf_counter() - started,
        peaks=sampler.peaks,
        codes=codes,
        load=before,
        walls=walls,
    )


def median(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def failed(run_: Run) -> str:
    """The last line of what a failed command said, for the report."""
    lines = (run_.err or run_.out).strip().splitlines()
    return f"exit {run_.code}: {lines[-1][:160] if lines else '(nothing said)'}"


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
