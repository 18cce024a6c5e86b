"""A small company for the relationship work of issue 15 (groups, renewals, appointments,
opportunities, privileges, referrals). Today is 2026-11-23 (conftest).

=================  =====  ========  =======  ========  ===========  ==============  =========
account            owner  tier      value    division  group        class (wave 2)  renewal
=================  =====  ========  =======  ========  ===========  ==============  =========
Nordwind Energy    ann    key       600,000  Energy    Nordwind     Ambassador      +20 days
Nordwind Services  bob    growth    200,000  Services  Nordwind     Opportunist     +45 days
Nordwind Labs      carol  standard  100,000  Labs      nordwind (*) no survey, no   +100 days
                                                                    contact: none
Solo Foods         ann    standard   50,000  Food      (none)       Defector        +80 days
=================  =====  ========  =======  ========  ===========  ==============  =========

(*) spelt ``nordwind group``: groups are matched in any case and spacing.

Energy's customer scores every factor 5, Services' trust 2 and the rest 4 (they differ
most by trust: 3.0 apart). Nordwind Energy (a key account) has two decision makers: Erik,
given a gift on 2026-02-01 (within 12 months) whose birthday is on 1 December, and Kim, who
never had a gesture. Nobody was asked for a referral.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rapport.store import Context, Store

TODAY = date(2026, 11, 23)
FACTORS = (
    "trust",
    "satisfaction",
    "promises",
    "responsiveness",
    "resolution",
    "needs",
    "communication",
    "fairness",
    "balance",
    "value",
)


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def answers(**scores: int) -> dict[str, int]:
    base = dict.fromkeys(FACTORS, scores.pop("rest", 4))
    base.update(scores)
    return base


def build_world(path: Path, ctx: Context) -> dict[str, str]:
    ids: dict[str, str] = {}
    with Store.open(path, ctx) as store:
        [questionnaire] = store.all("questionnaires")
        with store.transaction("the company") as tx:

            def account(key: str, name: str, **fields: Any) -> str:
                ids[key] = tx.create("accounts", {"name": name, **fields})
                return ids[key]

            energy = account(
                "energy", "Nordwind Energy", owner="ann", tier="key", value=600_000,
                division="Energy", region="North", group="Nordwind Group", renewal=day(20),
            )  # fmt: skip
            services = account(
                "services", "Nordwind Services", owner="bob", tier="growth", value=200_000,
                division="Services", region="South", group="Nordwind Group", renewal=day(45),
            )  # fmt: skip
            account(
                "labs", "Nordwind Labs", owner="carol", tier="standard", value=100_000,
                division="Labs", region="East", group="nordwind  group", renewal=day(100),
            )  # fmt: skip
            solo = account(
                "solo", "Solo Foods", owner="ann", tier="standard", value=50_000,
                division="Food", region="West", renewal=day(80),
            )  # fmt: skip
            ids["w1"] = tx.create(
                "waves",
                {"name": "Spring", "date": "2026-03-01", "questionnaire": questionnaire["id"]},
            )
            ids["w2"] = tx.create(
                "waves",
                {"name": "Autumn", "date": "2026-10-01", "questionnaire": questionnaire["id"]},
            )

            def contact(key: str, account_id: str, name: str, **fields: Any) -> str:
                ids[key] = tx.create("contacts", {"account": account_id, "name": name, **fields})
                return ids[key]

            erik = contact("erik", energy, "Erik Berg", decision_maker=True, role="CEO",
                           birthday="--12-01")  # fmt: skip
            contact("kim", energy, "Kim Lund", decision_maker=True, role="CFO")
            sara = contact("sara", services, "Sara Holm", decision_maker=True)
            olga = contact("olga", solo, "Olga Frost")

            def respond(account_id: str, contact_id: str, wave: str, **fields: Any) -> None:
                tx.create(
                    "responses",
                    {"account": account_id, "contact": contact_id, "wave": ids[wave],
                     "respondent": "customer", "date": "2026-10-05", **fields},
                )  # fmt: skip

            respond(energy, erik, "w2", answers=answers(trust=5, rest=5), recommend=10, switch=1)
            respond(services, sara, "w2", answers=answers(trust=2), recommend=8, switch=2)
            respond(solo, olga, "w2", answers=answers(rest=2), recommend=3, switch=5)
            for account_id, staff, on in (
                (energy, "ann", day(-5)),
                (services, "bob", day(-10)),
                (solo, "ann", day(-20)),
            ):
                tx.create(
                    "interactions",
                    {"account": account_id, "date": on, "kind": "call", "staff": staff,
                     "summary": "Checked in"},
                )  # fmt: skip
            tx.create(
                "interactions",
                {"account": energy, "date": "2026-02-01", "kind": "gift", "staff": "ann",
                 "contacts": [erik], "summary": "Wine for Erik"},
            )  # fmt: skip
    return ids
