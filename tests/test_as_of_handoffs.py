"""``--as-of D`` and the follow-ups issue 15 added: a hand-off to sales is dated by the day
it was passed, an alert between waves by the answers that raised it, so neither is in the
file as it stood before then."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import context
from relationship_world import build_world

from rapport.store import Store
from rapport.store.actions import open_wave, pass_to_sales, record_response, save_record
from rapport.store.views import AsOf

SCORES = ("trust", "satisfaction", "promises", "responsiveness", "resolution", "needs",
          "communication", "fairness", "balance", "value")  # fmt: skip


def test_a_hand_off_to_sales_is_not_there_before_it_was_passed(db_path: Path) -> None:
    ids = build_world(db_path, context())
    with Store.open(db_path, context("ann")) as store:  # today: 2026-11-23
        made = save_record(
            store,
            "opportunities",
            {"account": ids["energy"], "what": "Second plant", "value": 90_000,
             "status": "open", "noticed": "2026-11-01"},
        )  # fmt: skip
        opp = made.created("opportunities")[0]["id"]
        [lead] = pass_to_sales(store, opp, "Sam Sales").created("followups")
        assert AsOf(store, date(2026, 11, 23)).get("followups", lead["id"]) is not None
        assert AsOf(store, date(2026, 11, 10)).get("followups", lead["id"]) is None, (
            "passed on 11-23: on 11-10 it was noticed, not yet passed"
        )


def test_an_alert_between_waves_is_not_there_before_its_answers(db_path: Path) -> None:
    ids = build_world(db_path, context())
    with Store.open(db_path, context("ann")) as store:
        winter = open_wave(store, "Winter", "2026-11-20").created("waves")[0]["id"]
        made = record_response(
            store,
            {"account": ids["energy"], "wave": winter, "contact": ids["kim"],
             "respondent": "customer", "answers": dict.fromkeys(SCORES, 3),
             "recommend": 7, "switch": 2},
        )  # fmt: skip
        [alert] = [f for f in made.created("followups") if f["ref"].startswith("alert:")]
        assert AsOf(store, date(2026, 11, 23)).get("followups", alert["id"]) is not None
        assert AsOf(store, date(2026, 11, 19)).get("followups", alert["id"]) is None, (
            "the Winter wave is after 11-19: nothing of it, its alert included, was there"
        )
