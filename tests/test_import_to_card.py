"""Issue 5's promise end to end: responses a user imports from CSV give, in
`rapport card --format json`, the numbers PRODUCT.md's formulas give by hand; low
recommends close the loop once, however often the file is imported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

ACCOUNTS = """name,owner,tier,value,division,region,type,stage,bad_news,tags
Acme Corp,olga,key,250000,Retail,North,long_term,engagement,normal,
Beta Works,olga,growth,50000,Industry,South,long_term,expansion,normal,
"""
CONTACTS = """account,name,role,decision_maker,email,phone,birthday,anniversary
Acme Corp,Dana Buyer,CEO,yes,dana@acme.example,,,
Acme Corp,Eli Clerk,Buyer,no,eli@acme.example,,,
Beta Works,Fay Boss,Owner,yes,fay@beta.example,,,
"""
HEADER = "wave,wave_date,account,contact,respondent,trust,satisfaction,promises,responsiveness,resolution,needs,communication,fairness,balance,value,recommend,switch\n"
RESPONSES = HEADER + (
    # Acme: Dana (decision maker, counts twice) and Eli; our owner's mirror
    "Autumn 2026,2026-10-01,Acme Corp,Dana Buyer,customer,5,4,4,,,,,,,,10,1\n"
    "Autumn 2026,2026-10-01,Acme Corp,Eli Clerk,customer,2,4,3,,,,,,,,6,2\n"
    "Autumn 2026,2026-10-01,Acme Corp,,employee,4,5,4,,,,,,,,,\n"
    # Beta: a Defector
    "Autumn 2026,2026-10-01,Beta Works,Fay Boss,customer,2,3,2,,,,,,,,5,4\n"
)


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_imported_responses_give_the_hand_computed_card(
    tmp_path: Path, db_path: Path, cli: Callable[..., CompletedProcess[str]]
) -> None:
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("responses", RESPONSES)):
        done = cli("import", kind, write(tmp_path, f"{kind}.csv", text), db=db_path)
        assert done.returncode == 0, done.stdout + done.stderr
    card = cli("card", "acme corp", "--format", "json", "--as-of", "2026-11-23", db=db_path)
    assert card.returncode == 0, card.stderr
    data = json.loads(card.stdout)
    # trust (5*2 + 2) / 3 = 4.0; satisfaction (4*2 + 4) / 3 = 4.0; promises (4*2 + 3) / 3 = 3.667
    # S = (4 + 4 + 3.667) / 3 = 3.889
    assert data["satisfaction"] == 3.89
    # recommend (10*2 + 6) / 3 = 8.667; switch (1*2 + 2) / 3 = 1.333
    assert data["recommend"] == 8.67
    # S 3.889 < 4.0: not an Ambassador; not S < 3: not a Defector
    assert data["class"] == "Opportunist"
    # mirror 4, 5, 4 against 4.0, 4.0, 3.667: gaps 0, 1.0, 0.333; mean 0.444; 100 - 25 * 0.444 = 88.89
    assert data["in_tune"] == 88.89
    # satisfaction: staff 5 against customer 4.0, a gap of 1.0: a blind spot
    assert data["blind_spots"] == ["satisfaction"]
    # no interaction, no promise due, no complaint: survey only, (3.889 - 1) / 4 * 100 = 72.22
    assert data["strength"] == 72.22 and data["band"] == "strong" and data["provisional"] is False
    beta = json.loads(
        cli("card", "Beta Works", "--format", "json", "--as-of", "2026-11-23", db=db_path).stdout
    )
    # S = (2 + 3 + 2) / 3 = 2.333 < 3 and recommend 5 <= 6: Defector
    assert beta["class"] == "Defector"
    portfolio = json.loads(
        cli(
            "portfolio", "--by", "tier", "--format", "json", "--as-of", "2026-11-23", db=db_path
        ).stdout
    )
    groups = {g["key"]: g for g in portfolio["groups"]}
    # key: Acme alone; respondents Dana (10: promoter) and Eli (6: detractor): NPS 50 - 50 = 0
    assert groups["key"]["classes"]["Opportunist"] == 1 and groups["key"]["nps"] == 0.0
    assert groups["key"]["mean_strength"] == 72.22 and groups["key"]["mean_in_tune"] == 88.89
    # growth: Beta alone, Fay (5: detractor): NPS -100; strength (2.333 - 1) / 4 * 100 = 33.33
    assert groups["growth"]["classes"]["Defector"] == 1 and groups["growth"]["nps"] == -100.0
    assert groups["growth"]["mean_strength"] == 33.33


def test_imported_low_recommends_close_the_loop_once(
    tmp_path: Path, db_path: Path, cli: Callable[..., CompletedProcess[str]]
) -> None:
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("responses", RESPONSES)):
        assert cli("import", kind, write(tmp_path, f"{kind}.csv", text), db=db_path).returncode == 0
    again = cli("import", "responses", write(tmp_path, "again.csv", RESPONSES), db=db_path)
    assert again.returncode == 0
    from helpers import context

    from rapport.store import Store

    with Store.open(db_path, context()) as store:
        loops = sorted(
            (f["what"], f["owner"]) for f in store.all("followups") if f["origin"] == "survey"
        )
    # Eli (6) and Fay (5) would not recommend us, and Fay's answer turned Beta Defector:
    # one follow-up each (Fay's says both), not four after the second import
    assert len(loops) == 2, loops
    assert all(owner == "olga" for _, owner in loops)
    assert sum("the account turned Defector" in what for what, _ in loops) == 1
