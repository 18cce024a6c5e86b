"""The demo company: valid, consistent, deterministic, and realistic enough to show every screen."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from rapport.store.context import Context
from rapport.store.demo.base import _encode
from rapport.store.demo.company import generate, write_demo
from rapport.store.engine.store import Store
from rapport.store.errors import StoreError
from rapport.store.records.defaults import DEFAULT_SETTINGS, DEFAULT_STATEMENTS
from rapport.store.records.ids import encode, is_id
from rapport.store.records.schema import FIELDS, SETTINGS_ID, TABLES
from rapport.store.records.validate import clean

TODAY = date(2026, 3, 15)
ME = "Pat Example"
CADENCE = DEFAULT_SETTINGS["cadence_days"]
Tables = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def company() -> Tables:
    return generate(200, seed=7, today=TODAY, me=ME)


def by_id(tables: Tables, table: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in tables[table]}


def ctx() -> Context:
    return Context(user="demo", as_of=TODAY, clock=lambda: datetime(2026, 3, 15, 9, 0, tzinfo=UTC))


# -- validity and references ---------------------------------------------------------------


def test_every_record_is_clean_as_generated(company: Tables) -> None:
    assert set(company) == set(TABLES)
    for table, records in company.items():
        for record in records:
            body = {k: v for k, v in record.items() if k != "id"}
            # clean() accepts it and changes nothing: the generator writes normalised records,
            # and nothing that happened is dated after the demo's today.
            assert clean(table, body, today=TODAY) == body, (table, record)
            assert list(body) == list(FIELDS[table]), (table, list(body))


def test_survey_follow_ups_are_the_loops_the_app_would_close(company: Tables) -> None:
    """The demo's closing-the-loop follow-ups carry the ref the app looks for, so entering
    or importing the same answer again does not close the loop a second time."""
    responses = by_id(company, "responses")
    refs = [f["ref"] for f in company["followups"] if f["origin"] == "survey"]
    assert refs
    for ref in refs:
        assert ref.startswith("loop:") and ref.removeprefix("loop:") in responses, ref


def test_fast_id_encoding_matches_the_store_s() -> None:
    rng = random.Random(5)
    for x in [2, 1023, 1024, (1 << 60) - 1, *(rng.getrandbits(60) for _ in range(5000))]:
        assert _encode(x) == encode(x)


def test_ids_are_valid_and_unique_across_tables(company: Tables) -> None:
    ids = [r["id"] for records in company.values() for r in records]
    assert all(is_id(i) for i in ids)
    assert len(ids) == len(set(ids))
    assert company["settings"] == [{"id": SETTINGS_ID, "values": DEFAULT_SETTINGS}]


def test_every_reference_points_to_an_existing_record(company: Tables) -> None:
    ids = {table: {r["id"] for r in records} for table, records in company.items()}
    checked = 0
    for table, records in company.items():
        refs = [f for f in FIELDS[table].values() if f.kind in ("ref", "refs")]
        for record in records:
            for f in refs:
                value = record[f.name]
                targets = value if f.kind == "refs" else [value] if value else []
                for target in targets:
                    assert target in ids[f.ref or ""], (table, f.name, target)
                    checked += 1
    assert checked > 5000


def test_references_stay_within_the_account(company: Tables) -> None:
    contacts = by_id(company, "contacts")
    interactions = by_id(company, "interactions")
    for i in company["interactions"]:
        assert all(contacts[c]["account"] == i["account"] for c in i["contacts"])
    for table in ("followups", "promises", "complaints"):
        for r in company[table]:
            if r["interaction"]:
                assert interactions[r["interaction"]]["account"] == r["account"], table
    for r in company["responses"]:
        if r["contact"]:
            assert contacts[r["contact"]]["account"] == r["account"]
    for c in company["complaints"]:
        assert interactions[c["interaction"]]["kind"] == "complaint"


# -- determinism ---------------------------------------------------------------------------


def test_same_seed_same_records_other_seed_other_records(company: Tables) -> None:
    again = generate(200, seed=7, today=TODAY, me=ME)
    assert json.dumps(again, ensure_ascii=False) == json.dumps(company, ensure_ascii=False)
    other = generate(200, seed=8, today=TODAY, me=ME)
    assert other["accounts"] != company["accounts"]
    assert other["interactions"] != company["interactions"]


def test_written_files_hold_byte_identical_records(tmp_path: Path) -> None:
    write_demo(tmp_path / "a.json", 30, 3, ctx(), me=ME)
    write_demo(tmp_path / "b.json", 30, 3, ctx(), me=ME)
    a = (tmp_path / "a.json").read_bytes().splitlines()
    b = (tmp_path / "b.json").read_bytes().splitlines()
    # The first line holds the file's own id and generation; every record line is the same.
    assert a[1:] == b[1:]
    assert len(a) > 500


def test_me_owns_accounts_and_is_an_owner(company: Tables) -> None:
    owners = Counter(a["owner"] for a in company["accounts"])
    assert owners[ME] >= 5
    assert 6 <= len(owners) <= 10
    # me only renames the first account manager: the company is otherwise the same.
    plain = generate(200, seed=7, today=TODAY)
    first = plain["accounts"][0]["owner"]
    assert first != ME
    assert [ME if a["owner"] == first else a["owner"] for a in plain["accounts"]] == [
        a["owner"] for a in company["accounts"]
    ]
    assert plain["interactions"][-1]["summary"] == company["interactions"][-1]["summary"]


# -- realism -------------------------------------------------------------------------------


def test_company_shape(company: Tables) -> None:
    accounts = company["accounts"]
    tiers = Counter(a["tier"] for a in accounts)
    assert 10 <= tiers["key"] <= 35 and 40 <= tiers["growth"] <= 80, tiers
    assert 5 <= sum(a["b2c"] for a in accounts) <= 35
    assert 3 <= len({a["division"] for a in accounts}) <= 4
    assert 4 <= len({a["region"] for a in accounts}) <= 6
    names = [a["name"] for a in accounts]
    assert len(names) == len(set(names))
    assert {"R&D [Labs] Ltd", "Müller Logistik GmbH", "Société Générale des Eaux"} <= set(names)
    value = {
        t: sorted(a["value"] for a in accounts if a["tier"] == t and not a["b2c"]) for t in tiers
    }
    assert value["key"][len(value["key"]) // 2] > value["growth"][len(value["growth"]) // 2]
    assert (
        value["growth"][len(value["growth"]) // 2] > value["standard"][len(value["standard"]) // 2]
    )


def test_contacts(company: Tables) -> None:
    per_account = defaultdict(list)
    for c in company["contacts"]:
        per_account[c["account"]].append(c)
    assert len(per_account) == len(company["accounts"])
    for contacts in per_account.values():
        assert 2 <= len(contacts) <= 5
        assert 1 <= sum(c["decision_maker"] for c in contacts) <= 2
        assert len({c["name"] for c in contacts}) == len(contacts)
    emails = [c["email"] for c in company["contacts"]]
    assert len(emails) == len(set(emails)) and all("@" in e for e in emails)


def _next_occurrence(monthday: str) -> date:
    month, day = int(monthday[-5:-3]), int(monthday[-2:])
    for year in (TODAY.year, TODAY.year + 1, TODAY.year + 2):
        try:
            when = date(year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year
        if when >= TODAY:
            return when
    raise AssertionError(monthday)


def test_birthdays_and_anniversaries_in_the_next_30_days(company: Tables) -> None:
    def soon(field: str) -> int:
        return sum(
            1
            for c in company["contacts"]
            if c[field] and 0 < (_next_occurrence(c[field]) - TODAY).days <= 30
        )

    assert soon("birthday") >= 5
    assert soon("anniversary") >= 5
    assert any(c["birthday"] and c["birthday"].startswith("--") for c in company["contacts"])


def test_interactions_per_account_and_their_spread(company: Tables) -> None:
    interactions = company["interactions"]
    assert 18 <= len(interactions) / len(company["accounts"]) <= 22
    dates = [date.fromisoformat(i["date"]) for i in interactions]
    assert min(dates) >= TODAY - timedelta(days=731) and max(dates) < TODAY
    kinds = Counter(i["kind"] for i in interactions)
    assert set(kinds) == set(FIELDS["interactions"]["kind"].choices)
    assert kinds["call"] > kinds["meeting"] > kinds["gift"]
    tier = {a["id"]: a["tier"] for a in company["accounts"]}
    per = Counter(tier[i["account"]] for i in interactions)
    tiers = Counter(tier.values())
    assert per["key"] / tiers["key"] > per["standard"] / tiers["standard"]
    owner = {a["id"]: a["owner"] for a in company["accounts"]}
    by_owner = sum(i["staff"] == owner[i["account"]] for i in interactions)
    assert 0.5 < by_owner / len(interactions) < 0.85
    summaries = {i["summary"] for i in interactions}
    assert len(summaries) > len(interactions) / 3


def test_some_accounts_lose_touch(company: Tables) -> None:
    last: dict[str, str] = {}
    for i in company["interactions"]:
        last[i["account"]] = max(last.get(i["account"], ""), i["date"])
    past, far_past = 0, 0
    for a in company["accounts"]:
        days = (TODAY - date.fromisoformat(last[a["id"]])).days
        cadence = CADENCE[a["tier"]]
        past += cadence < days <= 2 * cadence
        far_past += days > 2 * cadence
    assert past >= 10 and far_past >= 5, (past, far_past)
    assert past + far_past < len(company["accounts"]) / 2


def test_stage_history_ends_at_the_current_stage(company: Tables) -> None:
    history = defaultdict(list)
    for s in company["stage_changes"]:
        history[s["account"]].append(s)
    for a in company["accounts"]:
        changes = sorted(history[a["id"]], key=lambda s: s["date"])
        assert changes[-1]["stage"] == a["stage"]
        assert changes[0]["previous"] is None
        for before, after in pairwise(changes):
            assert after["previous"] == before["stage"]


def test_followups_promises_complaints_opportunities(company: Tables) -> None:
    today = TODAY.isoformat()
    f = company["followups"]
    assert {r["origin"] for r in f} >= {"interaction", "sale", "survey"}
    assert any(r["status"] == "open" and r["due"] < today for r in f)
    assert any(r["status"] == "open" and r["due"] > today for r in f)
    assert sum(r["status"] == "done" for r in f) > len(f) / 2
    assert all((r["status"] == "done") == (r["done_on"] is not None) for r in f)
    assert all(r["done_on"] is None or r["done_on"] <= today for r in f)
    p = company["promises"]
    assert {r["status"] for r in p} == {"open", "kept", "broken"}
    assert any(r["status"] == "open" and r["due"] < today for r in p)
    c = company["complaints"]
    assert {r["status"] for r in c} == {"open", "escalated", "resolved"}
    assert all(r["escalated_to"] for r in c if r["status"] == "escalated")
    assert all(r["resolution"] and r["resolved_on"] for r in c if r["status"] == "resolved")
    assert sum(r["status"] == "resolved" for r in c) > len(c) / 2
    o = company["opportunities"]
    assert {r["status"] for r in o} >= {"passed", "won", "lost"}
    assert all(r["passed_to"] for r in o if r["status"] != "open")


def test_plan_items(company: Tables) -> None:
    waves = by_id(company, "waves")
    factors = {s["factor"] for s in DEFAULT_STATEMENTS}
    items = defaultdict(list)
    for p in company["plan_items"]:
        items[p["account"]].append(p)
        assert p["wave"] in waves
        assert (p["factor"] == "") == (p["target"] is None)
        assert p["factor"] == "" or (p["factor"] in factors and 1 <= p["target"] <= 5)
    assert 0.35 < len(items) / len(company["accounts"]) < 0.65
    for plan in items.values():
        assert 2 <= len(plan) <= 4
        assert sorted(p["position"] for p in plan) == list(range(1, len(plan) + 1))
    assert len({p["status"] for p in company["plan_items"]}) == 4


# -- surveys and the classes they give -----------------------------------------------------


def classify(responses: list[dict[str, Any]], decision_makers: set[str]) -> str:
    """PRODUCT.md's classification, inline: decision makers' answers count twice."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in responses:
        weight = 2 if r["contact"] in decision_makers else 1
        for key, score in [*r["answers"].items(), ("R", r["recommend"]), ("W", r["switch"])]:
            sums[key][0] += weight * score
            sums[key][1] += weight
    means = {k: s / n for k, (s, n) in sums.items()}
    recommend, switch = means.pop("R"), means.pop("W")
    s = sum(means.values()) / len(means)
    if s >= 4.0 and recommend >= 9 and switch <= 2:
        return "ambassador"
    if s < 3.0 and (recommend <= 6 or switch >= 4):
        return "defector"
    return "opportunist"


def test_waves_and_classes(company: Tables) -> None:
    waves = sorted(company["waves"], key=lambda w: w["date"])
    assert [w["status"] for w in waves[:2]] == ["closed", "closed"]
    dates = [date.fromisoformat(w["date"]) for w in waves]
    assert 20 <= (TODAY - dates[-1]).days <= 45
    assert all(225 <= (b - a).days <= 260 for a, b in pairwise(dates))
    dms = {c["id"] for c in company["contacts"] if c["decision_maker"]}
    n_accounts = len(company["accounts"])
    for wave in waves:
        answers = defaultdict(list)
        for r in company["responses"]:
            if r["wave"] == wave["id"] and r["respondent"] == "customer":
                answers[r["account"]].append(r)
        classes = Counter(classify(rs, dms) for rs in answers.values())
        if wave is waves[-1]:
            assert 0.55 < len(answers) / n_accounts < 0.85
            assert classes["ambassador"] >= 10 and classes["defector"] >= 5, classes
            assert classes["opportunist"] > max(classes["ambassador"], classes["defector"])


def test_responses(company: Tables) -> None:
    owner = {a["id"]: a["owner"] for a in company["accounts"]}
    customer = [r for r in company["responses"] if r["respondent"] == "customer"]
    mirror = [r for r in company["responses"] if r["respondent"] == "employee"]
    assert all(r["contact"] and r["staff"] == "" for r in customer)
    assert all(r["contact"] is None and r["staff"] == owner[r["account"]] for r in mirror)
    keys = {s["key"] for s in DEFAULT_STATEMENTS}
    assert all(set(r["answers"]) <= keys for r in company["responses"])
    assert any(len(r["answers"]) < len(keys) for r in customer)
    surveyed = {(r["wave"], r["account"]) for r in customer}
    mirrored = {(r["wave"], r["account"]) for r in mirror}
    assert mirrored <= surveyed
    assert 0.35 < len(mirrored) / len(surveyed) < 0.65


def test_sentiment_follows_health(company: Tables) -> None:
    dms = {c["id"] for c in company["contacts"] if c["decision_maker"]}
    last_wave = max(company["waves"], key=lambda w: w["date"])["id"]
    answers = defaultdict(list)
    for r in company["responses"]:
        if r["wave"] == last_wave and r["respondent"] == "customer":
            answers[r["account"]].append(r)
    cls = {a: classify(rs, dms) for a, rs in answers.items()}
    recent = (TODAY - timedelta(days=180)).isoformat()
    mood: dict[str, list[int]] = defaultdict(list)
    for i in company["interactions"]:
        if i["account"] in cls and i["date"] >= recent:
            mood[cls[i["account"]]].append(i["sentiment"])
    mean = {k: sum(v) / len(v) for k, v in mood.items()}
    assert mean["ambassador"] > mean["opportunist"] > mean["defector"]


# -- the file ------------------------------------------------------------------------------


def test_write_demo_opens_with_store(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    counts = write_demo(path, 200, 7, ctx(), me=ME)
    assert counts == {t: len(r) for t, r in generate(200, 7, today=TODAY, me=ME).items()}
    assert path.stat().st_mode & 0o777 == 0o600
    store = Store.open(path, ctx())
    try:
        for table, n in counts.items():
            assert store.count(table) == n, table
        account = next(a for a in store.all("accounts") if a["name"] == "R&D [Labs] Ltd")
        assert store.last_contact(account["id"]) is not None
        assert store.for_account("contacts", account["id"])
        record = store.get("settings", SETTINGS_ID)
        assert record is not None and record["updated_by"] == "demo"
        assert record["updated_at"] == "2026-03-15T09:00:00Z"
    finally:
        store.close()


def test_write_demo_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    path.write_text("{}")
    with pytest.raises(StoreError):
        write_demo(path, 5, 1, ctx())
    assert path.read_text() == "{}"
    write_demo(path, 5, 1, ctx(), overwrite=True)
    store = Store.open(path, ctx())
    try:
        assert store.count("accounts") == 5
    finally:
        store.close()


@pytest.mark.parametrize("size", [0, 1, 3, 12])
def test_small_companies(size: int) -> None:
    tables = generate(size, 1, today=TODAY, me=ME)
    assert len(tables["accounts"]) == size
    assert len(tables["waves"]) == 3 and len(tables["settings"]) == 1
    if size:
        assert tables["accounts"][0]["owner"] == ME


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate(-1, 1, today=TODAY)
    with pytest.raises(ValueError):
        generate(5, 1, today=TODAY, me="  ")
