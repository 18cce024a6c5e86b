"""What ``--as-of`` costs: every account's LoyaltyCard (the portfolio) and the whole agenda,
read from the store itself and through the as-of view of it (the file as it stood on a
day), on a demo company of N accounts.

    python benchmarks/as_of_bench.py [--accounts 2000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)


def timed(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()

    from rapport.store import Context, Store
    from rapport.store.demo import write_demo
    from rapport.store.views import AsOf, agenda, portfolio

    folder = args.dir or Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    path = folder / f"demo-{args.accounts}.json"
    ctx = Context(user="bench", as_of=TODAY)
    if not path.exists():
        write_demo(path, args.accounts, 1, ctx)
    with Store.open(path, ctx, read_only=True) as store:
        print(f"{args.accounts:,} accounts, {store.count('interactions'):,} interactions")
        for name, run in (
            ("portfolio", lambda view: portfolio(view, TODAY)),
            ("agenda (everyone's)", lambda view: agenda(view, TODAY)),
        ):
            plain = timed(lambda: run(store))  # noqa: B023 - called at once
            today = timed(lambda: run(AsOf(store, TODAY)))  # noqa: B023
            earlier = timed(lambda: run(AsOf(store, date(2026, 3, 2))))  # noqa: B023
            print(
                f"  {name:<20} store {plain * 1000:7.0f} ms · as of today {today * 1000:7.0f} ms"
                f" ({today / plain:.2f}x) · as of 2026-03-02 {earlier * 1000:7.0f} ms"
            )


if __name__ == "__main__":
    main()
