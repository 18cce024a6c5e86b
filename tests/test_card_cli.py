"""``rapport card``: the LoyaltyCard of an account printed as text or JSON, or written as
HTML or SVG, with numbers checked against PRODUCT.md's formulas worked out by hand.

The company is tests/loyalty_world.py; today is 2026-11-23.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from loyalty_world import HOSTILE_NAME, build_world

import rapport
from rapport.cli import main
from rapport.cli.output import json_text
from rapport.store import Context

KEYS = [
    "account",
    "wave",
    "class",
    "satisfaction",
    "recommend",
    "strength",
    "band",
    "provisional",
    "in_tune",
    "blind_spots",
    "trend",
    "plan_progress",
]


@pytest.fixture
def world(tmp_path: Path, ctx: Context) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "world.json"
    return path, build_world(path, ctx, hostile=True)


@pytest.fixture
def world_on(target: Path | str, ctx: Context) -> tuple[Path | str, dict[str, str]]:
    """The same company on each backend: the worked examples give the same numbers."""
    return target, build_world(target, ctx, hostile=True)


def rapport_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``rapport ARGS`` in this process: (exit code, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse's usage errors
        code = int(e.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def card_json(capsys: pytest.CaptureFixture[str], db: Path | str, *args: str) -> dict[str, Any]:
    code, out, err = rapport_cli(capsys, "card", "--db", str(db), *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_json_numbers_worked_out_by_hand(world_on, capsys):
    db, _ = world_on
    card = card_json(capsys, db, "Acme Corp")
    assert set(KEYS) <= set(card)
    assert (card["account"], card["wave"], card["as_of"]) == (
        "Acme Corp",
        "Autumn 2026",
        "2026-11-23",
    )
    # Autumn: Dana is a decision maker (weight 2), Eve is not (weight 1).
    #   trust (2*5 + 2)/3 = 4.0, satisfaction (2*4 + 4)/3 = 4.0, value (2*4 + 1)/3 = 3.0
    #   S = (4 + 4 + 3)/3 = 3.667 (counting Dana once would give 3.333)
    #   recommend (2*10 + 4)/3 = 8.0, switch (2*1 + 4)/3 = 2.0
    assert card["satisfaction"] == pytest.approx(11 / 3, abs=0.005)
    assert card["recommend"] == 8.0
    assert card["switch"] == 2.0
    # S 3.667 < 4: not an Ambassador; S >= 3: not a Defector.
    assert card["class"] == "Opportunist"
    # NPS per respondent: 10 promoter, 4 detractor: (1 - 1)/2 = 0
    assert card["nps"] == 0.0
    assert card["respondents"] == {"customer": 2, "employee": 2}
    # Mirrors averaged first: trust (5+5)/2 = 5, satisfaction (4+5)/2 = 4.5, value (4+3)/2 = 3.5
    # gaps (us - customer): trust +1.0, satisfaction +0.5, value +0.5
    # in tune = 100 - 25 * (1.0 + 0.5 + 0.5)/3 = 83.33; blind spot: trust (+1.0 >= 1.0)
    assert card["in_tune"] == pytest.approx(100 - 25 * 2 / 3, abs=0.005)
    assert card["blind_spots"] == ["trust"]
    gaps = {f["key"]: f["gap"] for f in card["factors"] if f["gap"] is not None}
    assert gaps == {"trust": 1.0, "satisfaction": 0.5, "value": 0.5}
    # Strength: survey (3.667 - 1) * 25 = 66.67; engagement: last call 2026-11-16, 7 days,
    # within the key cadence of 14: 100; reliability: 1 of 2 promises due kept = 50, minus
    # 10 for the open complaint = 40.  0.6*66.67 + 0.2*100 + 0.2*40 = 40 + 20 + 8 = 68
    assert card["strength"] == pytest.approx(68.0, abs=0.005)
    assert (card["band"], card["provisional"]) == ("steady", False)
    assert card["strength_explanation"] == (
        "survey 67 x 60%, engagement 100 x 20%, reliability 40 x 20% = 68"
    )
    # Spring (as of its date, 2026-04-01): Dana alone, S 3, recommend 7, switch 3;
    # survey (3-1)*25 = 50, engagement 100 (call on 03-25); no promise due yet, no
    # complaint: reliability's 20 goes to the others: 50*60/80 + 100*20/80 = 62.5
    assert card["sparkline"] == [62.5, 68.0]
    assert card["previous_class"] == "Opportunist"
    assert card["trend"] == {
        "satisfaction": "up",
        "recommend": "up",
        "switch": "down",
        "strength": "up",
        "in_tune": None,
    }
    # Plan items made on spring: value 3.0 -> 3.0 against 3.5 (not met), trust 3.0 -> 4.0
    # against 4 (met).
    progress = {
        p["factor"]: (p["before"], p["after"], p["target"], p["met"]) for p in card["plan_progress"]
    }
    assert progress == {"value": (3.0, 3.0, 3.5, False), "trust": (3.0, 4.0, 4.0, True)}


def test_no_survey_gives_a_provisional_strength(world_on, capsys):
    db, _ = world_on
    card = card_json(capsys, db, "beta industries")
    assert (card["class"], card["wave"], card["satisfaction"]) == ("Unsurveyed", None, None)
    # engagement: 40 days since 2026-10-14, growth cadence 30, zero at 90:
    #   100 * (90 - 40)/(90 - 30) = 83.33
    # reliability: 1 of 2 promises kept = 50; no survey: its 60 goes to the other two,
    # 20/40 each: 0.5 * 83.33 + 0.5 * 50 = 66.67
    assert card["strength"] == pytest.approx(0.5 * 100 * 50 / 60 + 0.5 * 50, abs=0.005)
    assert (card["band"], card["provisional"]) == ("steady", True)
    assert (
        "no survey yet: its 60% went to engagement and reliability" in card["strength_explanation"]
    )
    assert card["in_tune"] is None and card["blind_spots"] == [] and card["plan_progress"] == []


def test_defector_and_ambassador(world_on, capsys):
    db, _ = world_on
    gamma = card_json(capsys, db, "Gamma Foods")
    # S 2, recommend 3, switch 5: Defector. survey (2-1)*25 = 25; engagement 206 days
    # after 2026-05-01, standard cadence 90, zero at 270: 100*(270-206)/180 = 35.56;
    # no reliability: 25*60/80 + 35.56*20/80 = 27.64 -> shown 28: at risk
    assert gamma["class"] == "Defector"
    assert gamma["strength"] == pytest.approx(25 * 0.75 + 100 * 64 / 180 * 0.25, abs=0.005)
    assert gamma["band"] == "at risk"
    delta = card_json(capsys, db, "Delta Retail")
    # Gina (decision maker) and Hal: trust 5 (Gina only), satisfaction (2*5 + 4)/3,
    # value 4; S = (5 + 14/3 + 4)/3 = 4.556; recommend (2*9 + 9)/3 = 9; switch (2*2 + 1)/3
    assert delta["satisfaction"] == pytest.approx((5 + 14 / 3 + 4) / 3, abs=0.005)
    assert (delta["recommend"], delta["switch"]) == (9.0, pytest.approx(5 / 3, abs=0.005))
    assert delta["class"] == "Ambassador"
    # Only the survey part has data: (4.556 - 1) * 25 = 88.89. The mirror rates trust 4
    # against the customers' 5: gap -1, in tune 75, and no blind spot (we are not above them).
    assert delta["strength"] == pytest.approx(((5 + 14 / 3 + 4) / 3 - 1) * 25, abs=0.005)
    assert (delta["in_tune"], delta["blind_spots"]) == (75.0, [])


@pytest.mark.parametrize("wave", ["spring 2026", "  SPRING   2026 "])
def test_an_earlier_wave_by_name(world, capsys, wave):
    db, _ = world
    card = card_json(capsys, db, "Acme Corp", "--wave", wave)
    # As of the wave's date, since a later wave surveyed the account (see the sparkline above).
    assert (card["wave"], card["as_of"], card["class"]) == (
        "Spring 2026",
        "2026-04-01",
        "Opportunist",
    )
    assert (card["satisfaction"], card["recommend"], card["strength"]) == (3.0, 7.0, 62.5)
    assert card["in_tune"] is None
    # The plan items were made on this wave: a score before, none after yet.
    progress = {p["factor"]: (p["before"], p["after"], p["met"]) for p in card["plan_progress"]}
    assert progress == {"value": (3.0, None, None), "trust": (3.0, None, None)}


def test_a_wave_by_id(world, capsys):
    db, ids = world
    assert card_json(capsys, db, ids["acme"], "--wave", ids["w2"])["wave"] == "Autumn 2026"


def test_as_of_makes_a_card_reproducible(world, capsys):
    db, _ = world
    args = ("card", "--db", str(db), "Acme Corp", "--format", "json", "--as-of", "2026-12-01")
    first, second = rapport_cli(capsys, *args), rapport_cli(capsys, *args)
    assert first == second and first[0] == 0
    card = json.loads(first[1])
    # 15 days since the last call, key cadence 14, zero at 42: 100*(42-15)/28 = 96.43
    # 0.6*66.67 + 0.2*96.43 + 0.2*40 = 67.29
    assert card["as_of"] == "2026-12-01"
    assert card["strength"] == pytest.approx(40 + 0.2 * 100 * 27 / 28 + 8, abs=0.005)
    later = card_json(capsys, db, "Acme Corp", "--as-of", "2026-12-31")
    # 45 days: past three cadences, engagement 0: 40 + 0 + 8 = 48 (weak)
    assert (later["strength"], later["band"]) == (48.0, "weak")
    engagement = {p["name"]: p["score"] for p in later["strength_parts"]}["engagement"]
    assert engagement == 0.0


def test_text_card_explains_itself(world, capsys):
    db, _ = world
    code, out, _ = rapport_cli(capsys, "card", "--db", str(db), "Acme Corp")
    assert code == 0
    assert out.startswith("Acme Corp  ·  owner ann  ·  key  ·  value 500,000  ·  North / Retail")
    assert "Opportunist [OPP]" in out and "strength 68 steady" in out
    assert "Strength: survey 67 x 60%, engagement 100 x 20%, reliability 40 x 20% = 68" in out
    assert "Blind spots: trust and commitment (+1.0)" in out
    assert "\x1b" not in out  # not a terminal: no colour codes
    assert max(len(line) for line in out.splitlines()) <= 80


def test_hostile_name_is_text_everywhere(world, capsys, tmp_path):
    db, _ = world
    html, svg = tmp_path / "card.html", tmp_path / "card.svg"
    code, out, err = rapport_cli(
        capsys, "card", "--db", str(db), HOSTILE_NAME, "--html", str(html), "--svg", str(svg)
    )
    assert code == 0, err
    assert out.splitlines() == [f"wrote {html}", f"wrote {svg}"]
    page = html.read_text(encoding="utf-8")
    escaped = "[bold]X[/bold] &lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"<title>LoyaltyCard · {escaped}</title>" in page
    assert page.count(escaped) == 3  # the title, the name and the division in the header
    assert "<script" not in page
    picture = svg.read_text(encoding="utf-8")
    assert picture.startswith("<svg") and "<script" not in picture
    # SVG text keeps its spaces as &#160;: the title, then the header line
    in_svg = escaped.replace(" ", "&#160;")
    assert f">LoyaltyCard&#160;·&#160;{in_svg}</text>" in picture
    assert picture.count(in_svg) >= 2
    code, out, _ = rapport_cli(capsys, "card", "--db", str(db), HOSTILE_NAME)
    assert code == 0 and out.startswith(HOSTILE_NAME + "  ·  owner ann")


def test_files_beside_json_keep_stdout_clean(world, capsys, tmp_path):
    db, _ = world
    svg = tmp_path / "acme.svg"
    code, out, err = rapport_cli(
        capsys, "card", "--db", str(db), "Acme Corp", "--svg", str(svg), "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["account"] == "Acme Corp"
    assert err.strip() == f"wrote {svg}"
    assert "Acme&#160;Corp" in svg.read_text(encoding="utf-8")


def test_unknown_account_is_refused_with_close_matches(world, capsys):
    db, _ = world
    code, out, err = rapport_cli(capsys, "card", "--db", str(db), "Acme Crop")
    assert (code, out) == (1, "")
    assert "no account is named or has the id 'Acme Crop' (did you mean 'Acme Corp'?)" in err
    code, _, err = rapport_cli(capsys, "card", "--db", str(db), "Gama Foods")
    assert code == 1 and "did you mean 'Gamma Foods'?" in err


def test_unknown_wave_is_refused(world, capsys):
    db, _ = world
    code, _, err = rapport_cli(
        capsys, "card", "--db", str(db), "Acme Corp", "--wave", "Autumn 2062"
    )
    assert code == 1
    assert "no survey wave is named or has the id 'Autumn 2062'" in err
    assert "'Autumn 2026'" in err


def test_unwritable_file_is_refused(world, capsys, tmp_path):
    db, _ = world
    target = tmp_path / "no" / "such" / "dir" / "card.html"
    code, out, err = rapport_cli(
        capsys, "card", "--db", str(db), "Acme Corp", "--html", str(target)
    )
    assert (code, out) == (1, "")
    assert str(target) in err and "cannot write" in err


def test_missing_data_file_is_refused(tmp_path, capsys):
    code, _, err = rapport_cli(capsys, "card", "--db", str(tmp_path / "none.json"), "Acme")
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "none.json").exists()


@pytest.mark.parametrize(
    "args",
    [("card",), ("card", "Acme Corp", "--format", "xml"), ("card", "Acme Corp", "--as-of", "soon")],
)
def test_usage_errors_exit_2(world, capsys, args):
    db, _ = world
    code, _, err = rapport_cli(capsys, *args, "--db", str(db))
    assert code == 2 and "usage:" in err


def test_json_text_escapes_what_a_terminal_would_act_on():
    data = {"name": "Clear\x9b2J \u202eevil\u202c \x1b]52;c;x\x07 Müller \ud800"}
    text = json_text(data)
    for raw in ("\x9b", "\u202e", "\x1b", "\x07", "\ud800"):
        assert raw not in text
    assert "Müller" in text and "\\u009b" in text and "\\u202e" in text
    assert json.loads(text) == data


def test_the_command_end_to_end(world):
    db, _ = world
    env = dict(
        os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(rapport.__file__)))
    )
    done = subprocess.run(
        [sys.executable, "-m", "rapport", "card", "Acme Corp", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)
    assert (card["class"], card["strength"], card["blind_spots"]) == (
        "Opportunist",
        68.0,
        ["trust"],
    )
