"""Answers back by code: the responses CSV may name each form by its response code; a code
answers once; unknown codes and codes of another wave are refused by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import context
from survey_world import build_world

from rapport.store import Store
from rapport.store.actions import issue_codes
from rapport.store.actions.surveys import open_wave, record_response
from rapport.store.exchange import import_csv
from rapport.store.records import codes

HEAD = "code,care,care_2,price,speed,recommend,switch,comment\r\n"


@pytest.fixture
def kit(db_path: Path) -> dict[str, str]:
    """The world's ids and the codes by who they are for: ines, omar, pia, north, south."""
    ids = build_world(db_path)
    with Store.open(db_path, context()) as store:
        made = issue_codes(store, "Autumn 2026", on="2026-11-20")
    for form in made.forms:
        who = form.contact["id"] if form.contact else form.account["id"]
        name = next(k for k, v in ids.items() if v == who)
        ids[f"code_{name}"] = codes.shown(form.code)
    ids["wave"] = made.wave["id"]
    return ids


def test_answers_come_back_by_code_and_close_the_loop(db_path: Path, kit: dict[str, str]) -> None:
    text = HEAD + (
        f"{kit['code_ines']},4,5,3,4,9,2,Keep the same team please.\r\n"
        f'{kit["code_omar"].lower().replace("-", "")},2,2,1,3,4,4,"Too slow, ""always""."\r\n'
        f"{kit['code_north']},4,4,4,4,8,2,\r\n"
        f"{kit['code_pia']},,,,,,,\r\n"  # not returned yet: left alone
    )
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "responses", text, source="answers.csv")
        assert plan.ok, plan.refused
        assert (plan.created, plan.unchanged) == (3, 1)
        assert any("1 row with a code and no answer left alone" in n for n in plan.notes)
        by_who = {
            (r["respondent"], r["contact"]): r for r in store.for_account("responses", kit["north"])
        }
        ines = by_who[("customer", kit["ines"])]
        assert ines["wave"] == kit["wave"] and ines["answers"] == {
            "care": 4,
            "care_2": 5,
            "price": 3,
            "speed": 4,
        }
        assert (ines["recommend"], ines["switch"], ines["comment"]) == (
            9,
            2,
            "Keep the same team please.",
        )
        assert by_who[("customer", kit["omar"])]["comment"] == 'Too slow, "always".'
        mirror = by_who[("employee", None)]
        assert (mirror["staff"], mirror["recommend"]) == ("ann", 8)
        assert store.for_account("responses", kit["south"]) == []
        # Omar would not recommend us (4): the owner gets a follow-up, as for any answer
        loops = [f for f in store.for_account("followups", kit["north"]) if f["origin"] == "survey"]
        assert [f["owner"] for f in loops] == ["ann"]
        again = import_csv(store, "responses", text, source="answers.csv")
        assert (again.created, again.updated, again.unchanged) == (0, 0, 4) and again.ok


def test_a_code_answers_once_unless_told_to_replace(db_path: Path, kit: dict[str, str]) -> None:
    with Store.open(db_path, context()) as store:
        record_response(  # typed in the app meanwhile, without the code
            store,
            {
                "account": kit["north"],
                "wave": kit["wave"],
                "contact": kit["ines"],
                "respondent": "customer",
                "answers": {"care": 5},
                "recommend": 10,
            },
        )
        text = HEAD + f"{kit['code_ines']},2,2,2,2,3,5,Changed my mind\r\n"
        dry = import_csv(store, "responses", text, dry_run=True)
        [refusal] = dry.refused
        assert (refusal.line, refusal.column) == (2, "code")
        assert f"{kit['code_ines']} is answered already" in refusal.reason
        assert "first answer (2026-11-23): care 5; recommend 10" in refusal.reason
        assert (
            "this line: care 2, care_2 2, price 2, speed 2; recommend 3; switch 5" in refusal.reason
        )
        assert "--replace" in refusal.reason
        assert import_csv(store, "responses", text).created == 0
        [kept] = store.for_account("responses", kit["north"])
        assert kept["recommend"] == 10
        replaced = import_csv(store, "responses", text, replace=True)
        assert replaced.ok and replaced.updated == 1
        [now] = store.for_account("responses", kit["north"])
        assert (now["id"], now["recommend"], now["comment"]) == (kept["id"], 3, "Changed my mind")
        twice = HEAD + (f"{kit['code_pia']},3,3,3,3,7,3,\r\n{kit['code_pia']},4,4,4,4,8,2,\r\n")
        plan = import_csv(store, "responses", twice, dry_run=True)
        assert [(r.line, r.reason) for r in plan.refused] == [
            (3, f"{kit['code_pia']} is answered on line 2 already")
        ]


def test_unknown_codes_and_codes_of_another_wave_are_refused_by_line(
    db_path: Path, kit: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        open_wave(store, "Spring 2027", "2026-11-22")
        spring = issue_codes(store, "Spring 2027", accounts=["Südhang Wein"])
        other = codes.shown(next(f.code for f in spring.forms if f.contact is not None))
        taken = {c["code"] for c in store.all("survey_codes")}
        free = codes.shown(codes.new_code(taken))
        text = HEAD + (
            f"{kit['code_ines']},4,4,4,4,9,2,\r\n"
            f"{free},4,4,4,4,9,2,\r\n"
            f"K0M-4QX,4,4,4,4,9,2,\r\n"
            f"{other},4,4,4,4,9,2,\r\n"
            f"{kit['code_omar']},4,4,4,6,9,2,\r\n"
        )
        plan = import_csv(store, "responses", text, dry_run=True)
        assert [(r.line, r.column) for r in plan.refused] == [
            (3, "code"),
            (4, "code"),
            (5, "code"),
            (6, "speed"),
        ]
        reasons = [r.reason for r in plan.refused]
        assert reasons[0] == f"no form has the code {free}"
        assert reasons[1].startswith("K0M-4QX is not a response code")
        assert reasons[2] == (
            f"{other} is a code of wave 'Spring 2027'; this file answers wave 'Autumn 2026' (line 2)"
        )
        assert reasons[3] == "6 is not between 1 and 5"
        assert plan.created == 1 and store.count("responses") == 0  # a dry run writes nothing


def test_a_row_by_code_that_names_another_form_is_refused(
    db_path: Path, kit: dict[str, str]
) -> None:
    text = (
        "code,wave,account,contact,respondent,care,recommend\r\n"
        f"{kit['code_ines']},Autumn 2026,Nordwind Fähren,Ines Okafor,customer,4,9\r\n"
        f"{kit['code_omar']},,Südhang Wein,,,4,9\r\n"
        f",Autumn 2026,Südhang Wein,Pia Sørensen,customer,3,7\r\n"  # no code: named as usual
    )
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "responses", text, dry_run=True)
    assert [(r.line, r.column, r.reason) for r in plan.refused] == [
        (3, "account", f"code {kit['code_omar']} is for 'Nordwind Fähren', not 'Südhang Wein'")
    ]
    assert plan.created == 2


def test_statements_of_the_file_questionnaire_are_columns_and_others_are_refused(
    db_path: Path, kit: dict[str, str]
) -> None:
    text = f"code,trust,recommend\r\n{kit['code_ines']},4,9\r\n"
    with Store.open(db_path, context()) as store:
        plan = import_csv(store, "responses", text, dry_run=True)
    assert [(r.line, r.column, r.reason) for r in plan.refused] == [
        (2, "trust", "is not a statement of this wave's questionnaire")
    ]
    unknown = f"code,kindness\r\n{kit['code_ines']},4\r\n"
    with Store.open(db_path, context()) as store:
        refused = import_csv(store, "responses", unknown, dry_run=True)
    assert (
        refused.refused[0].column == "kindness"
        and "is not a column of responses" in refused.refused[0].reason
    )


def test_import_by_code_on_the_command_line(
    db_path: Path, kit: dict[str, str], tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "answers.csv"
    answers.write_text(HEAD + f"{kit['code_pia']},3,3,3,3,5,4,Slow.\r\n", encoding="utf-8")
    done = cli("import", "responses", str(answers), db=db_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "created 1" in done.stdout
    answers.write_text(HEAD + f"{kit['code_pia']},4,4,4,4,8,2,\r\n", encoding="utf-8")
    dry = cli("import", "responses", str(answers), "--dry-run", db=db_path)
    assert dry.returncode == 1 and "is answered already" in dry.stdout
    replaced = cli("import", "responses", str(answers), "--replace", db=db_path)
    assert replaced.returncode == 0 and "updated 1" in replaced.stdout
