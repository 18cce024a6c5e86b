"""Round trips: records -> CSV -> import into a fresh file -> the same records, for all
four formats, with hostile text (markup, control characters, formula starts, apostrophes,
line breaks, leading and trailing spaces) in every text field. Also the formula guard's
own rule, checked against a spreadsheet's view of a cell."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from exchange_helpers import FACTORS, view
from helpers import TODAY, context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.store import Store
from rapport.store.exchange.csv_formats import guard, unguard
from rapport.store.exchange.exporter import csv_text
from rapport.store.exchange.importer import import_csv, plan_import
from rapport.store.records.names import fold
from rapport.store.records.schema import (
    BAD_NEWS_SPEEDS,
    INTERACTION_KINDS,
    RELATIONSHIP_TYPES,
    STAGES,
    TIERS,
)

KINDS = ("accounts", "contacts", "interactions", "responses")
TRIGGERS = "=+-@\t\r"

# Any character but lone surrogates (which no UTF-8 file can hold), with hostile starts.
CHARS = st.characters(blacklist_categories=("Cs",))
STARTS = st.sampled_from(
    [
        "",
        "",
        "=",
        "+",
        "-",
        "@",
        "'",
        "'=",
        "''+",
        "'t ",
        "\t",
        "\r",
        " ",
        "\n",
        "[b]",
        "\x1b]52;c;",
    ]
)


SOLID = st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))
"""A character that ``str.strip`` keeps: what makes a required field non-blank."""


def text(
    max_size: int = 20, *, blank: bool = True, semicolon: bool = True
) -> st.SearchStrategy[str]:
    middle = st.just("") if blank else SOLID
    s = st.builds(
        lambda start, solid, rest: start + solid + rest,
        STARTS,
        middle,
        st.text(CHARS, max_size=max_size),
    )
    return s if semicolon else s.map(lambda t: t.replace(";", ","))


def unique_by_fold(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen, out = set(), []
    for item in items:
        if fold(item[key]) not in seen:
            seen.add(fold(item[key]))
            out.append(item)
    return out


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat)
happened = st.dates(min_value=date(1900, 1, 1), max_value=TODAY).map(date.isoformat)
"""The date of something that happened: never after the tests' today."""
monthdays = st.one_of(
    st.none(),
    happened,  # a birthday or anniversary with its year has happened
    st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)).map(
        lambda d: f"--{d.month:02d}-{d.day:02d}"
    ),
)

account_st = st.fixed_dictionaries(
    {
        "name": text(blank=False),
        "owner": text(blank=False),
        "tier": st.sampled_from(TIERS),
        "value": st.one_of(
            st.integers(0, 10**12), st.floats(0, 1e9, allow_nan=False, allow_infinity=False)
        ),
        "division": text(),
        "region": text(),
        "type": st.sampled_from(RELATIONSHIP_TYPES),
        "stage": st.sampled_from(STAGES),
        "bad_news": st.sampled_from(BAD_NEWS_SPEEDS),
        "tags": st.lists(text(8, semicolon=False), max_size=3),
        "b2c": st.booleans(),
        "group": text(),
        "renewal": st.one_of(st.none(), dates),
    }
)
contact_st = st.fixed_dictionaries(
    {
        "name": text(blank=False, semicolon=False),
        "role": text(),
        "decision_maker": st.booleans(),
        "email": st.one_of(
            st.just(""),
            st.emails(),
            st.sampled_from(["=HYPERLINK@evil.example", "'-x@y.example", "+1@call.me.example"]),
        ),
        "phone": st.one_of(st.just(""), st.just("+31 20 555 0100"), text(10)),
        "birthday": monthdays,
        "anniversary": monthdays,
    }
)
interaction_st = st.fixed_dictionaries(
    {
        "date": happened,
        "kind": st.sampled_from(INTERACTION_KINDS),
        "staff": text(blank=False),
        "summary": text(60, blank=False),
        "sentiment": st.integers(-2, 2),
        "follow_up": st.one_of(st.none(), dates),
        "contacts": st.lists(st.integers(0, 5), max_size=3, unique=True),
    }
)
response_st = st.fixed_dictionaries(
    {
        "respondent": st.sampled_from(("customer", "employee")),
        "contact": st.one_of(st.none(), st.integers(0, 5)),
        "answers": st.dictionaries(st.sampled_from(FACTORS), st.integers(1, 5)),
        "recommend": st.one_of(st.none(), st.integers(0, 10)),
        "switch": st.one_of(st.none(), st.integers(1, 5)),
        "comment": text(80),
    }
)

world_st = st.fixed_dictionaries(
    {
        "accounts": st.lists(account_st, min_size=1, max_size=4).map(
            lambda xs: unique_by_fold(xs, "name")
        ),
        "contacts": st.lists(st.tuples(st.integers(0, 3), contact_st), max_size=6),
        "interactions": st.lists(st.tuples(st.integers(0, 3), interaction_st), max_size=6),
        "waves": st.lists(
            st.fixed_dictionaries({"name": text(blank=False), "date": dates}), max_size=2
        ).map(lambda xs: unique_by_fold(xs, "name")),
        "responses": st.lists(
            st.tuples(st.integers(0, 1), st.integers(0, 3), response_st), max_size=6
        ),
    }
)


def build(store: Store, world: dict[str, Any]) -> None:
    """Create the world's records through the store API, keeping natural keys unique."""
    with store.transaction("world") as tx:
        accounts = [(tx.create("accounts", a), a) for a in world["accounts"]]
        contacts: dict[str, list[tuple[str, dict[str, Any]]]] = {a: [] for a, _ in accounts}
        names, emails = set(), set()
        for n, c in world["contacts"]:
            account_id, _ = accounts[n % len(accounts)]
            email = c["email"].strip().casefold()
            if (account_id, fold(c["name"])) in names or (email and email in emails):
                continue
            names.add((account_id, fold(c["name"])))
            emails.add(email)
            contacts[account_id].append((tx.create("contacts", {**c, "account": account_id}), c))
        keys = set()
        for n, i in world["interactions"]:
            account_id, _ = accounts[n % len(accounts)]
            key = (account_id, i["date"], i["kind"], i["staff"], fold(i["summary"]))
            if key in keys:
                continue
            keys.add(key)
            people = contacts[account_id]
            chosen = [people[k % len(people)][0] for k in i["contacts"]] if people else []
            data = {k: v for k, v in i.items() if k != "follow_up"}
            interaction_id = tx.create(
                "interactions",
                {**data, "account": account_id, "contacts": list(dict.fromkeys(chosen))},
            )
            if i["follow_up"]:
                tx.create(
                    "followups",
                    {
                        "account": account_id,
                        "due": i["follow_up"],
                        "owner": i["staff"],
                        "what": "follow up",
                        "interaction": interaction_id,
                        "origin": "interaction",
                    },
                )
        questionnaire = next(iter(store.all("questionnaires")))["id"]
        waves = [
            (tx.create("waves", {**w, "questionnaire": questionnaire}), w) for w in world["waves"]
        ]
        seen = set()
        for w, n, r in world["responses"] if waves else ():
            wave_id, wave = waves[w % len(waves)]
            account_id, account = accounts[n % len(accounts)]
            people = contacts[account_id]
            contact = None
            if r["respondent"] == "customer" and r["contact"] is not None and people:
                contact = people[r["contact"] % len(people)][0]
                if (wave_id, contact) in seen:
                    continue
                seen.add((wave_id, contact))
            tx.create(
                "responses",
                {
                    **r,
                    "wave": wave_id,
                    "account": account_id,
                    "contact": contact,
                    "staff": account["owner"] if r["respondent"] == "employee" else "",
                    "date": wave["date"],
                },
            )


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(world=world_st)
def test_records_to_csv_and_back_are_the_same_records(world: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "a.json", context()) as a:
            build(a, world)
            exported = {kind: csv_text(a, kind) for kind in KINDS}
            expected = view(a)
        with Store.open(Path(tmp) / "b.json", context()) as b:
            for kind in KINDS:
                plan = import_csv(b, kind, exported[kind].encode("utf-8"))
                assert plan.refused == [], (kind, plan.refused)
            assert view(b) == expected
            for kind in KINDS:
                # the same file again: nothing to do; and exporting gives the same bytes
                again = plan_import(b, kind, exported[kind])
                assert (again.created, again.updated, again.ops) == (0, 0, [])
                assert csv_text(b, kind) == exported[kind]


@given(st.text(CHARS))
def test_guard_is_undone_exactly_by_unguard(value: str) -> None:
    assert unguard(guard(value)) == value


@given(st.text(CHARS))
def test_a_guarded_cell_never_starts_a_formula(value: str) -> None:
    cell = guard(value)
    assert not cell.startswith(tuple(TRIGGERS))
    if value.startswith(tuple(TRIGGERS)):
        # what a spreadsheet shows for the cell (it drops one leading apostrophe) is the value
        assert cell == "'" + value


def test_guard_examples() -> None:
    assert guard("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert guard("+31 20 555 0100") == "'+31 20 555 0100"
    assert guard("@channel") == "'@channel"
    assert guard("-5 % off") == "'-5 % off"
    assert guard("'t Hooft") == "'t Hooft"  # a Dutch name: left as it is
    assert unguard("'t Hooft") == "'t Hooft"
    assert guard("'=x") == "''=x"
    assert unguard("''=x") == "'=x"
    assert unguard("'=x") == "=x"  # a spreadsheet's text-apostrophe is dropped on import
    assert guard("plain") == "plain" and unguard("'") == "'"
