import os

from helpers import context, screen_text, settle

from rapport.store import Store
from rapport.store.demo import write_demo
from rapport.store.surveys import open_wave
from rapport.tui.app import make_app
from rapport.tui.config import Config

KEYS = os.environ.get("SHOW_KEYS", "j,j,enter").split(",")
SIZE = tuple(int(x) for x in os.environ.get("SHOW_SIZE", "80x24").split("x"))


async def test_show(tmp_path):
    path = tmp_path / "demo.json"
    ctx = context()
    write_demo(path, 40, 7, ctx, me="tester")
    with Store.open(path, ctx) as store:
        open_wave(store, "Winter 2026", "2026-11-20")
    app = make_app(path, ctx, Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.5)
        for k in KEYS:
            if k:
                await pilot.press(k)
                await settle(pilot, 0.1)
        await settle(pilot, 0.3)
        print()
        print(screen_text(app))
        from rapport.tui.widgets.card import CardView

        for c in app.screen.query(CardView):
            print(
                "ROOM",
                c.room,
                c.compact,
                len(c._lines),
                c.styles.max_height,
                c.size,
                c.virtual_size,
                app.size,
            )
