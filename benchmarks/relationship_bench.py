"""What the relationship work of issue 15 costs at a company's size (figures, not a test).

For a demo company of each size: everyone's agenda and the part of it that the new items
(appointments, renewals, gestures, referrals) take, one owner's agenda, the group report of
the largest customer group, every opportunity value first, the referrals one account gave
(read on the account screen's event loop), and the iCalendar file.

    python benchmarks/relationship_bench.py --sizes 2000,20000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rapport.store import Context, Store
from rapport.store.demo import write_demo
from rapport.store.exchange import calendar
from rapport.store.views import (
    agenda,
    group_names,
    group_report,
    opportunity_rows,
    referrals_given,
)
from rapport.store.views.agenda_items import relationship_items
from rapport.store.views.agenda_list import AgendaItem

TODAY = date(2026, 11, 23)


def timed(what: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = what()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(size: int, folder: Path) -> None:
    ctx = Context(user="bench", as_of=TODAY)
    path = folder / f"relationship-{size}.json"
    if not path.exists():
        write_demo(path, size, 7, ctx, me="bench")
    with Store.open(path, ctx, read_only=True) as store:
        repeat = 3 if size <= 5000 else 1
        everyone, items = timed(lambda: agenda(store, TODAY), repeat)
        new, extra = timed(lambda: relationship_items(store, TODAY, AgendaItem, owner=None), repeat)
        mine, _ = timed(lambda: agenda(store, TODAY, owner="bench"), repeat)
        groups = group_names(store)
        largest = max(groups, key=lambda g: groups[g]) if groups else None
        group, _ = timed(lambda: group_report(store, largest, TODAY) if largest else None)
        opps, rows = timed(lambda: opportunity_rows(store), repeat)
        some = next(iter(store.all("accounts")))["id"]
        refs, _ = timed(lambda: referrals_given(store, some), 5)
        ics, _ = timed(lambda: calendar(items, TODAY, store=store), repeat)
    kinds: dict[str, int] = {}
    for item in extra:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    print(f"{size:,} accounts ({len(groups)} groups, {len(rows):,} opportunities)")
    print(f"  everyone's agenda           {everyone * 1000:8.0f} ms  ({len(items):,} items)")
    print(f"    of which the new items    {new * 1000:8.0f} ms  {kinds}")
    print(f"  one owner's agenda          {mine * 1000:8.0f} ms")
    print(
        f"  largest group's report      {group * 1000:8.1f} ms  ({groups.get(largest, 0)} accounts)"
    )
    print(f"  every opportunity           {opps * 1000:8.1f} ms")
    print(f"  referrals one account gave  {refs * 1000:8.2f} ms")
    print(f"  iCalendar of everyone's     {ics * 1000:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="2000")
    parser.add_argument("--dir", default=os.environ.get("RAPPORT_BENCH_DIR", tempfile.gettempdir()))
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, Path(args.dir))


if __name__ == "__main__":
    main()
