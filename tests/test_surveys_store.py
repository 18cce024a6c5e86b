"""Recording responses closes the loop in the same save; waves and questionnaire versions."""

from __future__ import annotations

from datetime import date

import pytest
from exchange_helpers import FACTORS

from rapport.store import Store, ValidationError
from rapport.store.actions import create_account
from rapport.store.actions.surveys import (
    AlreadyAnswered,
    edit_questionnaire,
    edit_wave,
    open_wave,
    record_response,
)
from rapport.store.views import current_questionnaire

ALL_FOUR = dict.fromkeys(FACTORS, 4)


@pytest.fixture
def world(store: Store) -> dict[str, str]:
    account = create_account(store, {"name": "Acme", "owner": "olga", "tier": "key"}).created(
        "accounts"
    )[0]["id"]
    with store.transaction("contacts") as tx:
        dana = tx.create("contacts", {"account": account, "name": "Dana", "decision_maker": True})
        eli = tx.create("contacts", {"account": account, "name": "Eli"})
    wave = open_wave(store, "Autumn", "2026-11-01").created("waves")[0]["id"]
    return {"account": account, "dana": dana, "eli": eli, "wave": wave}


def loops(store: Store, account: str) -> list[tuple[str, str, str]]:
    return sorted(
        (f["owner"], f["due"], f["ref"])
        for f in store.for_account("followups", account)
        if f["origin"] == "survey"
    )


def test_a_low_recommend_gets_a_follow_up_for_the_owner_within_two_days(
    store: Store, world: dict[str, str]
) -> None:
    change = record_response(
        store,
        {
            "wave": world["wave"],
            "account": world["account"],
            "contact": world["eli"],
            "respondent": "customer",
            "answers": ALL_FOUR,
            "recommend": 6,
            "switch": 2,
            "date": "2026-11-20",
        },
    )
    response_id = change.created("responses")[0]["id"]
    # recommend 6 <= 6: due 2026-11-20 + 2 days, for the owner; S = 4.0 is no Defector
    assert loops(store, world["account"]) == [("olga", "2026-11-22", f"loop:{response_id}")]


def test_a_recommend_of_seven_does_not(store: Store, world: dict[str, str]) -> None:
    record_response(
        store,
        {
            "wave": world["wave"],
            "account": world["account"],
            "contact": world["eli"],
            "respondent": "customer",
            "answers": ALL_FOUR,
            "recommend": 7,
            "switch": 2,
        },
    )
    assert loops(store, world["account"]) == []


def test_turning_defector_gets_one_follow_up_never_two(store: Store, world: dict[str, str]) -> None:
    low = {k: 2 for k in ALL_FOUR}
    for contact in ("dana", "eli"):
        record_response(
            store,
            {
                "wave": world["wave"],
                "account": world["account"],
                "contact": world[contact],
                "respondent": "customer",
                "answers": low,
                "recommend": 7,
                "switch": 5,
            },
        )
    # S = 2.0 < 3 and switch 5 >= 4: Defector; recommend 7 > 6, so only the Defector loop
    refs = [ref for _, _, ref in loops(store, world["account"])]
    assert refs == [f"loop:defector:{world['wave']}:{world['account']}"]
    assert loops(store, world["account"])[0][1] == "2026-11-25"  # today 2026-11-23 + 2


def test_undo_takes_back_the_response_and_its_follow_up(
    store: Store, world: dict[str, str]
) -> None:
    record_response(
        store,
        {
            "wave": world["wave"],
            "account": world["account"],
            "contact": world["eli"],
            "respondent": "customer",
            "answers": ALL_FOUR,
            "recommend": 3,
        },
    )
    store.undo()
    assert store.for_account("responses", world["account"]) == []
    assert loops(store, world["account"]) == []


def test_a_response_must_say_who_answered_and_what(store: Store, world: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as e:
        record_response(
            store,
            {
                "wave": world["wave"],
                "account": world["account"],
                "respondent": "customer",
                "answers": {},
            },
        )
    assert e.value.for_field("contact") is not None
    assert e.value.for_field("answers") == "nothing was answered"
    with pytest.raises(ValidationError) as e:
        record_response(
            store,
            {
                "wave": world["wave"],
                "account": world["account"],
                "respondent": "employee",
                "answers": ALL_FOUR,
            },
        )
    assert e.value.for_field("staff") is not None


def test_a_closed_wave_takes_no_responses(store: Store, world: dict[str, str]) -> None:
    with store.transaction("close") as tx:
        tx.update("waves", world["wave"], {"status": "closed"})
    with pytest.raises(ValidationError) as e:
        record_response(
            store,
            {
                "wave": world["wave"],
                "account": world["account"],
                "contact": world["eli"],
                "respondent": "customer",
                "answers": ALL_FOUR,
            },
        )
    assert "closed" in (e.value.for_field("wave") or "")


def test_wave_names_are_unique(store: Store, world: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        open_wave(store, " autumn ", date(2027, 3, 1))


def test_editing_an_asked_questionnaire_makes_a_new_version(
    store: Store, world: dict[str, str]
) -> None:
    first = current_questionnaire(store)
    assert first is not None and first["number"] == 1
    statements = [dict(s) for s in first["statements"]]
    statements[0]["text"] = "We trust them completely."
    edit_questionnaire(store, statements=statements)
    second = current_questionnaire(store)
    assert second is not None and second["number"] == 2
    assert second["statements"][0]["text"] == "We trust them completely."
    wave = store.require("waves", world["wave"])
    assert wave["questionnaire"] == first["id"], "the old wave keeps the version it asked"
    assert (
        store.require("questionnaires", first["id"])["statements"][0]["text"]
        != "We trust them completely."
    )
    # not asked yet: edited in place
    edit_questionnaire(
        store,
        statements=[
            *statements,
            {"key": "trust_2", "factor": "trust", "text": "They keep their word."},
        ],
    )
    assert current_questionnaire(store)["number"] == 2
    assert len(current_questionnaire(store)["statements"]) == 11


def test_a_statement_must_name_a_known_factor(store: Store, world: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as e:
        edit_questionnaire(store, statements=[{"key": "x", "factor": "nonsense", "text": "?"}])
    assert "factor 'nonsense' is not one of" in str(e.value)


def test_a_second_answer_from_the_same_contact_replaces_the_first_only_when_told(
    store: Store, world: dict[str, str]
) -> None:
    answer = {
        "wave": world["wave"],
        "account": world["account"],
        "contact": world["eli"],
        "respondent": "customer",
        "answers": ALL_FOUR,
        "recommend": 5,
    }
    first = record_response(store, answer).created("responses")[0]
    with pytest.raises(AlreadyAnswered) as asked:
        record_response(store, {**answer, "recommend": 9})
    assert asked.value.earlier["id"] == first["id"]
    assert "already answered in this wave" in str(asked.value)
    assert store.require("responses", first["id"])["recommend"] == 5, "nothing was replaced"
    again = record_response(store, {**answer, "recommend": 9}, replace=first["id"])
    assert again.created("responses") == []
    (response,) = store.for_account("responses", world["account"])
    assert (response["id"], response["recommend"], response["version"]) == (first["id"], 9, 2)
    assert len(loops(store, world["account"])) == 1, "the loop was closed once, not twice"
    other = record_response(store, {**answer, "contact": world["dana"]})
    assert len(other.created("responses")) == 1


def test_a_wave_name_stays_its_own_when_renamed(store: Store, world: dict[str, str]) -> None:
    spring = open_wave(store, "Spring", "2026-05-01").created("waves")[0]["id"]
    with pytest.raises(ValidationError) as caught:
        edit_wave(store, spring, {"name": "  AUTUMN "})
    assert str(caught.value) == "name: a wave named 'Autumn' exists already"
    edit_wave(store, spring, {"name": "Spring 2026"})
    assert store.require("waves", spring)["name"] == "Spring 2026"
