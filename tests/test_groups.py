"""Customer groups (issue 15): the group and renewal columns of the accounts CSV, the group
report (value-weighted strength, class mix, where divisions differ), ``rapport group``,
``rapport portfolio --by group``, bulk change, and the group screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import context, screen_text, settle
from relationship_world import build_world

from rapport.store import Store
from rapport.store.actions import change_accounts
from rapport.store.exchange import export_csv, import_csv
from rapport.store.views import GroupNotFound, find_group, group_names, group_report
from rapport.store.views.groups import GroupMember, weighted_strength
from rapport.tui.app import make_app
from rapport.tui.config import Config


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    return build_world(db_path, context())


def test_a_group_is_its_accounts_in_any_spelling(db_path: Path, world: dict[str, str]) -> None:
    with Store.open(db_path, context()) as store:
        assert group_names(store) == {"Nordwind Group": 3}
        assert find_group(store, "NORDWIND   group") == "Nordwind Group"
        with pytest.raises(GroupNotFound, match=r"did you mean 'Nordwind Group'"):
            find_group(store, "Nordwnd Group")
        report = group_report(store, "Nordwind Group", context().today())
    names = [m.account for m in report.members]
    assert names == ["Nordwind Energy", "Nordwind Services", "Nordwind Labs"], "strongest first"
    labs = report.members[-1]
    assert labs.strength is None and labs.cls == "Unsurveyed"
    assert report.left_out == 1, "the account without a strength index is left out"
    energy, services = report.members[0], report.members[1]
    assert energy.strength is not None and services.strength is not None
    expected = (600_000 * energy.strength + 200_000 * services.strength) / 800_000
    assert report.strength == pytest.approx(expected)
    assert report.weighting == "value"
    assert report.value == 900_000
    assert dict(report.classes) == {
        "Ambassador": 1,
        "Opportunist": 1,
        "Defector": 0,
        "Unsurveyed": 1,
    }
    top = report.differences[0]
    assert (top.factor, top.low, top.high) == ("trust", "Services", "Energy")
    assert top.sentence() == "Services scores trust and commitment 3.0 below Energy"


def test_without_values_the_group_strength_is_the_plain_mean() -> None:
    def m(strength: float | None, value: float) -> GroupMember:
        return GroupMember(
            "x", "x", "", "", "", "Opportunist", strength, None, False, None, value, {}
        )

    assert weighted_strength((m(80, 0), m(40, 0), m(None, 10))) == (60, "plain", 1)
    assert weighted_strength((m(80, 3), m(40, 1))) == (70, "value", 0)
    assert weighted_strength((m(None, 3),)) == (None, "value", 1)


def test_rapport_group_prints_the_accounts_side_by_side(db_path: Path, world, cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("group", "nordwind group", db=db_path)
    assert shown.returncode == 0, shown.stderr
    assert "Nordwind Group" in shown.stdout
    assert "1 without a strength index left out" in flat(shown.stdout)
    assert "Services scores trust and commitment 3.0 below Energy" in flat(shown.stdout)
    for name in ("Nordwind Energy", "Nordwind Services", "Nordwind Labs"):
        assert name in shown.stdout
    data = json.loads(cli("group", "Nordwind Group", "--format", "json", db=db_path).stdout)
    assert {"group", "strength", "value", "accounts"} <= set(data)
    assert data["group"] == "Nordwind Group" and data["value"] == 900_000
    first = data["accounts"][0]
    assert set(first) >= {
        "account", "division", "region", "owner", "class", "strength", "band", "in_tune", "value"
    }  # fmt: skip
    assert (first["account"], first["division"], first["class"]) == (
        "Nordwind Energy",
        "Energy",
        "Ambassador",
    )
    listed = json.loads(cli("group", "--format", "json", db=db_path).stdout)
    assert listed == [{"group": "Nordwind Group", "accounts": 3}]
    wrong = cli("group", "Nordwid", db=db_path)
    assert wrong.returncode == 1 and "did you mean 'Nordwind Group'" in wrong.stderr


def test_rapport_group_as_of_a_day_before_the_wave(db_path: Path, world, cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(
        cli(
            "group", "Nordwind Group", "--as-of", "2026-09-01", "--format", "json", db=db_path
        ).stdout
    )
    assert data["as_of"] == "2026-09-01"
    assert {a["class"] for a in data["accounts"]} == {"Unsurveyed"}, "the autumn wave had not come"


def test_portfolio_by_group(db_path: Path, world, cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("portfolio", "--by", "group", "--format", "json", db=db_path).stdout)
    groups = {g["key"]: g["accounts"] for g in data["groups"]}
    assert groups == {"Nordwind Group": 3, "": 1}, "in any case and spacing, as first spelt"
    assert data["by"] == "group"


def test_csv_carries_group_and_renewal_and_reimport_changes_nothing(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "accounts.csv"
    with Store.open(db_path, context()) as store:
        export_csv(store, "accounts", None, out)
        header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header[-2:] == ["group", "renewal"], "new columns come last"
        assert "Nordwind Energy" in out.read_text(encoding="utf-8")
        plan = import_csv(store, "accounts", out.read_bytes())
        assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 4)
        text = out.read_text(encoding="utf-8").replace(
            "Nordwind Group,2026-12-13", "North Group,2027-01-31"
        )
        plan = import_csv(store, "accounts", text)
        assert plan.updated == 1 and plan.ok
        energy = store.require("accounts", world["energy"])
        assert (energy["group"], energy["renewal"]) == ("North Group", "2027-01-31")
        bad = "name,owner,group,renewal\r\nNew Co,ann,Big Group,2027-02-30\r\n"
        plan = import_csv(store, "accounts", bad, dry_run=True)
        assert [(r.line, r.column) for r in plan.refused] == [(2, "renewal")]
        assert "is not a date" in plan.refused[0].reason
        plan = import_csv(store, "accounts", "name,owner,group\r\nNew Co,ann,Big Group\r\n")
        assert plan.created == 1
        assert group_names(store)["Big Group"] == 1


def test_bulk_change_sets_and_clears_a_group(db_path: Path, world: dict[str, str]) -> None:
    with Store.open(db_path, context()) as store:
        versions = {
            i: store.require("accounts", i)["version"] for i in (world["labs"], world["solo"])
        }
        change_accounts(store, versions, group="  Nordwind   Group ")
        assert store.require("accounts", world["solo"])["group"] == "Nordwind Group"
        versions = {world["solo"]: store.require("accounts", world["solo"])["version"]}
        change_accounts(store, versions, group="")
        assert store.require("accounts", world["solo"])["group"] == ""
        assert store.require("accounts", world["labs"])["group"] == "Nordwind Group"


def flat(text: str) -> str:
    return " ".join(text.split())


def app_for(db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    app = make_app(db_path, context("ann"), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    app.animation_level = "none"
    return app


async def test_ctrl_g_on_an_account_shows_its_group_and_enter_opens_one(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"nordwind serv", "enter")  # the one account found opens
        await settle(pilot)
        assert type(app.screen).__name__ == "AccountScreen"
        assert "group Nordwind Group" in screen_text(app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert type(app.screen).__name__ == "GroupScreen"
        shown = flat(screen_text(app))
        assert "Group strength" in shown and "1 without a strength index left out" in shown
        assert "Nordwind Energy" in shown and "Nordwind Labs" in shown
        assert "Services scores trust and commitment 3.0 below" in shown
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen.account_id == world["services"]  # type: ignore[attr-defined]


async def test_the_palette_opens_a_group_and_ctrl_g_without_one_says_so(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"solo", "enter", "ctrl+g")  # enter opens the one found
        await settle(pilot)
        assert type(app.screen).__name__ == "AccountScreen"
        assert any("no customer group" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+p", *"group: nordw")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "GroupScreen"
        assert app.screen.group == "Nordwind Group"  # type: ignore[attr-defined]
