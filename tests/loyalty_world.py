"""A small company whose LoyaltyCards are worked out by hand in the tests (tests/test_card_cli.py,
tests/test_portfolio.py), built with the store's API as an import of responses would build it.

Today is 2026-11-23 (conftest). The default questionnaire: each statement is its own factor.

========  =====  =======  ========  =======  ========  ==================================
account   owner  tier     value     region   division  what it shows
========  =====  =======  ========  =======  ========  ==================================
Acme      ann    key      500,000   North    Retail    a decision maker counting double,
                                                       two mirrors making a blind spot,
                                                       two waves (trend), plan progress
Beta      bob    growth   80,000    North    Retail    no survey: provisional strength
Gamma     ann    standard 12,000    South    Food      a Defector, at risk
Delta     bob    key      900,000   South    (none)    an Ambassador, no interaction
Epsilon   carol  standard 300,000   East     Industry  no survey, complaints, fast news
========  =====  =======  ========  =======  ========  ==================================

With ``hostile``, one more account whose name and division are markup and HTML, at risk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapport.store import Context

HOSTILE_NAME = "[bold]X[/bold] <script>alert(1)</script>"


def build_world(path: Path | str, ctx: Context, *, hostile: bool = False) -> dict[str, str]:
    """Write the company to a new file at ``path`` (or a database at a URL); returns ids by
    short name."""
    from pg import open_any

    ids: dict[str, str] = {}
    with open_any(path, ctx) as store:
        [questionnaire] = store.all("questionnaires")
        q = questionnaire["id"]
        with store.transaction("the company") as tx:

            def account(key: str, name: str, owner: str, tier: str, value: int, **more: Any) -> str:
                ids[key] = tx.create(
                    "accounts",
                    {"name": name, "owner": owner, "tier": tier, "value": value, **more},
                )
                return ids[key]

            def add(table: str, **fields: Any) -> str:
                return tx.create(table, fields)

            acme = account(
                "acme", "Acme Corp", "ann", "key", 500_000, region="North", division="Retail"
            )
            beta = account(
                "beta",
                "Beta Industries",
                "bob",
                "growth",
                80_000,
                region="North",
                division="Retail",
            )
            gamma = account(
                "gamma", "Gamma Foods", "ann", "standard", 12_000, region="South", division="Food"
            )
            delta = account(
                "delta", "Delta Retail", "bob", "key", 900_000, region="South", division=""
            )
            eps = account(
                "epsilon",
                "Epsilon Energy",
                "carol",
                "standard",
                300_000,
                region="East",
                division="Industry",
                bad_news="fast",
            )
            if hostile:
                bad = account(
                    "hostile", HOSTILE_NAME, "ann", "standard", 1_000, division=HOSTILE_NAME
                )
                add("promises", account=bad, what=HOSTILE_NAME, due="2026-11-01", status="broken")

            w1 = ids["w1"] = add("waves", name="Spring 2026", date="2026-04-01", questionnaire=q)
            w2 = ids["w2"] = add("waves", name="Autumn 2026", date="2026-10-01", questionnaire=q)

            dana = ids["dana"] = add("contacts", account=acme, name="Dana", decision_maker=True)
            eve = ids["eve"] = add("contacts", account=acme, name="Eve", decision_maker=False)
            fred = add("contacts", account=gamma, name="Fred")
            gina = add("contacts", account=delta, name="Gina", decision_maker=True)
            hal = add("contacts", account=delta, name="Hal")

            def response(
                wave: str,
                acc: str,
                contact: str | None,
                answers: dict[str, int],
                recommend: int | None = None,
                switch: int | None = None,
            ) -> None:
                add(
                    "responses",
                    wave=wave,
                    account=acc,
                    contact=contact,
                    respondent="customer" if contact else "employee",
                    answers=answers,
                    recommend=recommend,
                    switch=switch,
                )

            # Acme, spring: Dana alone.
            response(w1, acme, dana, {"trust": 3, "satisfaction": 3, "value": 3}, 7, 3)
            # Acme, autumn: Dana (decision maker, counts twice), Eve, and two mirrors.
            response(w2, acme, dana, {"trust": 5, "satisfaction": 4, "value": 4}, 10, 1)
            response(w2, acme, eve, {"trust": 2, "satisfaction": 4, "value": 1}, 4, 4)
            response(w2, acme, None, {"trust": 5, "satisfaction": 4, "value": 4})
            response(w2, acme, None, {"trust": 5, "satisfaction": 5, "value": 3})
            # Gamma, autumn: one unhappy customer, no mirror.
            response(w2, gamma, fred, {"trust": 2, "satisfaction": 2, "value": 2}, 3, 5)
            # Delta, autumn: Gina (decision maker) and Hal, one mirror.
            response(w2, delta, gina, {"trust": 5, "satisfaction": 5, "value": 4}, 9, 2)
            response(w2, delta, hal, {"satisfaction": 4}, 9, 1)
            response(w2, delta, None, {"trust": 4})

            def touch(acc: str, day: str) -> None:
                add("interactions", account=acc, date=day, kind="call", staff="ann", summary="call")

            touch(acme, "2026-03-25")
            touch(acme, "2026-11-16")
            touch(beta, "2026-10-14")
            touch(gamma, "2026-05-01")

            add(
                "promises",
                account=acme,
                what="A",
                due="2026-06-01",
                status="kept",
                closed_on="2026-05-30",
            )
            add(
                "promises",
                account=acme,
                what="B",
                due="2026-09-01",
                status="broken",
                closed_on="2026-09-02",
            )
            add("complaints", account=acme, raised="2026-11-01", summary="late", status="open")
            add(
                "promises",
                account=beta,
                what="C",
                due="2026-10-01",
                status="kept",
                closed_on="2026-10-01",
            )
            add(
                "promises",
                account=beta,
                what="D",
                due="2026-10-15",
                status="broken",
                closed_on="2026-10-16",
            )
            for day in ("2026-09-01", "2026-10-01", "2026-11-01"):
                add("complaints", account=eps, raised=day, summary="outage", status="escalated")

            add(
                "plan_items",
                account=acme,
                what="Show the value",
                factor="value",
                target=3.5,
                wave=w1,
            )
            add("plan_items", account=acme, what="Earn trust", factor="trust", target=4, wave=w1)
    return ids
