"""``--as-of D`` is the file as it stood on D: the newest wave dated on or before D, and no
interaction, promise, complaint, follow-up or response dated after it, in ``rapport card``,
``agenda`` and ``portfolio`` alike (one view of the records: :class:`store.as_of.AsOf`).

The company is tests/loyalty_world.py: waves Spring 2026 (2026-04-01) and Autumn 2026
(2026-10-01); Acme called 2026-03-25 and 2026-11-16; today 2026-11-23.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from loyalty_world import build_world

from rapport.cli import main
from rapport.store import Context, Store
from rapport.store.views import AsOf


@pytest.fixture
def world(tmp_path: Path, ctx: Context) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "world.json"
    ids = build_world(path, ctx)
    with Store.open(path, ctx) as store, store.transaction("more history") as tx:
        call = tx.create(
            "interactions",
            {
                "account": ids["acme"],
                "date": "2026-11-02",
                "kind": "call",
                "staff": "ann",
                "summary": "asked for a quote",
            },
        )
        ids["quote"] = tx.create(
            "followups",
            {
                "account": ids["acme"],
                "due": "2026-11-05",
                "owner": "ann",
                "what": "send the quote",
                "status": "done",
                "done_on": "2026-11-10",
                "interaction": call,
                "origin": "interaction",
            },
        )
        ids["late_reply"] = tx.create(
            "responses",
            {
                "account": ids["beta"],
                "wave": ids["w2"],
                "contact": None,
                "respondent": "employee",
                "staff": "bob",
                "answers": {"trust": 4},
                "date": "2026-11-20",
            },
        )
        tx.update("accounts", ids["gamma"], {"stage": "dissolution"})
        tx.create(
            "stage_changes",
            {
                "account": ids["gamma"],
                "stage": "dissolution",
                "previous": "engagement",
                "date": "2026-11-01",
            },
        )
    return path, ids


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def card(capsys: pytest.CaptureFixture[str], db: Path, day: str) -> dict[str, Any]:
    code, out, err = cli(
        capsys, "card", "--db", str(db), "Acme Corp", "--as-of", day, "--format", "json"
    )
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("day", ["1999-01-01", "2026-03-02"])
def test_before_any_wave_the_card_is_unsurveyed(world, capsys, day: str) -> None:
    db, _ = world
    shown = card(capsys, db, day)
    assert (shown["wave"], shown["class"], shown["satisfaction"]) == (None, "Unsurveyed", None)
    assert shown["provisional"] is True and shown["series"] == []
    assert shown["as_of"] == day


def test_the_newest_wave_on_or_before_the_day_and_nothing_after_it(world, capsys) -> None:
    db, _ = world
    spring = card(capsys, db, "2026-05-01")
    # Spring 2026: Dana alone, 3/3/3, recommend 7, switch 3: S 3.0, an Opportunist.
    assert (spring["wave"], spring["class"], spring["satisfaction"]) == (
        "Spring 2026",
        "Opportunist",
        3.0,
    )
    assert len(spring["series"]) == 1 and spring["trend"]["strength"] is None
    parts = {p["name"]: p for p in spring["strength_parts"]}
    # the last call was 2026-03-25 (37 days; key cadence 14, zero at 42): 100 * 5 / 28
    assert parts["engagement"]["score"] == pytest.approx(100 * 5 / 28, abs=0.01)
    # promise A (due 06-01) not yet due, the complaint of 11-01 not yet raised: no data
    assert parts["reliability"]["score"] is None
    on_the_day = card(capsys, db, "2026-10-01")
    assert on_the_day["wave"] == "Autumn 2026"


def test_a_promise_closed_after_the_day_was_still_open_on_it(world, capsys) -> None:
    db, _ = world
    # 2026-09-10: A kept (due 06-01), B broken on 09-02: 50%; as of 09-01 B was due today
    # and open, so it is left out: 1 of 1 kept.
    before = {p["name"]: p for p in card(capsys, db, "2026-09-01")["strength_parts"]}
    after = {p["name"]: p for p in card(capsys, db, "2026-09-10")["strength_parts"]}
    assert before["reliability"]["score"] == 100.0
    assert after["reliability"]["score"] == 50.0


def agenda(capsys: pytest.CaptureFixture[str], db: Path, day: str) -> list[dict[str, Any]]:
    code, out, err = cli(
        capsys, "agenda", "--db", str(db), "--all", "--as-of", day, "--format", "json"
    )
    assert code == 0, err
    return json.loads(out)


def test_the_agenda_as_it_stood(world, capsys) -> None:
    db, ids = world
    # 11-07: the quote's follow-up (from the call of 11-02) was open and overdue; it was
    # done on 11-10. Epsilon's three escalated complaints had all been raised.
    then = agenda(capsys, db, "2026-11-07")
    follow_ups = [i for i in then if i["kind"] == "follow-up"]
    assert [(i["record_id"], i["overdue"]) for i in follow_ups] == [(ids["quote"], True)]
    assert sum(i["kind"] == "complaint" for i in then) == 3
    # 10-20: the call of 11-02 had not happened, nor the complaint of 11-01.
    earlier = agenda(capsys, db, "2026-10-20")
    assert not [i for i in earlier if i["kind"] == "follow-up"]
    assert sum(i["kind"] == "complaint" for i in earlier) == 2
    assert not [i for i in agenda(capsys, db, "2026-11-23") if i["kind"] == "follow-up"]


def test_the_portfolio_as_it_stood(world, capsys) -> None:
    db, _ = world
    code, out, err = cli(
        capsys, "portfolio", "--db", str(db), "--as-of", "2026-05-01", "--format", "json"
    )
    assert code == 0, err
    classes = json.loads(out)["total"]["classes"]
    assert classes == {"Ambassador": 0, "Opportunist": 1, "Defector": 0, "Unsurveyed": 4}
    code, out, err = cli(
        capsys, "portfolio", "--db", str(db), "--as-of", "2026-03-31", "--format", "json"
    )
    assert json.loads(out)["total"]["classes"]["Unsurveyed"] == 5


def test_a_wave_after_the_day_is_refused_by_name(world, capsys) -> None:
    db, _ = world
    for verb in (["card", "Acme Corp"], ["portfolio"]):
        code, _, err = cli(
            capsys, *verb, "--db", str(db), "--as-of", "2026-05-01", "--wave", "Autumn 2026"
        )
        assert code == 1
        assert "'Autumn 2026' is dated 2026-10-01, after 2026-05-01" in err


def test_the_view_holds_each_record_as_it_was(world, ctx: Context) -> None:
    db, ids = world
    with Store.open(db, ctx, read_only=True) as store:
        view = AsOf(store, date(2026, 11, 15))
        # Autumn's wave is in, but Beta's mirror typed in on 11-20 is not
        assert view.get("responses", ids["late_reply"]) is None
        assert store.get("responses", ids["late_reply"]) is not None
        assert len(view.for_account("responses", ids["acme"])) == 5
        assert view.last_contact(ids["acme"]) == "2026-11-02"
        quote = view.require("followups", ids["quote"])
        assert (quote["status"], quote["done_on"]) == ("done", "2026-11-10")
        early = AsOf(store, date(2026, 10, 15))
        assert early.get("followups", ids["quote"]) is None
        # the stage history as it stood: Gamma went into dissolution only on 11-01
        assert early.for_account("stage_changes", ids["gamma"]) == []
        assert len(view.for_account("stage_changes", ids["gamma"])) == 1
        complaints = early.for_account("complaints", ids["epsilon"])
        assert [c["raised"] for c in complaints] == ["2026-09-01", "2026-10-01"]
        reopened = AsOf(store, date(2026, 11, 7)).require("followups", ids["quote"])
        assert (reopened["status"], reopened["done_on"]) == ("open", None)
        with pytest.raises(TypeError):
            reopened["status"] = "done"  # read-only, as the store's records are
