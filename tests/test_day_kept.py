"""Issue 13: a card or a row kept on one day is brought to another from what moves with the
day (the strength's inputs) alone, and is then exactly what the records give on that day."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import counting_cards

from rapport.store import Context, Store
from rapport.store.demo.company import write_demo
from rapport.store.loyalty.card import DAY_FIELDS, with_day
from rapport.store.views import account_rows, kept_cards, list_rows
from rapport.store.views.card_codec import (
    card_data,
    day_data,
    detail_data,
    from_data,
    inputs_from,
    to_data,
    without_detail,
)
from rapport.store.views.cards import Shared, card_for
from rapport.store.views.portfolio_report import GROUPINGS, portfolio_cards, report, report_to_json


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Context]:
    from helpers import context

    ctx = context()
    path = tmp_path_factory.mktemp("day") / "demo.json"
    write_demo(path, 120, 7, ctx)
    return path, ctx


def fresh_copy(demo: tuple[Path, Context], tmp_path: Path) -> tuple[Path, Context]:
    """A copy of the demo file for a test that keeps values beside it."""
    path, ctx = demo
    copy = tmp_path / "copy.json"
    copy.write_bytes(path.read_bytes())
    return copy, ctx


def days_around(store: Store, today: date) -> list[date]:
    """Days on which what moves with the day changes: around each wave's date (an earlier
    wave not yet come, a card fixed at its wave's date), a cadence or two later, a year
    later (promises leave the reliability window) and well before."""
    days = {today + timedelta(days=n) for n in (-400, -30, 1, 45, 100, 200, 366, 800)}
    for w in store.all("waves"):
        wave_day = date.fromisoformat(w["date"])
        days.update(wave_day + timedelta(days=n) for n in (-1, 0, 1))
    return sorted(days)


def brought(card: Any, day: date, store: Store, shared: Shared) -> Any:
    """The card as kept (through the codec), brought to ``day``."""
    waves = {w["id"]: w for w in shared.waves}
    inputs = inputs_from(json.loads(json.dumps(to_data(card.inputs))))
    data, moving, detail = (
        json.loads(json.dumps(f(card))) for f in (card_data, day_data, detail_data)
    )
    kept = from_data(data, moving, card.account, waves.get, inputs, detail)
    return with_day(kept, day, shared.settings)


def pairs(store: Store, ids: list[str], wave: str | None = None) -> Any:
    """(card as kept today, the card worked out on ``day``, day) for each account and day
    of :func:`days_around`, each card checked to be the kept one brought to that day."""
    today = store.ctx.today()
    shared = Shared(store)
    for day in days_around(store, today):
        for account_id in ids:
            card = card_for(store, account_id, today, wave=wave, shared=shared)
            fresh = card_for(store, account_id, day, wave=wave, shared=shared)
            assert brought(card, day, store, shared) == fresh, (account_id, day)
            yield card, fresh


def test_a_card_brought_to_another_day_is_the_card_of_that_day(
    demo: tuple[Path, Context],
) -> None:
    path, ctx = demo
    with Store.open(path, ctx, read_only=True) as store:
        moved = 0
        for card, fresh in pairs(store, [a["id"] for a in store.all("accounts")]):
            moved += card.strength.value != fresh.strength.value
            for f in fields(card):  # what does not move with the day stays
                if f.name not in DAY_FIELDS:
                    assert getattr(card, f.name) == getattr(fresh, f.name), f.name
        assert moved > 0  # the days chosen do move strengths


def test_a_card_of_an_earlier_wave_stays_as_of_that_wave_on_any_day(
    demo: tuple[Path, Context],
) -> None:
    path, ctx = demo
    with Store.open(path, ctx, read_only=True) as store:
        ids = [a["id"] for a in store.all("accounts")][:40]
        fixed = 0
        for wave in store.all("waves"):
            for card, _ in pairs(store, ids, wave["id"]):
                fixed += card.inputs is not None and card.inputs.fixed is not None
        assert fixed > 0  # some cards are as of their wave's date (a later wave surveyed them)


def test_the_list_on_another_day_reads_kept_rows_and_gives_that_days_rows(
    demo: tuple[Path, Context], tmp_path: Path
) -> None:
    copy, ctx = fresh_copy(demo, tmp_path)
    with Store.open(copy, ctx) as store:
        today = ctx.today()
        for _ in list_rows(store, today, 50):
            pass
        for day in (today + timedelta(days=1), today + timedelta(days=120), today):
            rows: dict[str, Any] = {}
            worked: set[str] = set()
            for some, cards in list_rows(store, day, 50):
                rows.update((r.id, r) for r in some)
                worked.update(cards)
            assert worked == set()  # every row from what was kept
            assert rows == {r.id: r for r in account_rows(store, day)}


def test_the_portfolio_on_another_day_works_out_no_card_from_the_records(
    demo: tuple[Path, Context], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy, ctx = fresh_copy(demo, tmp_path)
    worked = counting_cards(monkeypatch)
    real = kept_cards.card_for.__wrapped__
    with Store.open(copy, ctx) as store:
        today = ctx.today()
        portfolio_cards(store, today)
        assert worked
        for day in (today + timedelta(days=90), today + timedelta(days=91), today):
            worked.clear()
            cards = portfolio_cards(store, day)
            assert worked == []
            assert cards == [real(store, c.account["id"], day) for c in cards]


def test_the_portfolio_reads_no_card_detail_and_shows_what_whole_cards_show(
    demo: tuple[Path, Context], tmp_path: Path
) -> None:
    """The portfolio's cards leave out the factor rows and plan progress it never shows."""
    copy, ctx = fresh_copy(demo, tmp_path)
    with Store.open(copy, ctx) as store:
        today = ctx.today()
        light_worked = portfolio_cards(store, today, whole=False)  # worked out and kept
        whole = portfolio_cards(store, today)  # read as kept, detail too
        light = portfolio_cards(store, today, whole=False)  # read as kept, no detail
        later = portfolio_cards(store, today + timedelta(days=30), whole=False)
        whole_later = portfolio_cards(store, today + timedelta(days=30))
    assert any(c.factors for c in whole) and any(c.plan_progress for c in whole)
    assert light == light_worked == [without_detail(c) for c in whole]
    assert later == [without_detail(c) for c in whole_later]
    for by in GROUPINGS:
        assert report_to_json(report(light, by, today)) == report_to_json(report(whole, by, today))


def test_an_earlier_wave_not_come_yet_is_shown_as_of_today() -> None:
    from rapport.store.loyalty.card_day import day_inputs, strengths_on
    from rapport.store.loyalty.settings import effective_settings
    from rapport.store.loyalty.strength import strength

    s = effective_settings(None)
    account = {"id": "a", "tier": "standard", "name": "A"}
    means = {"quality": 4.0}
    wave_day, today = date(2026, 6, 1), date(2026, 3, 1)
    touched = ["2025-10-01", "2026-05-20"]
    inputs = day_inputs(account, means, None, [(wave_day, means)], touched, [], [], s)
    assert (
        inputs.earlier[0].strength == strength(account, means, touched, [], [], wave_day, s).value
    )
    on_today = strength(account, means, touched, [], [], today, s).value
    assert on_today != inputs.earlier[0].strength  # 5 months without contact by then
    assert strengths_on(inputs, today, s).earlier == (on_today,)
    assert strengths_on(inputs, wave_day + timedelta(days=9), s).earlier == (
        inputs.earlier[0].strength,
    )
