"""Closing the loop as a user meets it: one follow-up per unhappy answer (one, also when the
answer turns the account Defector), due two days after the answers come in (typed in or
imported: today, from the context), none for answers of a wave that is not the newest, and
the import's dry run saying how many it would make.

The company is tests/helpers.py's; today is 2026-11-23.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import lines, write
from helpers import build_company, context

from rapport.cli import main
from rapport.store import Store
from rapport.store.actions import open_wave, record_response
from rapport.store.exchange.importer import import_csv

HEADER = ["wave", "wave_date", "account", "contact", "respondent", "trust", "satisfaction"]
HEADER += ["value", "recommend", "switch"]


def answer(wave: str, day: str, account: str, contact: str, *scores: str) -> list[str]:
    return [wave, day, account, contact, "customer", *scores]


UNHAPPY = ("2", "2", "2", "3", "3")
"""S 2.0 and recommend 3: a Defector, and a customer who would not recommend us."""
MILD = ("4", "4", "4", "5", "2")
"""S 4.0 but recommend 5: an Opportunist who would not recommend us."""


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def survey_follow_ups(store: Store) -> list[dict]:
    return sorted(
        (dict(f) for f in store.all("followups") if f["origin"] == "survey"),
        key=lambda f: f["what"],
    )


def test_an_answer_that_also_turns_the_account_defector_makes_one_follow_up(
    company, db_path: Path
) -> None:
    with Store.open(db_path, context()) as store:
        wave = open_wave(store, "Autumn 2026", "2026-10-21").created("waves")[0]["id"]
        values = {
            "wave": wave,
            "account": company["acme"],
            "contact": company["dana"],
            "respondent": "customer",
            "answers": {"trust": 2, "satisfaction": 2, "value": 2},
            "recommend": 3,
            "switch": 3,
        }
        result = record_response(store, values)
        [loop] = result.created("followups")
        assert loop["due"] == "2026-11-25"
        assert loop["what"] == (
            "Close the loop: Dana Buyer would recommend us 3 of 10 (Autumn 2026);"
            " the account turned Defector"
        )
        assert len(survey_follow_ups(store)) == 1
        # the same answer again (corrected, replacing the first): nothing more to follow up
        [first] = result.created("responses")
        record_response(store, {**values, "switch": 4}, replace=first["id"])
        assert len(survey_follow_ups(store)) == 1


def test_imported_answers_are_followed_up_from_the_day_of_the_import(
    company, db_path: Path
) -> None:
    csv = lines(
        HEADER,
        answer("Autumn 2026", "2026-10-21", "Acme Corp", "Dana Buyer", *UNHAPPY),
        answer("Autumn 2026", "", "Beta Industries", "", *MILD),
    )
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "responses", csv)
        assert plan.created == 2
        loops = survey_follow_ups(store)
    # answered a month ago, imported today (2026-11-23): due 2026-11-25, not overdue
    assert [(f["account"], f["due"]) for f in loops] == [
        (company["acme"], "2026-11-25"),
        (company["beta"], "2026-11-25"),
    ]
    assert "the account turned Defector" in loops[0]["what"]


def test_answers_of_an_older_wave_close_no_loop(company, db_path: Path) -> None:
    past = lines(
        HEADER,
        answer("Summer 2025", "2025-06-23", "Acme Corp", "Dana Buyer", *UNHAPPY),
        answer("Winter 2026", "2026-02-22", "Acme Corp", "Dana Buyer", *MILD),
        answer("Autumn 2026", "2026-10-21", "Beta Industries", "", *MILD),
    )
    with Store.open(db_path, context()) as store:
        assert import_csv(store, "responses", past).created == 3
        # only Autumn 2026, the newest wave, closes the loop
        assert [f["account"] for f in survey_follow_ups(store)] == [company["beta"]]
        late = lines(HEADER, answer("Winter 2026", "2026-02-22", "Gamma Foods", "", *UNHAPPY))
        plan = import_csv(store, "responses", late)
        assert plan.created == 1 and plan.also["follow-ups closing the loop"] == 0
        assert len(survey_follow_ups(store)) == 1
        winter = next(w for w in store.all("waves") if w["name"] == "Winter 2026")
        with store.transaction("a contact") as tx:
            jan = tx.create("contacts", {"account": company["muller"], "name": "Jan Keller"})
        typed = record_response(
            store,
            {
                "wave": winter["id"],
                "account": company["muller"],
                "respondent": "customer",
                "contact": jan,
                "answers": {"trust": 1},
                "recommend": 0,
            },
        )
        assert typed.created("followups") == []


def test_the_dry_run_says_how_many_follow_ups_it_would_make(
    company, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = write(
        tmp_path / "answers.csv",
        lines(
            HEADER,
            answer("Winter 2026", "2026-02-22", "Gamma Foods", "", *UNHAPPY),
            answer("Autumn 2026", "2026-10-21", "Acme Corp", "Dana Buyer", *UNHAPPY),
            answer("Autumn 2026", "", "Beta Industries", "", *MILD),
            answer("Autumn 2026", "", "Gamma Foods", "", "5", "5", "5", "9", "1"),
        ),
    )
    args = ["import", "responses", str(csv), "--db", str(db_path)]
    assert main([*args, "--dry-run"]) == 0
    said = capsys.readouterr()
    assert "follow-ups closing the loop 2" in said.out + said.err
    with Store.open(db_path, context()) as store:
        assert store.count("responses") == 0 and store.count("waves") == 0
    assert main(args) == 0
    said = capsys.readouterr()
    assert "follow-ups closing the loop 2" in said.out + said.err
    with Store.open(db_path, context()) as store:
        assert len(survey_follow_ups(store)) == 2
