"""``rapport portfolio`` and the portfolio behind the Portfolio screen: the LoyaltyCards
added up by owner, division, region and tier, checked against sums worked out by hand; the
accounts that need attention; the chart "satisfaction against loyalty" at 80 columns.

The company is tests/loyalty_world.py; today is 2026-11-23.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from loyalty_world import build_world
from rich.console import Console

import rapport
from rapport.cli import main
from rapport.store import Context, Store
from rapport.store.demo.company import write_demo
from rapport.store.views import kept_cards
from rapport.store.views.portfolio_report import (
    GROUPINGS,
    Point,
    portfolio,
    portfolio_cards,
    report,
)
from rapport.tui.render.portfolio import LoyaltyChart, portfolio_renderable

# Each card's strength, worked out in tests/test_card_cli.py:
ACME = 0.6 * (11 / 3 - 1) * 25 + 0.2 * 100 + 0.2 * 40  # 68: survey, engagement, reliability
BETA = 0.5 * 100 * 50 / 60 + 0.5 * 50  # 66.67, provisional: engagement and reliability
GAMMA = 0.75 * 25 + 0.25 * 100 * 64 / 180  # 27.64: survey and engagement
DELTA = ((5 + 14 / 3 + 4) / 3 - 1) * 25  # 88.89: survey only
EPSILON = 100 - 3 * 10 * 2  # 40, provisional: 3 escalated complaints, bad news fast, doubled
ACME_TUNE, DELTA_TUNE = 100 - 25 * 2 / 3, 75.0
# Respondents' recommend: Acme 10 and 4, Gamma 3, Delta 9 and 9; Beta, Epsilon none.


def nps(*scores: int) -> float:
    """% promoters (9-10) minus % detractors (0-6)."""
    return 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


def classes(a: int = 0, o: int = 0, d: int = 0, u: int = 0) -> dict[str, int]:
    return {"Ambassador": a, "Opportunist": o, "Defector": d, "Unsurveyed": u}


def group(key, n, cls, nps_, resp, strength, prov, tune) -> dict[str, Any]:
    return {
        "key": key,
        "accounts": n,
        "classes": cls,
        "nps": nps_,
        "respondents": resp,
        "mean_strength": strength,
        "provisional": prov,
        "mean_in_tune": tune,
    }


# e.g. by owner, ann: Acme and Gamma; NPS over 10, 4, 3 = (1 promoter - 2 detractors)/3
# = -33.3; strength (68 + 27.64)/2 = 47.82; in tune: only Acme has mirrors, 83.33.
# bob: Beta and Delta; NPS over 9, 9 = +100; strength (66.67 + 88.89)/2 = 77.78, one of
# them provisional; in tune: Delta's 75. The whole portfolio: NPS over 10, 4, 3, 9, 9 =
# (3 - 2)/5 = +20; strength (68 + 66.67 + 27.64 + 88.89 + 40)/5 = 58.24.
BY_HAND = {
    "owner": [
        group("ann", 2, classes(o=1, d=1), nps(10, 4, 3), 3, (ACME + GAMMA) / 2, 0, ACME_TUNE),
        group("bob", 2, classes(a=1, u=1), nps(9, 9), 2, (BETA + DELTA) / 2, 1, DELTA_TUNE),
        group("carol", 1, classes(u=1), None, 0, EPSILON, 1, None),
    ],
    "division": [  # by name; accounts without a division last
        group("Food", 1, classes(d=1), nps(3), 1, GAMMA, 0, None),
        group("Industry", 1, classes(u=1), None, 0, EPSILON, 1, None),
        group("Retail", 2, classes(o=1, u=1), nps(10, 4), 2, (ACME + BETA) / 2, 1, ACME_TUNE),
        group("", 1, classes(a=1), nps(9, 9), 2, DELTA, 0, DELTA_TUNE),
    ],
    "region": [
        group("East", 1, classes(u=1), None, 0, EPSILON, 1, None),
        group("North", 2, classes(o=1, u=1), nps(10, 4), 2, (ACME + BETA) / 2, 1, ACME_TUNE),
        group("South", 2, classes(a=1, d=1), nps(3, 9, 9), 3, (GAMMA + DELTA) / 2, 0, DELTA_TUNE),
    ],
    "tier": [  # in the tiers' own order
        group(
            "key",
            2,
            classes(a=1, o=1),
            nps(10, 4, 9, 9),
            4,
            (ACME + DELTA) / 2,
            0,
            (ACME_TUNE + DELTA_TUNE) / 2,
        ),
        group("growth", 1, classes(u=1), None, 0, BETA, 1, None),
        group("standard", 2, classes(d=1, u=1), nps(3), 1, (GAMMA + EPSILON) / 2, 1, None),
    ],
}
TOTAL = group(
    "all", 5, classes(a=1, o=1, d=1, u=2), nps(10, 4, 3, 9, 9), 5,
    (ACME + BETA + GAMMA + DELTA + EPSILON) / 5, 2, (ACME_TUNE + DELTA_TUNE) / 2,
)  # fmt: skip
BY_HAND["group"] = [{**TOTAL, "key": ""}]  # no account of this world is in a group


@pytest.fixture
def world(tmp_path: Path, ctx: Context) -> Path:
    build_world(tmp_path / "world.json", ctx)
    return tmp_path / "world.json"


@pytest.fixture
def demo(tmp_path: Path, ctx: Context) -> Path:
    path = tmp_path / "demo.json"
    write_demo(path, 250, 3, ctx)
    return path


def rapport_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def portfolio_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict[str, Any]:
    code, out, err = rapport_cli(capsys, "portfolio", "--db", str(db), "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def approx(expected: dict[str, Any]) -> dict[str, Any]:
    """JSON rounds to 2 decimals."""
    return {
        k: pytest.approx(v, abs=0.005) if isinstance(v, float) else v for k, v in expected.items()
    }


@pytest.mark.parametrize("by", GROUPINGS)
def test_rollups_worked_out_by_hand(world, capsys, by):
    data = portfolio_json(capsys, world, "--by", by)
    assert (data["by"], data["as_of"], data["accounts"]) == (by, "2026-11-23", 5)
    assert data["groups"] == [approx(g) for g in BY_HAND[by]]
    assert data["total"] == approx(TOTAL)


def test_needs_attention_highest_value_first(world, capsys):
    data = portfolio_json(capsys, world)
    # weak or at risk: Epsilon (40, weak, 300,000) and Gamma (27.64, at risk, 12,000)
    found = [(a["account"], a["band"], a["value"]) for a in data["needs_attention"]]
    assert found == [("Epsilon Energy", "weak", 300_000), ("Gamma Foods", "at risk", 12_000)]
    assert data["needs_attention_total"] == 2
    assert data["needs_attention"][0]["provisional"] is True
    assert portfolio_json(capsys, world, "--top", "1")["needs_attention_total"] == 2
    assert len(portfolio_json(capsys, world, "--top", "1")["needs_attention"]) == 1


def test_chart_points_are_s_against_recommend(world, capsys):
    chart = portfolio_json(capsys, world)["chart"]
    points = {
        p["account"]: (p["satisfaction"], p["recommend"], p["class"]) for p in chart["points"]
    }
    assert points == {
        "Acme Corp": (pytest.approx(11 / 3, abs=0.005), 8.0, "Opportunist"),
        "Delta Retail": (pytest.approx((5 + 14 / 3 + 4) / 3, abs=0.005), 9.0, "Ambassador"),
        "Gamma Foods": (2.0, 3.0, "Defector"),
    }
    assert chart["guides"] == {"satisfaction": [3.0, 4.0], "recommend": [6.0, 9.0]}
    assert chart["left_out"] == 0


def test_one_wave_for_every_card(world, capsys):
    data = portfolio_json(capsys, world, "--wave", "SPRING 2026", "--by", "tier")
    # In spring only Acme was surveyed (Dana: recommend 7, a passive): NPS 0
    assert data["wave"] == "Spring 2026"
    assert data["total"]["classes"] == classes(o=1, u=4)
    assert (data["total"]["nps"], data["total"]["respondents"]) == (0.0, 1)
    code, _, err = rapport_cli(capsys, "portfolio", "--db", str(world), "--wave", "Winter")
    assert code == 1 and "no survey wave is named or has the id 'Winter'" in err


@pytest.mark.parametrize("by", GROUPINGS)
def test_counts_add_up_to_the_accounts(demo, capsys, by):
    data = portfolio_json(capsys, demo, "--by", by, "--top", "0")
    assert data["accounts"] == 250
    assert sum(g["accounts"] for g in data["groups"]) == 250
    for g in [*data["groups"], data["total"]]:
        assert sum(g["classes"].values()) == g["accounts"]
    assert data["total"]["accounts"] == 250
    assert data["total"]["respondents"] == sum(g["respondents"] for g in data["groups"])
    keys = [g["key"] for g in data["groups"]]
    assert len(keys) == len(set(keys))
    surveyed = 250 - data["total"]["classes"]["Unsurveyed"]
    assert len(data["chart"]["points"]) + data["chart"]["left_out"] == surveyed
    values = [a["value"] for a in data["needs_attention"]]
    assert values == sorted(values, reverse=True)
    assert len(values) == data["needs_attention_total"]


def test_progress_is_reported(demo, ctx, monkeypatch):
    calls: list[tuple[int, int]] = []
    with Store.open(demo, ctx, read_only=True) as store:
        portfolio(
            store, ctx.today(), "tier", progress=lambda done, total: calls.append((done, total))
        )
    assert calls == [(0, 250), (100, 250), (200, 250), (250, 250)]
    calls.clear()
    monkeypatch.setattr(kept_cards, "PROGRESS_EVERY", 50)  # 250 = 5 x 50: no double end
    with Store.open(demo, ctx, read_only=True) as store:
        portfolio_cards(store, ctx.today(), progress=lambda *call: calls.append(call))
    assert calls == [(0, 250), (50, 250), (100, 250), (150, 250), (200, 250), (250, 250)]


def test_regrouping_reuses_the_cards(world, ctx):
    with Store.open(world, ctx, read_only=True) as store:
        by_owner = portfolio(store, ctx.today(), "owner")
        for by in GROUPINGS:
            again = by_owner.regrouped(by)
            assert again == portfolio(store, ctx.today(), by)
            assert again.cards is by_owner.cards or again.cards == by_owner.cards
    assert [c.account["name"] for c in by_owner.cards] == [
        "Acme Corp",
        "Beta Industries",
        "Delta Retail",
        "Epsilon Energy",
        "Gamma Foods",
    ]


def test_grouping_by_anything_else_is_refused(world, capsys):
    with pytest.raises(ValueError, match="cannot group by 'stage'"):
        report([], "stage", Context().today())
    code, _, err = rapport_cli(capsys, "portfolio", "--db", str(world), "--by", "stage")
    assert code == 2 and "invalid choice" in err


def lines_at(renderable: Any, width: int) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


def test_chart_markers_read_without_colour():
    chart = LoyaltyChart(
        [
            Point("1", "a", 5.0, 10.0, "Ambassador"),
            Point("2", "b", 5.0, 10.0, "Ambassador"),  # same cell: a capital
            Point("3", "c", 1.0, 0.0, "Defector"),  # alone: a small letter
            Point("4", "d", 3.0, 5.0, "Opportunist"),
            Point("5", "e", 3.0, 5.0, "Defector"),  # a tie shows the worse class
        ],
        {"satisfaction": (3.0, 4.0), "recommend": (6.0, 9.0)},
    )
    lines = lines_at(chart, 80)
    assert lines[0] == "recommend (loyalty, 0-10)"
    grid = {line[:3].strip(): line[4:] for line in lines[1:12]}
    assert list(grid) == [str(r) for r in range(10, -1, -1)]
    # 60 cells: S 1 in the first, S 5 in the last, S 3 in cell round(59 / 2) = 30 (29.5 to even)
    assert grid["10"][59] == "A" and grid["0"][0] == "d" and grid["5"][30] == "D"
    assert grid["10"].count("A") == 1  # two accounts, one mark
    # dots mark the class lines: recommend 9 and 6 across, S 3.0 (cell 30) and 4.0 (cell 44) up
    assert set(grid["9"]) == {"·"} and set(grid["6"]) == {"·"}
    assert grid["2"][30] == "·" and grid["2"][44] == "·"
    assert lines[12] == "   └" + "─" * 60
    ticks = lines[13]
    assert [ticks[4 + c] for c in (0, 15, 30, 44, 59)] == ["1", "2", "3", "4", "5"]
    assert lines[14].strip() == "S (satisfaction, 1-5)"


@pytest.mark.parametrize("width", [80, 60, 40])
def test_chart_fits_the_width(width):
    points = [Point(str(i), "x", 1 + (i % 41) / 10, (i % 11), "Opportunist") for i in range(200)]
    lines = lines_at(LoyaltyChart(points), width)
    assert max(len(line) for line in lines) <= width
    assert len(lines[12]) == min(64, width)  # the axis: as wide as the grid


def test_the_whole_portfolio_reads_at_80_columns(demo, ctx, tmp_path):
    with Store.open(demo, ctx, read_only=True) as store:
        for by in GROUPINGS:
            lines = lines_at(portfolio_renderable(portfolio(store, ctx.today(), by)), 80)
            assert max(len(line) for line in lines) <= 80
            assert any(line.startswith(f"{by} ") for line in lines)  # the rollup's header


def test_text_says_what_each_column_is_and_shows_data_as_text(tmp_path, ctx, capsys):
    path = tmp_path / "hostile.json"
    build_world(path, ctx, hostile=True)
    code, out, _ = rapport_cli(capsys, "portfolio", "--db", str(path), "--by", "division")
    assert code == 0
    assert "Portfolio as of 2026-11-23 · 6 accounts · by division" in out
    flat = " ".join(out.split())
    assert "NPS over respondents" in flat
    assert "Strength is the mean of the accounts' indexes (0-100), provisional ones counted" in flat
    assert "Needs attention: weak or at-risk accounts, highest value first (3)" in flat
    assert "Satisfaction against loyalty" in out
    assert "[bold]X[/bold]" in out  # the hostile division and account, cut short but as text
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_command_end_to_end(world):
    env = dict(
        os.environ,
        PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(rapport.__file__))),
    )
    done = subprocess.run(
        [sys.executable, "-m", "rapport", "portfolio", "--db", str(world), "--by", "region", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a terminal: no progress bar
    data = json.loads(done.stdout)
    assert data["groups"] == [approx(g) for g in BY_HAND["region"]]
