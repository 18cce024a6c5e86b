"""Make docs/screenshot.svg: the app's own SVG export of an account on the demo company.

python docs/make_screenshot.py
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from rapport.store import Context
from rapport.store.demo.company import write_demo
from rapport.tui.app import make_app
from rapport.tui.config import Config


async def main() -> None:
    ctx = Context(
        user="you", as_of=date(2026, 11, 23), clock=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.json"
        write_demo(path, 120, 7, ctx, me="you")
        app = make_app(path, ctx, Config(path=Path(tmp) / "config.json"), poll_seconds=3600)
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.pause(1.5)
            await app.workers.wait_for_complete()
            await pilot.press("j", "j", "enter")
            await pilot.pause(0.5)
            svg = app.export_screenshot(title="Rapport")
    target = Path(__file__).with_name("screenshot.svg")
    target.write_text(svg, encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    asyncio.run(main())
