"""How fast the app is for a company's size (issue 3's targets).

* start-up: a fresh process until the accounts list of a 5,000-account file shows rows,
  against a fresh process running a bare Textual app that shows a 50-row DataTable
  (target: within 3x);
* a filter keystroke at 20,000 accounts: filtering, sorting and drawing the visible rows
  after the search line changed (target: under 50 ms);
* opening an account with 100 interactions: from the key until its screen shows them
  (target: under 100 ms).

    python benchmarks/tui_bench.py [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)

BARE = textwrap.dedent(
    r"""
    import os
    import time
    from textual.app import App
    from textual.widgets import DataTable

    class Bare(App):
        def compose(self):
            yield DataTable()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Account", "Owner", "Tier", "Stage")
            table.add_rows([(f"Account {i}", "owner", "key", "exploration") for i in range(50)])
            self.call_after_refresh(self.ready)

        def ready(self):
            os.write(1, f"{time.time()}\n".encode())  # drawn: the moment that counts (Textual captures print)
            self.exit()

    Bare().run(headless=True, size=(80, 24))
    """
)

RAPPORT = textwrap.dedent(
    r"""
    import os
    import sys
    import time
    from pathlib import Path
    from datetime import date
    from rapport.store import Context
    from rapport.tui.app import make_app
    from rapport.tui.screens.accounts import AccountsScreen

    app = make_app(Path(sys.argv[1]), Context(user="bench", as_of=date(2026, 11, 23)), poll_seconds=60)

    def drawn():
        os.write(1, f"{time.time()}\n".encode())  # the list is on screen: the moment that counts
        app.exit()

    def check():
        screen = app.screen
        tables = screen.query("#accounts") if isinstance(screen, AccountsScreen) else []
        if tables and tables.first().rows and not app._drawn:
            app._drawn = True
            app.call_after_refresh(drawn)

    app._drawn = False
    app.call_later(lambda: app.set_interval(0.01, check))
    app.run(headless=True, size=(80, 24))
    """
)


def fresh_process(code: str, *args: str) -> float:
    """Seconds from starting a new Python process until it says its screen is drawn."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, capture_output=True, text=True
    )
    return float(done.stdout.split()[0]) - started


def demo(folder: Path, accounts: int) -> Path:
    from rapport.store import Context
    from rapport.store.demo.company import write_demo

    path = folder / f"demo-{accounts}.json"
    if not path.exists():
        write_demo(path, accounts, 1, Context(user="bench", as_of=TODAY))
    return path


def startup(folder: Path) -> None:
    path = demo(folder, 5_000)
    bare = statistics.median(fresh_process(BARE) for _ in range(3))
    ours = statistics.median(fresh_process(RAPPORT, str(path)) for _ in range(3))
    verdict = "met" if ours <= 3 * bare else "NOT met"
    print(
        f"start-up: bare Textual app with a 50-row table {bare:.2f} s; Rapport at 5,000 accounts {ours:.2f} s = {ours / bare:.1f}x ({verdict}, target 3x)"
    )


async def filtering(folder: Path) -> None:
    from textual.widgets import Input

    from rapport.store import Context
    from rapport.tui.app import make_app
    from rapport.tui.screens.accounts import AccountsScreen

    path = demo(folder, 20_000)
    app = make_app(path, Context(user="bench", as_of=TODAY), poll_seconds=600)
    async with app.run_test(size=(80, 24)) as pilot:
        while not (isinstance(app.screen, AccountsScreen) and app.screen.table.rows):
            await pilot.pause(0.1)
        screen = app.screen
        while any(r.cls == "" for r in screen._rows.values()):  # the cards fill in
            await pilot.pause(0.5)
        search = screen.query_one("#search", Input)
        timings = []
        for text in (
            "m",
            "mu",
            "mul",
            "mull",
            "mul",
            "mu",
            "m",
            "",
            "a",
            "aa",
            "aar",
            "aarh",
            "",
            "class:def",
            "is:overdue",
            "",
        ):
            with search.prevent(Input.Changed):
                search.value = text
            started = time.perf_counter()
            screen._show()
            table = screen.table
            for y in range(table.size.height):
                table.render_line(y)
            timings.append(time.perf_counter() - started)
        median, worst = statistics.median(timings), max(timings)
        verdict = "met" if median < 0.05 else "NOT met"
        print(
            f"filter keystroke at 20,000 accounts: median {median * 1000:.1f} ms, worst {worst * 1000:.1f} ms ({verdict}, target 50 ms)"
        )


async def open_account(folder: Path) -> None:
    from rapport.store import Context, Store
    from rapport.store.actions.edits import log_interaction
    from rapport.tui.app import make_app
    from rapport.tui.panes.timeline import TimelinePane
    from rapport.tui.screens.account import AccountScreen

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "demo.json"
        shutil.copy(demo(folder, 5_000), path)
        ctx = Context(user="bench", as_of=TODAY)
        with Store.open(path, ctx) as store:
            account = max(
                store.all("accounts"), key=lambda a: store.tables["interactions"].count_for(a["id"])
            )["id"]
            for i in range(100 - store.tables["interactions"].count_for(account)):
                log_interaction(store, account, summary=f"extra call {i}", on="2026-10-01")
            count = store.tables["interactions"].count_for(account)
        app = make_app(path, ctx, poll_seconds=600)
        async with app.run_test(size=(80, 24)) as pilot:
            while app.store is None:  # the list shows before the file is fully open
                await pilot.pause(0.1)
            await pilot.pause(0.5)
            timings = []
            for _ in range(10):
                started = time.perf_counter()
                app.open_account(account)
                while True:
                    await pilot.pause(0)
                    screen = app.screen
                    if isinstance(screen, AccountScreen):
                        pane = screen.query_one(TimelinePane)
                        if pane.populated and pane.table.rows:
                            break
                timings.append(time.perf_counter() - started)
                await pilot.press("escape")
                await pilot.pause(0.1)
        median = statistics.median(timings)
        verdict = "met" if median < 0.1 else "NOT met"
        print(
            f"opening an account with {count} interactions: median {median * 1000:.0f} ms ({verdict}, target 100 ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", default=os.environ.get("RAPPORT_BENCH_DIR", tempfile.gettempdir()))
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    startup(folder)
    asyncio.run(open_account(folder))
    asyncio.run(filtering(folder))


if __name__ == "__main__":
    main()
