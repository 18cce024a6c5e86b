"""Settings saved in the data file are the ones in force everywhere: a weight profile per
tier or for private customers (saved from the app's settings form or through the store)
is used alike by the card (app and ``rapport card``), the accounts list and the portfolio;
and a settings change recomputes every row of the accounts list.

The company is tests/loyalty_world.py (Acme and Delta are key accounts); today 2026-11-23.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import screen_text, settle
from loyalty_world import build_world

from rapport.cli import main
from rapport.store import Context, Store
from rapport.store.loyalty.strength import whole
from rapport.store.records import SETTINGS_ID
from rapport.store.views import account_rows, card_for, portfolio
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.record_form import RecordForm
from rapport.tui.screens.accounts import AccountsScreen

KEY_PROFILE = {"survey": 30, "engagement": 50, "reliability": 20}
"""Acme: survey 66.67, engagement 100, reliability 40: 78 with it, 68 with 60/20/20."""


@pytest.fixture
def world(tmp_path: Path, ctx: Context) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "world.json"
    return path, build_world(path, ctx)


def save_settings(path: Path, ctx: Context, values: dict[str, Any]) -> None:
    """Save ``values`` as the file's settings through the store, as a script would."""
    with Store.open(path, ctx) as store, store.transaction("settings") as tx:
        if store.get("settings", SETTINGS_ID) is None:
            tx.create("settings", {"values": values}, id=SETTINGS_ID)
        else:
            tx.update("settings", SETTINGS_ID, {"values": values})


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def everywhere(path: Path, ctx: Context, account_id: str) -> tuple[Any, ...]:
    """The account's strength and profile as the card, the list and the portfolio see it."""
    with Store.open(path, ctx, read_only=True) as store:
        card = card_for(store, account_id, ctx.today())
        [row] = account_rows(store, ctx.today(), [account_id])
        [in_portfolio] = [
            c for c in portfolio(store, ctx.today()).cards if c.account["id"] == account_id
        ]
    return (
        card.strength.profile,
        whole(card.strength.value or 0),
        row.strength,
        whole(in_portfolio.strength.value or 0),
        in_portfolio.strength.profile,
    )


@pytest.mark.parametrize(
    "profiles",
    [{"key": KEY_PROFILE}, {"key": KEY_PROFILE, "b2c": {"survey": 0, "engagement": 1}}],
)
def test_a_profile_saved_through_the_store_is_used_by_card_list_and_portfolio(
    world: tuple[Path, dict[str, str]], ctx: Context, capsys: pytest.CaptureFixture[str], profiles
) -> None:
    path, ids = world
    before = everywhere(path, ctx, ids["acme"])
    save_settings(path, ctx, {"strength": {"profiles": profiles}})
    profile, card, row, in_portfolio, portfolio_profile = everywhere(path, ctx, ids["acme"])
    assert (profile, portfolio_profile) == ("key", "key")
    assert card == row == in_portfolio != before[1]
    code, out, err = run_cli(capsys, "card", "--db", str(path), "Acme Corp", "--format", "json")
    assert code == 0, err
    assert '"strength_profile": "key"' in out
    code, out, err = run_cli(capsys, "card", "--db", str(path), "Acme Corp")
    assert code == 0 and "Traceback" not in err, err
    code, _, err = run_cli(capsys, "portfolio", "--db", str(path))
    assert code == 0, err


def test_a_b2c_profile_decides_for_a_private_customer(
    world: tuple[Path, dict[str, str]], ctx: Context
) -> None:
    path, ids = world
    with Store.open(path, ctx) as store, store.transaction("private") as tx:
        tx.update("accounts", ids["acme"], {"b2c": True})
    save_settings(
        path,
        ctx,
        {"strength": {"profiles": {"key": KEY_PROFILE, "b2c": {"survey": 100, "engagement": 0}}}},
    )
    profile, card, row, in_portfolio, _ = everywhere(path, ctx, ids["acme"])
    assert profile == "b2c"
    assert card == row == in_portfolio


def test_a_partial_settings_record_keeps_the_default_cadences_in_the_list(
    world: tuple[Path, dict[str, str]], ctx: Context
) -> None:
    """A settings record naming only bands still has the key cadence of 14 days in the list
    (Acme's last call was 7 days ago: in touch; past 14 it would be losing touch)."""
    path, ids = world
    save_settings(path, ctx, {"bands": {"strong": 75}, "cadence_days": {"growth": 20}})
    with Store.open(path, ctx, read_only=True) as store:
        rows = {r.id: r for r in account_rows(store, ctx.today())}
    assert (rows[ids["acme"]].cadence, rows[ids["acme"]].touch) == (14, "ok")
    assert rows[ids["beta"]].cadence == 20


def fresh_rows(path: Path, ctx: Context) -> dict[str, tuple[Any, ...]]:
    """Every account's class and strength worked out now from the file."""
    with Store.open(path, ctx, read_only=True) as store:
        return {r.id: (r.cls, r.strength) for r in account_rows(store, ctx.today())}


def shown_rows(app: Any) -> dict[str, tuple[Any, ...]]:
    screen = app.screen
    assert isinstance(screen, AccountsScreen)
    return {r.id: (r.cls, r.strength) for r in screen._rows.values()}


async def wait_for(pilot: Any, ready: Any) -> None:
    for _ in range(60):
        await settle(pilot, 0.05)
        if ready():
            return


async def test_a_settings_change_recomputes_every_row_and_a_bulk_edit_keeps_them_consistent(
    world: tuple[Path, dict[str, str]], ctx: Context, tmp_path: Path
) -> None:
    """The survey weight 60 -> 10 and Ambassadors' recommend 9 -> 10, saved by someone else:
    every row of the open list follows (not only rows touched since); a bulk edit after it
    leaves no row behind."""
    path, ids = world
    app = make_app(path, ctx, Config(path=tmp_path / "c.json"), poll_seconds=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        before = shown_rows(app)
        assert before == fresh_rows(path, ctx)
        save_settings(
            path,
            ctx,
            {
                "strength": {"weights": {"survey": 10}},
                "classification": {"ambassador": {"recommend_min": 10}},
            },
        )
        after = fresh_rows(path, ctx)
        changed = {i for i in after if after[i] != before[i]}
        assert {ids["acme"], ids["gamma"], ids["delta"]} <= changed
        await wait_for(pilot, lambda: shown_rows(app) == after)
        assert shown_rows(app) == after
        await pilot.press("space", "space", "c")  # the first two rows, by name
        await settle(pilot)
        assert isinstance(app.screen, RecordForm), screen_text(app)
        await pilot.press(*"dave", "ctrl+s")
        await settle(pilot, 0.2)
        await pilot.press("y")  # yes, "dave" is a new person (nobody in the file is called so)
        await settle(pilot, 0.2)
        await wait_for(pilot, lambda: shown_rows(app) == fresh_rows(path, ctx))
        assert shown_rows(app) == fresh_rows(path, ctx)
        owners = {r.name: r.owner for r in app.screen.table.rows}
        assert owners["Acme Corp"] == owners["Beta Industries"] == "dave"


async def test_the_settings_form_profile_and_weight_are_used_by_card_list_and_portfolio(
    world: tuple[Path, dict[str, str]],
    ctx: Context,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``w``, ``S``: a key-account profile 30/50/20 and the survey weight 60 -> 10. Every
    row of the list follows, those not touched since too; the card agrees."""
    path, ids = world
    app = make_app(path, ctx, Config(path=tmp_path / "c.json"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, 0.3)
        before = shown_rows(app)
        await pilot.press("w", "S")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm), screen_text(app)
        form.body.row("strength__profiles__key").editor.focus()
        await pilot.press(*"30/50/20")
        form.body.row("strength__weights__survey").editor.focus()
        await pilot.press("ctrl+a", "ctrl+k", *"10", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm), screen_text(app)
        await pilot.press("escape")  # back to the accounts list
        await wait_for(pilot, lambda: shown_rows(app) == fresh_rows(path, ctx))
        shown = shown_rows(app)
    assert shown == fresh_rows(path, ctx)
    profile, card, row, in_portfolio, _ = everywhere(path, ctx, ids["acme"])
    assert profile == "key"
    assert shown[ids["acme"]][1] == card == row == in_portfolio == 78
    # Gamma, a Defector: survey 25, engagement 35.6 -> (15 + 7.1) / 0.8 = 28, then 32
    assert (before[ids["gamma"]], shown[ids["gamma"]]) == (("Defector", 28), ("Defector", 32))
    code, _, err = run_cli(capsys, "card", "--db", str(path), "Acme Corp")
    assert code == 0, err


def test_a_setting_that_is_no_number_is_said_so_not_called_an_amount() -> None:
    from rapport.store import ValidationError
    from rapport.store.loyalty import effective_settings
    from rapport.tui.modals.settings_form import NUMBERS, build, field_name

    base = effective_settings({})
    values: dict[str, Any] = {}
    for path, _label in NUMBERS:
        node: Any = base
        for part in path.split("."):
            node = node[part]
        values[field_name(path)] = str(node)
    assert build(values, base)  # the defaults as typed build
    for typed in ("50/25/25", "1.5k", "6x"):
        values[field_name("nps.detractor_max")] = typed
        with pytest.raises(ValidationError) as caught:
            build(values, base)
        [error] = caught.value.errors
        assert error.field == field_name("nps.detractor_max")
        assert "amount" not in error.reason and "is not a number" in error.reason, error.reason
    values[field_name("nps.detractor_max")] = "5"
    assert build(values, base)["nps"]["detractor_max"] == 5
    values[field_name("classification.ambassador.satisfaction_min")] = "4,2"
    assert build(values, base)["classification"]["ambassador"]["satisfaction_min"] == 4.2
