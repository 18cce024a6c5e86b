"""Merging a laptop's copy back: every change kept, conflicts listed and resolvable,
deletions only over unchanged records; and the properties (idempotent, commutative,
nothing lost, every double change kept or listed) over random edits of both copies."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from exchange_helpers import run_cli
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pg import open_any

from rapport.store import Context, Store
from rapport.store.actions.edits import (
    create_account,
    delete_account,
    delete_record,
    log_interaction,
    save_record,
)
from rapport.store.engine.check import check_file
from rapport.store.exchange.conflicts import open_conflicts, resolve_conflict
from rapport.store.exchange.merge import merge_file
from rapport.store.records.records import content
from rapport.store.records.schema import FIELDS, TABLES


class Clock:
    """Timestamps that move on one second per reading (shared by both copies if wanted)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def ctx(user: str, clock: Callable[[], datetime]) -> Context:
    return Context(user=user, as_of=date(2026, 11, 23), clock=clock)


T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def build_base(path: Path | str) -> dict[str, str]:
    """A small company: four accounts, contacts, interactions, a follow-up."""
    ids: dict[str, str] = {}
    with open_any(path, ctx("setup", Clock(T0 - timedelta(days=1)))) as store:
        for key, name, owner in (
            ("acme", "Acme Corp", "tester"),
            ("beta", "Beta Industries", "bob"),
            ("gamma", "Gamma Foods", "tester"),
            ("muller", "Müller Logistik GmbH", "carol"),
        ):
            change = create_account(store, {"name": name, "owner": owner, "region": "North"})
            ids[key] = change.created("accounts")[0]["id"]
        with store.transaction() as tx:
            for key, account, name in (
                ("dana", "acme", "Dana Buyer"),
                ("carl", "beta", "Carl Clerk"),
                ("zoe", "beta", "Zoe Boss"),
                ("max", "muller", "Max Müller"),
            ):
                ids[key] = tx.create("contacts", {"account": ids[account], "name": name})
        change = log_interaction(
            store, ids["beta"], summary="Sent the offer", kind="email", on="2026-08-01"
        )
        ids["offer"] = change.created("interactions")[0]["id"]
        log_interaction(
            store, ids["gamma"], summary="Checked in", on="2026-10-01", follow_up="2026-11-30"
        )
    return ids


def records(path: Path | str) -> dict[str, dict[str, Any]]:
    """Every live domain record but conflicts, by id: (table, version, rev, content)."""
    with open_any(path, ctx("reader", Clock(T0)), read_only=True) as store:
        return {
            r["id"]: {"table": t, "version": r["version"], "rev": r["rev"], **content(r)}
            for t in TABLES
            if t != "conflicts"
            for r in store.all(t)
        }


def conflicts(path: Path | str) -> set[tuple[str, str, str, str]]:
    with open_any(path, ctx("reader", Clock(T0)), read_only=True) as store:
        return {
            (c["table"], c["record"], c["kept"]["rev"], c["other"]["rev"])
            for c in store.all("conflicts")
        }


@pytest.fixture
def laptop(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The office file and a laptop copy, each edited separately (the laptop later)."""
    office, copy = tmp_path / "office.json", tmp_path / "laptop.json"
    ids = build_base(office)
    shutil.copy(office, copy)
    return edit_both(office, copy, ids)


@pytest.fixture
def laptop_on(target: Path | str, tmp_path: Path) -> tuple[Path | str, Path, dict[str, str]]:
    """The office's store on each backend, and a laptop's copy taken with ``rapport merge``
    (on a server: the consultant's copy taken offline), each edited separately."""
    office, copy = target, tmp_path / "laptop.json"
    ids = build_base(office)
    if isinstance(office, Path):
        shutil.copy(office, copy)
    else:
        taken = run_cli("--db", copy, "merge", office)
        assert taken.returncode == 0, taken.stderr
        assert b"ids and versions kept" in taken.stdout
        assert records(copy) == records(office)
    return edit_both(office, copy, ids)


def edit_both(
    office: Path | str, copy: Path, ids: dict[str, str], *, short_lived: bool = False
) -> tuple[Path | str, Path, dict[str, str]]:
    """The edits of both copies; ``short_lived``: as short commands make them, kept in the
    journal and not folded into the file."""
    with open_any(office, ctx("alice", Clock(T0 + timedelta(hours=1)))) as a:
        a.short_lived = short_lived
        acme = a.get("accounts", ids["acme"])
        save_record(
            a, "accounts", {"tier": "growth"}, record_id=ids["acme"], expect=acme["version"]
        )
        save_record(a, "accounts", {"region": "North-East"}, record_id=ids["beta"])
        delete_record(a, "contacts", ids["carl"])
        save_record(a, "contacts", {"role": "Director"}, record_id=ids["zoe"])
        log_interaction(a, ids["gamma"], summary="Office call", on="2026-11-20")
        change = log_interaction(
            a, ids["muller"], summary="Met Max", kind="meeting", contacts=[ids["max"]]
        )
        ids["met_max"] = change.created("interactions")[0]["id"]
    with Store.open(copy, ctx("bob", Clock(T0 + timedelta(hours=2)))) as b:
        b.short_lived = short_lived
        save_record(b, "accounts", {"region": "South-West"}, record_id=ids["beta"])
        lead = create_account(b, {"name": "Laptop Lead BV", "owner": "bob"})
        ids["lead"] = lead.created("accounts")[0]["id"]
        save_record(b, "contacts", {"account": ids["lead"], "name": "Lea Lead"})
        delete_record(b, "interactions", ids["offer"])
        delete_record(b, "contacts", ids["zoe"])
        delete_record(b, "contacts", ids["max"])
        save_record(b, "accounts", {"owner": "dora"}, record_id=ids["gamma"])
        questionnaire = next(iter(b.all("questionnaires")))["id"]
        with b.transaction() as tx:
            wave = tx.create(
                "waves", {"name": "Autumn", "date": "2026-11-01", "questionnaire": questionnaire}
            )
            tx.create(
                "responses",
                {
                    "wave": wave,
                    "account": ids["acme"],
                    "contact": ids["dana"],
                    "respondent": "customer",
                    "answers": {"trust": 4},
                    "recommend": 9,
                },
            )
    return office, copy, ids


def test_two_copies_edited_separately_merge_with_every_change_kept(
    laptop_on, tmp_path: Path
) -> None:
    office, copy, ids = laptop_on
    before_b = records(copy)
    done = run_cli("merge", copy, "--db", office)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "conflicts: 3 listed" in out
    merged = records(office)
    # changes made in the office
    assert merged[ids["acme"]]["tier"] == "growth"
    assert merged[ids["zoe"]]["role"] == "Director"  # changed here, deleted there: kept
    assert any(r.get("summary") == "Office call" for r in merged.values())
    assert ids["carl"] not in merged  # deleted here, unchanged there
    # changes made on the laptop
    assert merged[ids["beta"]]["region"] == "South-West"  # both changed: the newer (laptop)
    assert merged[ids["gamma"]]["owner"] == "dora"
    assert merged[ids["lead"]]["name"] == "Laptop Lead BV"
    assert any(r.get("name") == "Lea Lead" for r in merged.values())
    assert any(r["table"] == "responses" and r["answers"] == {"trust": 4} for r in merged.values())
    assert ids["offer"] not in merged  # deleted on the laptop, unchanged here
    # deleted on the laptop while the office logged a meeting with him: kept
    assert merged[ids["max"]]["name"] == "Max Müller"
    assert merged[ids["met_max"]]["contacts"] == (ids["max"],)
    # every record of the laptop is here unless its deletion was justified
    assert set(before_b) - set(merged) == {ids["carl"]}
    listed = {(c[0], c[1]) for c in conflicts(office)}
    assert listed == {("accounts", ids["beta"]), ("contacts", ids["zoe"]), ("contacts", ids["max"])}
    backup = out.split("the file as it was is kept at ")[1].strip()
    assert backup.endswith("-merge.json")
    if isinstance(office, Path):
        check = run_cli("check", office)
        assert check.returncode == 0, check.stdout
        assert f"{office.stem}-" in check.stdout.decode() and "-merge.json" in check.stdout.decode()
        assert check_file(office).ok
    # merging the same file again changes nothing
    again = run_cli("merge", copy, "--db", office)
    assert again.returncode == 0
    assert "nothing to bring in" in again.stdout.decode()
    assert records(office) == merged
    # and the other way round gives the same records and conflicts
    assert run_cli("merge", backup, "--db", copy).returncode == 0
    assert records(copy) == merged
    assert conflicts(copy) == conflicts(office)
    # and the server merged into the laptop's copy: a second time changes nothing
    if not isinstance(office, Path):
        assert run_cli("--db", copy, "merge", office).returncode == 0
        assert b"nothing to bring in" in run_cli("--db", copy, "merge", office).stdout
        assert records(copy) == records(office)


def test_saves_not_yet_folded_on_either_side_merge_as_if_folded(tmp_path: Path) -> None:
    """Both files are compared from their indexes and the saves since their last fold (the
    journal): the outcome is the one of merging the two files folded."""
    office, copy = tmp_path / "office.json", tmp_path / "laptop.json"
    ids = build_base(office)
    shutil.copy(office, copy)
    files = office.read_bytes(), copy.read_bytes()
    edit_both(office, copy, ids, short_lived=True)
    assert (office.read_bytes(), copy.read_bytes()) == files  # every edit is in the journals
    folded = tmp_path / "folded"
    folded.mkdir()
    for path in (office, copy):
        for part in (path, path.with_name(path.name + ".journal")):
            shutil.copy(part, folded / part.name)
        assert run_cli("fold", "--db", folded / path.name).returncode == 0
    assert (folded / office.name).read_bytes() != files[0]
    for into, other in ((office, copy), (folded / office.name, folded / copy.name)):
        done = run_cli("merge", other, "--db", into)
        assert done.returncode == 0, done.stderr
        assert "conflicts: 3 listed" in done.stdout.decode()
    assert records(office) == records(folded / office.name)
    assert conflicts(office) == conflicts(folded / office.name)
    assert len(conflicts(office)) == 3
    again = run_cli("merge", copy, "--db", office)
    assert b"nothing to bring in" in again.stdout
    assert check_file(office).ok


def test_dry_run_merge_writes_nothing(laptop) -> None:
    office, copy, _ids = laptop
    before = office.read_bytes()
    done = run_cli("merge", copy, "--dry-run", "--db", office, "--format", "json")
    assert done.returncode == 0
    assert office.read_bytes() == before
    assert not (office.parent / "office.json.backups").exists()


def test_conflicts_resolve_record_by_record(laptop) -> None:
    office, copy, ids = laptop
    with Store.open(office, ctx("alice", Clock(T0 + timedelta(hours=3)))) as store:
        merge_file(store, copy)
        found = {c["record"]: c for c in open_conflicts(store)}
        assert set(found) == {ids["beta"], ids["zoe"], ids["max"]}
        beta_before = store.get("accounts", ids["beta"])
        resolve_conflict(store, found[ids["beta"]]["id"], "other")  # the office's region after all
        beta = store.get("accounts", ids["beta"])
        assert (beta["region"], beta["version"]) == ("North-East", beta_before["version"] + 1)
        (entry,) = [
            e
            for e in store.all("_audit")
            if e["record"] == ids["beta"] and e["prev_rev"] == beta_before["rev"]
        ]
        assert entry["after"] == {"region": "North-East"}
        resolve_conflict(store, found[ids["zoe"]]["id"], "kept")
        assert store.get("contacts", ids["zoe"])["role"] == "Director"
        resolve_conflict(store, found[ids["max"]]["id"], "other")  # the laptop's deletion
        assert store.get("contacts", ids["max"]) is None
        assert store.get("interactions", ids["met_max"])["contacts"] == ()
        assert open_conflicts(store) == []
        assert all(c["resolved"] for c in store.all("conflicts"))
    assert check_file(office).ok


def test_merging_a_file_into_itself_or_a_missing_file_is_refused(laptop, tmp_path: Path) -> None:
    office, _copy, _ids = laptop
    assert run_cli("merge", office, "--db", office).returncode == 1
    done = run_cli("merge", tmp_path / "nope.json", "--db", office)
    assert done.returncode == 1 and b"does not exist" in done.stderr


def test_a_separate_file_is_merged_whole(laptop, tmp_path: Path) -> None:
    office, _copy, _ids = laptop
    other = tmp_path / "other.json"
    with Store.open(other, ctx("erin", Clock(T0))) as store:
        create_account(store, {"name": "acme corp", "owner": "erin"})
    before = records(office)
    with Store.open(office, ctx("alice", Clock(T0 + timedelta(hours=5)))) as store:
        plan = merge_file(store, other)
    assert plan.added["accounts"] == 1 and plan.conflicts == []
    assert plan.notes == ["2 accounts are now named 'acme corp': rename or delete one"]
    after = records(office)
    assert set(before) < set(after)


# -- properties over random edits of both copies --------------------------------------------

OPS = st.sampled_from(
    [
        "update_account",
        "delete_account",
        "new_account",
        "update_contact",
        "delete_contact",
        "new_contact",
        "log",
        "update_interaction",
        "delete_interaction",
    ]
)
EDITS = st.lists(
    st.tuples(st.sampled_from("ab"), OPS, st.integers(0, 50), st.integers(0, 50)), max_size=12
)


def _pick(items: list[Any], n: int) -> Any:
    """The n-th record (cyclically) in an order that does not depend on the random ids."""
    order = sorted(
        items,
        key=lambda r: (
            r["created_at"],
            r.get("name") or "",
            r.get("summary") or "",
            r.get("date") or "",
        ),
    )
    return order[n % len(order)] if order else None


def apply_edit(store: Store, op: str, n: int, m: int) -> None:
    accounts = list(store.all("accounts"))
    account = _pick(accounts, n)
    contacts = list(store.all("contacts"))
    interactions = list(store.all("interactions"))
    if op == "update_account" and account:
        save_record(
            store,
            "accounts",
            {"region": f"R{m}", "tier": ("key", "growth")[m % 2]},
            record_id=account["id"],
        )
    elif op == "delete_account" and account:
        delete_account(store, account["id"])
    elif op == "new_account":
        taken = {a["name"] for a in accounts}
        name = next(n for k in range(len(taken) + 1) if (n := f"New {m}.{k}") not in taken)
        create_account(store, {"name": name, "owner": "x"})  # a name of its own, as required
    elif op == "update_contact" and (c := _pick(contacts, n)):
        save_record(store, "contacts", {"role": f"role {m}"}, record_id=c["id"])
    elif op == "delete_contact" and (c := _pick(contacts, n)):
        delete_record(store, "contacts", c["id"])
    elif op == "new_contact" and account:
        save_record(store, "contacts", {"account": account["id"], "name": f"Person {m}"})
    elif op == "log" and account:
        people = [c["id"] for c in store.for_account("contacts", account["id"])]
        chosen = [people[m % len(people)]] if people else []
        log_interaction(
            store,
            account["id"],
            summary=f"call {m}",
            contacts=chosen,
            follow_up="2026-12-01" if m % 3 == 0 else None,
        )
    elif op == "update_interaction" and (i := _pick(interactions, n)):
        save_record(
            store,
            "interactions",
            {"summary": f"edited {m}", "sentiment": m % 5 - 2},
            record_id=i["id"],
        )
    elif op == "delete_interaction" and (i := _pick(interactions, n)):
        delete_record(store, "interactions", i["id"])


State = tuple[str, str, str, int]
"""A record's state in one file: ("live" or "deleted", rev, updated_at, version)."""


def snapshot(store: Store) -> dict[str, State]:
    """Every record id (but conflicts) with its state in ``store``."""
    out = {
        t["id"]: ("deleted", t["rev"], t["updated_at"], t["version"]) for t in store.all("_deleted")
    }
    for table in TABLES:
        if table != "conflicts":
            out.update(
                {
                    r["id"]: ("live", r["rev"], r["updated_at"], r["version"])
                    for r in store.all(table)
                }
            )
    return out


def states(path: Path) -> dict[str, State]:
    with Store.open(path, ctx("reader", Clock(T0)), read_only=True) as store:
        return snapshot(store)


def referenced(path: Path) -> set[str]:
    """The ids that live records of ``path`` refer to."""
    found: set[str] = set()
    with Store.open(path, ctx("reader", Clock(T0)), read_only=True) as store:
        for table, fields in FIELDS.items():
            refs = [
                f for f in fields.values() if f.kind in ("ref", "refs") and table != "conflicts"
            ]
            for record in store.all(table) if refs else ():
                for f in refs:
                    value = record.get(f.name)
                    if f.kind == "ref" and value:
                        found.add(value)
                    elif f.kind == "refs":
                        found.update(value or ())
    return found


def expected_outcome(
    mine: State | None,
    theirs: State | None,
    saw_mine: set[tuple[str, str]],
    saw_theirs: set[tuple[str, str]],
) -> tuple[set[tuple[str, str] | None], bool]:
    """What the merge may leave for one record, from a model of the two copies' histories
    (every state each copy ever held, snapshotted after each edit): the possible
    (kind, rev) results, and whether a conflict must be listed."""
    a = None if mine is None else (mine[0], mine[1])
    b = None if theirs is None else (theirs[0], theirs[1])
    if b is None or a == b:
        return {a}, False
    if a is None:
        return {b}, False
    a_descends, b_descends = b in saw_mine, a in saw_theirs
    assert not (a_descends and b_descends)  # no merges in between: histories cannot cross
    if a_descends:
        return {a}, False
    if b_descends:
        return {b}, False
    if a[0] == b[0] == "deleted":
        return {a, b}, False
    if a[0] == "deleted":
        return {b}, True
    if b[0] == "deleted":
        return {a}, True
    assert mine is not None and theirs is not None
    newer = a if (mine[2], mine[3], mine[1]) > (theirs[2], theirs[3], theirs[1]) else b
    return {newer}, True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_merge_properties(edits: list[tuple[str, str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = folder / "a.json", folder / "b.json"
        build_base(a)
        shutil.copy(a, b)
        base = states(a)
        saw: dict[str, dict[str, set[tuple[str, str]]]] = {"a": {}, "b": {}}
        for side in "ab":
            for record_id, state in base.items():
                saw[side].setdefault(record_id, set()).add(state[:2])
        clock = Clock(T0)  # shared: the edits of both copies interleave in time
        with Store.open(a, ctx("alice", clock)) as sa, Store.open(b, ctx("bob", clock)) as sb:
            for side, op, n, m in edits:
                store = sa if side == "a" else sb
                apply_edit(store, op, n, m)
                for record_id, state in snapshot(store).items():
                    saw[side].setdefault(record_id, set()).add(state[:2])
        sa_state, sb_state = states(a), states(b)
        ab, ba = folder / "ab.json", folder / "ba.json"
        shutil.copy(a, ab)
        shutil.copy(b, ba)
        merge_clock = Clock(T0 + timedelta(days=1))
        with Store.open(ab, ctx("alice", merge_clock)) as store:
            first = merge_file(store, b)
            assert first.ok, first.problems
        event(f"conflicts listed: {min(len(first.conflicts), 3)}")
        event(f"deletions applied: {min(sum(first.deleted.values()), 3)}")
        if any("still used" in c.why for c in first.conflicts):
            event("a deletion overruled because the record is still used")
        with Store.open(ba, ctx("bob", merge_clock)) as store:
            merge_file(store, a)
        after_ab = records(ab)
        # idempotent: merging the same file again has nothing to do
        with Store.open(ab, ctx("alice", merge_clock)) as store:
            again = merge_file(store, b)
            assert again.ops == []
        assert records(ab) == after_ab
        # commutative: the same records (versions, revs, content) and the same conflicts
        assert records(ba) == after_ab
        assert conflicts(ab) == conflicts(ba)
        # every record as the model of the two histories says: nothing lost, every change
        # made on one side only kept, every double change kept or listed
        merged, listed, used = states(ab), conflicts(ab), referenced(ab)
        for record_id in set(sa_state) | set(sb_state):
            mine, theirs = sa_state.get(record_id), sb_state.get(record_id)
            allowed, conflict = expected_outcome(
                mine, theirs, saw["a"].get(record_id, set()), saw["b"].get(record_id, set())
            )
            got = merged.get(record_id)
            got = None if got is None else got[:2]
            if got not in allowed:
                # a deletion may lose only to a record that is still used (kept and listed)
                lives = {s[:2] for s in (mine, theirs) if s and s[0] == "live"}
                assert got in lives and record_id in used, (record_id, got, allowed)
                assert any(c[1] == record_id for c in listed)
                continue
            if conflict:
                revs = {mine[1], theirs[1]} if mine and theirs else set()
                assert any(c[1] == record_id and {c[2], c[3]} == revs for c in listed), record_id
        # nothing invented
        live_somewhere = {i for i, s in [*sa_state.items(), *sb_state.items()] if s[0] == "live"}
        assert {i for i, s in merged.items() if s[0] == "live"} <= live_somewhere
        assert check_file(ab).ok, check_file(ab).problems
