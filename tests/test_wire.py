"""Little on the wire: a cursor move on any list sends at most 1 KB to the terminal at 80x24.

The app's screen updates are turned into terminal bytes by a 256-colour and a 16-colour
console, as they would be over SSH (``benchmarks/wire_bytes.py`` measures the real thing
in tmux, per theme)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from helpers import context, settle
from rich.console import Console
from textual._compositor import CompositorUpdate

from rapport.store.demo import write_demo
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.screens.account import PANES

GOAL = 1024


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wire") / "demo.json"
    write_demo(path, 40, 7, context(), me="tester")
    return path


class Wire:
    """Counts the bytes of every screen update the app would write to a terminal of
    ``system`` colours. (A strip caches what it rendered, so one app, one colour system.)"""

    def __init__(self, app: Any, system: str) -> None:
        self.console = Console(
            color_system=system,  # type: ignore[arg-type]
            force_terminal=True,
            legacy_windows=False,
            width=80,
            height=24,
            file=io.StringIO(),
        )
        self.sent = 0
        display = app._display

        def counting(screen: Any, renderable: Any) -> None:
            if isinstance(renderable, CompositorUpdate):
                self.sent += len(renderable.render_segments(self.console).encode("utf-8"))
            display(screen, renderable)

        app._display = counting

    async def per_move(self, pilot: Any, moves: int = 4) -> float:
        await settle(pilot, 0.1)
        self.sent = 0
        for i in range(moves):
            await pilot.press("j" if i % 2 == 0 else "k")
        await pilot.pause()
        return self.sent / moves


def app_for(demo_file: Path, tmp_path: Path) -> Any:
    copy = tmp_path / "demo.json"
    copy.write_bytes(demo_file.read_bytes())
    app = make_app(copy, context(), Config(path=tmp_path / "config.json"), poll_seconds=3600)
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("system", ["256", "standard"])
async def test_a_cursor_move_on_every_list_costs_at_most_1_kb(
    demo_file: Path, tmp_path: Path, system: str
) -> None:
    app = app_for(demo_file, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        wire = Wire(app, system)
        await settle(pilot, 0.3)
        costs = {"accounts": await wire.per_move(pilot)}
        await pilot.press("a")
        costs["agenda"] = await wire.per_move(pilot)
        await pilot.press("escape", "enter")  # open the first account
        await settle(pilot, 0.2)
        for pane in PANES:
            costs[pane.TITLE] = await wire.per_move(pilot)
            await pilot.press("right_square_bracket")
            await settle(pilot)
        over = {where: round(cost) for where, cost in costs.items() if cost > GOAL}
        assert not over, f"bytes per move above {GOAL}: {over} (all: {costs})"
