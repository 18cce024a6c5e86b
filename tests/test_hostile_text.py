"""Data is text, always: names and notes that are markup, links, actions or terminal
control sequences are shown literally everywhere and never reach the terminal as bytes."""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from pathlib import Path

import pytest
from helpers import HOSTILE, build_company, context, screen_text, settle

from rapport.store import Store
from rapport.store.actions.edits import log_interaction
from rapport.store.records.text import visible
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.screens.account import PANES, AccountScreen

SHOWN = {key: visible(name) for key, name in HOSTILE.items()}


@pytest.fixture
def hostile_company(db_path: Path) -> dict[str, str]:
    ids = build_company(db_path, hostile=True)
    with Store.open(db_path, context()) as store:
        for key in HOSTILE:
            with store.transaction("hostile contact") as tx:
                contact = tx.create(
                    "contacts", {"account": ids[key], "name": HOSTILE[key], "role": "[b]boss[/b]"}
                )
            log_interaction(
                store,
                ids[key],
                summary=f"{HOSTILE[key]} said [/] and \x1b[2J",
                contacts=[contact],
                follow_up="2026-11-25",
                promise=HOSTILE["click"],
                promise_due="2026-11-30",
            )
            with store.transaction("hostile plan") as tx:
                tx.create(
                    "plan_items",
                    {
                        "account": ids[key],
                        "what": HOSTILE["link"],
                        "owner": HOSTILE["markup_close"],
                    },
                )
                tx.create(
                    "complaints",
                    {
                        "account": ids[key],
                        "raised": "2026-11-01",
                        "summary": HOSTILE["osc52"],
                        "status": "escalated",
                        "escalated_to": HOSTILE["title"],
                    },
                )
                tx.create(
                    "opportunities",
                    {"account": ids[key], "what": HOSTILE["csi8"], "noticed": "2026-11-02"},
                )
    return ids


async def test_every_screen_shows_hostile_text_literally(
    db_path: Path, tmp_path: Path, hostile_company: dict[str, str]
) -> None:
    app = make_app(db_path, context(), Config(path=tmp_path / "config.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        home = screen_text(app)
        for key in ("markup_close", "click", "link", "osc52", "title"):
            assert SHOWN[key] in home, key
        assert "⟨9B⟩" in home and "⟨U+202E⟩" in home
        for key in HOSTILE:
            app.open_account(hostile_company[key])
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)
            assert SHOWN[key] in screen_text(app)
            for _ in PANES:
                await pilot.press("right_square_bracket")
                await settle(pilot)
            await pilot.press("i")  # the log form shows the name too
            await settle(pilot)
            assert SHOWN[key] in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("a")  # the agenda lists follow-ups, promises and escalated complaints
        await settle(pilot)
        agenda = screen_text(app)
        assert SHOWN["click"] in agenda
        await pilot.press("escape", "ctrl+p", *"clip")
        await settle(pilot, 0.5)
        assert SHOWN["osc52"] in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        assert app.is_running, "no markup in the data made the app quit"


def _read_until(fd: int, deadline: float, needle: bytes | None = None) -> bytes:
    out = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if needle is not None and needle in out:
                break
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_control_sequence_from_data_reaches_the_terminal(
    db_path: Path, hostile_company: dict[str, str]
) -> None:
    """Run the real command in a pseudo-terminal and read every byte it writes."""
    import pty

    import rapport

    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(rapport.__file__)))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
        "PYTHONPATH": package_parent,
    }
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app
        os.execve(sys.executable, [sys.executable, "-m", "rapport", "--db", str(db_path)], env)
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        output = _read_until(fd, time.monotonic() + 20, b"Ambassadors")
        for keys in (
            b"/",
            b"clip",
            b"\r",
            b"\r",
            b"]",
            b"]",
            b"]",
            b"]",
            b"]",
            b"\x1b",
            b"a",
            b"\x1b",
            b"q",
        ):
            os.write(fd, keys)
            output += _read_until(fd, time.monotonic() + 0.6)
        output += _read_until(fd, time.monotonic() + 10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"Ambassadors" in output, "the app drew its screen"
    assert b"UFdORUQ=" in output, "the hostile account was on screen (as text)"
    assert b"\x1b]52;" not in output, "no clipboard write"
    assert b"\x1b]0;pwned" not in output, "no window title change"
    assert "\x9b".encode() not in output, "no 8-bit CSI"
    assert "\u202e".encode() not in output, "no bidi override"
    assert b"\x1b]8;;https://evil" not in output, "no hyperlink from data"
