"""Issue 13: the accounts list's rows and the portfolio's cards are worked out once per change, kept beside the file
with the stamp of what they came from, and worked out again only for what changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import build_company, counting_cards

from rapport.store import Context, Store
from rapport.store.actions.edits import log_interaction
from rapport.store.engine import osapi
from rapport.store.views import account_rows, kept_cards, list_rows
from rapport.store.views.portfolio_report import portfolio_cards
from rapport.store.views.preview import preview_accounts

DAY = date(2026, 11, 23)


def listed(store: Store, today: date = DAY) -> tuple[dict[str, object], set[str]]:
    """The list's rows once every card is in, and the accounts whose card was worked out."""
    rows: dict[str, object] = {}
    worked: set[str] = set()
    pending = {}
    for some, cards in list_rows(store, today, 2):
        pending.update((r.id, r) for r in some)
        worked.update(cards)
    fresh = {r.id: r for r in account_rows(store, today)}
    for account_id, row in pending.items():
        rows[account_id] = fresh[account_id] if account_id in worked else row
    return rows, worked


def every_account(store: Store) -> set[str]:
    return {a["id"] for a in store.all("accounts")}


def test_rows_are_kept_and_used_while_nothing_changed(db_path: Path, ctx: Context) -> None:
    build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        _, worked = listed(store)
        assert worked == every_account(store)
    with Store.open(db_path, ctx) as store:
        again, worked = listed(store)
        assert worked == set()  # every row as kept
        assert again == {r.id: r for r in account_rows(store, DAY)}  # and right


def test_a_save_works_out_only_the_row_it_touched(db_path: Path, ctx: Context) -> None:
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        listed(store)
    with Store.open(db_path, ctx) as store:
        log_interaction(store, ids["beta"], summary="a call", follow_up="2026-11-30")
        rows, worked = listed(store)
        assert worked == {ids["beta"]}
        assert rows == {r.id: r for r in account_rows(store, DAY)}


def test_a_settings_change_works_out_every_row(db_path: Path, ctx: Context) -> None:
    build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        listed(store)
        with store.transaction("settings") as tx:
            tx.create("settings", {"id": "000000000001", "values": {"cadence_days": {"key": 7}}})
        rows, worked = listed(store)
        assert worked == every_account(store)
        assert rows == {r.id: r for r in account_rows(store, DAY)}


def test_another_day_brings_the_kept_rows_to_it(db_path: Path, ctx: Context) -> None:
    build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        listed(store)
        for day in (DAY + timedelta(days=1), DAY + timedelta(days=400), DAY):
            rows, worked = listed(store, day)
            assert worked == set()
            assert rows == {r.id: r for r in account_rows(store, day)}


def test_a_file_not_read_in_place_keeps_nothing_beside_it(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_company(db_path, ctx)
    monkeypatch.setattr(osapi.current(), "can_map", False)
    with Store.open(db_path, ctx) as store:
        listed(store)
        _, worked = listed(store)
        assert worked == every_account(store)
    assert not db_path.with_name(db_path.name + ".cache").exists()


def test_the_portfolio_reads_kept_cards_and_works_out_only_what_changed(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_company(db_path, ctx)
    worked = counting_cards(monkeypatch)
    real = kept_cards.card_for.__wrapped__
    with Store.open(db_path, ctx) as store:
        first = portfolio_cards(store, DAY)
        assert sorted(worked) == sorted(every_account(store))
        worked.clear()
        assert portfolio_cards(store, DAY) == first  # every card as kept, equal to the fresh
        assert worked == []
        log_interaction(store, ids["gamma"], summary="a visit")
        again = portfolio_cards(store, DAY)
        assert worked == [ids["gamma"]]
        assert again == [real(store, c.account["id"], DAY) for c in again]


def test_a_kept_row_that_is_not_a_row_is_worked_out_again(db_path: Path, ctx: Context) -> None:
    """The kept rows are decoded all at once; one damaged row must not cost the others."""
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        listed(store)
    cache = db_path.with_name(db_path.name + ".cache")
    with sqlite3.connect(cache) as db:
        db.execute(
            "UPDATE derived SET value = ? WHERE kind = 'row' AND key = ?",
            (f"{DAY.isoformat()}\n[1, 2\n", ids["beta"]),
        )
    with Store.open(db_path, ctx) as store:
        rows, worked = listed(store)
        assert worked == {ids["beta"]}
        assert rows == {r.id: r for r in account_rows(store, DAY)}


def test_the_list_gets_a_first_look_only_when_the_file_would_not_open_at_once(
    db_path: Path, ctx: Context
) -> None:
    build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        store.checkpoint()
        names = sorted(a["name"] for a in store.all("accounts"))
    assert preview_accounts(db_path) is None  # its index is fresh: it opens in a moment
    db_path.with_name(db_path.name + ".index").unlink()
    assert sorted(r.name for r in preview_accounts(db_path) or []) == names


def test_a_kept_card_that_is_not_a_card_is_worked_out_again(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        expected = portfolio_cards(store, DAY)
    with sqlite3.connect(db_path.with_name(db_path.name + ".cache")) as db:
        db.execute(
            "UPDATE derived SET value = ? WHERE kind = 'card:' AND key = ?",
            (f"{DAY.isoformat()}\n{{not json\n[]", ids["beta"]),
        )
    worked = counting_cards(monkeypatch)
    with Store.open(db_path, ctx) as store:
        assert portfolio_cards(store, DAY) == expected
    assert worked == [ids["beta"]]


def test_a_new_demo_file_starts_with_every_row_and_card_worked_out(
    tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rapport demo` works out what the file's first start would, so the first start
    reads every row and card as kept (and they are the ones worked out from the records)."""
    path = tmp_path / "demo.json"
    made = cli("demo", "--accounts", "12", "--out", str(path))
    assert made.returncode == 0, made.stderr
    assert "worked out every account's row and LoyaltyCard" in made.stdout + made.stderr
    ctx = Context.from_env()  # the day and user the command had (the same environment)
    worked = counting_cards(monkeypatch)
    with Store.open(path, ctx) as store:
        rows, row_cards = listed(store, ctx.today())
        cards = portfolio_cards(store, ctx.today())
        assert row_cards == set() and worked == []
        assert rows == {r.id: r for r in account_rows(store, ctx.today())}
        real = kept_cards.card_for.__wrapped__
        assert cards == [real(store, c.account["id"], ctx.today()) for c in cards]
