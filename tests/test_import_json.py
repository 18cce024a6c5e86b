"""``rapport import json FILE``: what ``rapport export --format json`` writes comes back,
every record type with it, matched by id and then by natural key, never twice; what it
cannot take is refused by record, named, with the reason."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.cli import main
from rapport.store import Context, Store
from rapport.store.actions import create_account, log_interaction, save_record
from rapport.store.actions.survey_kit import issue_codes
from rapport.store.actions.surveys import open_wave
from rapport.store.demo import write_demo
from rapport.store.exchange.exporter import export_json
from rapport.store.exchange.json_import import import_json
from rapport.store.records.schema import SETTINGS_ID, TABLES


def at(user: str, when: datetime) -> Context:
    return Context(user=user, as_of=date(2026, 11, 23), clock=lambda: when)


EXPORTER = at("exporter", datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
LATER = at("importer", datetime(2026, 12, 1, 8, 0, tzinfo=UTC))


def exported(path: Path, ctx: Context = EXPORTER) -> str:
    with Store.open(path, ctx, read_only=True) as store:
        out = io.StringIO()
        export_json(store, out)
        return out.getvalue()


def tables(text: str) -> dict[str, Any]:
    return json.loads(text)["tables"]


def edited(text: str, table: str, record_id: str, **changes: Any) -> str:
    document = json.loads(text)
    for record in document["tables"][table]:
        if record["id"] == record_id:
            record.update(changes)
    return json.dumps(document, ensure_ascii=False)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    write_demo(path, 6, 11, EXPORTER)
    with Store.open(path, EXPORTER) as store:  # settings changed: not the defaults any more
        save_record(store, "settings", {"values": {"bands": {"strong": 75}}}, record_id=SETTINGS_ID)
        newest = max(store.all("waves"), key=lambda w: w["date"])
        issue_codes(store, newest["name"])  # a survey kit's response codes travel too
    return path


def test_export_import_into_an_empty_file_export_gives_the_same_records(
    demo_file: Path, tmp_path: Path
) -> None:
    text = exported(demo_file)
    assert all(tables(text)[t] for t in TABLES if t != "conflicts"), "every kind of record"
    target = tmp_path / "empty.json"
    with Store.open(target, LATER, create=True) as store:
        plan = import_json(store, text, source="demo.json")
        assert plan.ok and plan.written, plan.refused
        assert plan.created == sum(len(v) for v in tables(text).values()) - 1  # settings
    assert tables(exported(target)) == tables(text)


def test_importing_the_same_file_again_changes_nothing(demo_file: Path, tmp_path: Path) -> None:
    text = exported(demo_file)
    target = tmp_path / "b.json"
    with Store.open(target, LATER, create=True) as store:
        import_json(store, text)
        counts = {t: store.count(t) for t in TABLES}
        again = import_json(store, text)
        assert (again.created, again.updated, again.refused, again.written) == (0, 0, [], False)
        assert again.unchanged == again.rows
        assert {t: store.count(t) for t in TABLES} == counts
    again_into_itself = tmp_path / "itself.json"
    again_into_itself.write_bytes(demo_file.read_bytes())
    with Store.open(again_into_itself, LATER) as store:
        plan = import_json(store, text)
        assert (plan.created, plan.updated, plan.ok) == (0, 0, True)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), accounts=st.integers(1, 4))
def test_any_demo_company_comes_back_the_same_through_json(seed: int, accounts: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "a.json", Path(tmp) / "b.json"
        write_demo(source, accounts, seed, EXPORTER)
        text = exported(source)
        with Store.open(target, LATER, create=True) as store:
            plan = import_json(store, text)
            assert plan.ok, plan.refused
            assert import_json(store, text).ops == []
        assert tables(exported(target)) == tables(text)


def test_records_made_separately_match_by_natural_key_and_are_not_doubled(
    tmp_path: Path,
) -> None:
    laptop, office = tmp_path / "laptop.json", tmp_path / "office.json"
    for path, ctx in ((laptop, EXPORTER), (office, LATER)):
        with Store.open(path, ctx) as store:
            acme = create_account(store, {"name": "Acme Corp", "owner": "tester"})
            acme_id = acme.created("accounts")[0]["id"]
            with store.transaction() as tx:
                tx.create("contacts", {"account": acme_id, "name": "Dana", "email": "d@a.example"})
            log_interaction(store, acme_id, summary="Kick-off", on="2026-11-02", staff="tester")
            open_wave(store, "Autumn 2026", "2026-11-01")
    with Store.open(laptop, EXPORTER) as store:
        acme_id = next(iter(store.all("accounts")))["id"]
        log_interaction(store, acme_id, summary="Only on the laptop", on="2026-11-20")
        with store.transaction() as tx:
            tx.create("contacts", {"account": acme_id, "name": "Eli", "email": "e@a.example"})
    text = exported(laptop)
    with Store.open(office, LATER) as store:
        office_acme = next(iter(store.all("accounts")))["id"]
        plan = import_json(store, text)
        assert plan.ok, plan.refused
        assert store.count("accounts") == 1 and store.count("waves") == 1
        assert store.count("questionnaires") == 1
        summaries = sorted(i["summary"] for i in store.all("interactions"))
        assert summaries == ["Kick-off", "Only on the laptop"]
        assert {i["account"] for i in store.all("interactions")} == {office_acme}
        assert sorted(c["name"] for c in store.all("contacts")) == ["Dana", "Eli"]
        assert {c["account"] for c in store.all("contacts")} == {office_acme}
        assert import_json(store, text).ops == [], "and again: nothing to do"


def test_what_cannot_be_taken_is_refused_by_record_named_and_why(
    demo_file: Path, tmp_path: Path
) -> None:
    text = exported(demo_file)
    records = tables(text)
    broken = records["accounts"][0]
    lines = text.split("\n")
    line = next(n for n, x in enumerate(lines, 1) if x.startswith(f'{{"id":"{broken["id"]}"'))
    lines[line - 1] = lines[line - 1].replace(
        f'"owner":{json.dumps(broken["owner"])}', '"owner":"","colour":"red"'
    )
    text = "\n".join(lines)
    target = tmp_path / "as-exported.json"
    with Store.open(target, LATER, create=True) as store:
        (problem, *_) = [str(r) for r in import_json(store, text, dry_run=True).refused]
        assert problem == (
            f"line {line}, account {broken['id']} ({broken['name']}): "
            "colour: is not a field of accounts; owner: is required"
        )
    document = json.loads(text)
    document["tables"]["contacts"].append(
        {**document["tables"]["contacts"][0], "id": "zzzzzzzzzzzz", "account": "0000000000zz"}
    )
    document["tables"]["gadgets"] = [{"id": "111111111111"}]
    text = json.dumps(document, ensure_ascii=False)
    target = tmp_path / "b.json"
    with Store.open(target, LATER, create=True) as store:
        plan = import_json(store, text)
        problems = [str(r) for r in plan.refused]
        assert f"account {broken['id']} ({broken['name']}): colour: is not a field" in problems[0]
        dependents = [p for p in problems if f"its account {broken['id']} was refused" in p]
        assert dependents, "what belongs to a refused account is refused with it, saying so"
        assert any("contact zzzzzzzzzzzz" in p and "no account 0000000000zz" in p for p in problems)
        assert any(p.startswith("gadgets: is not a table of Rapport") for p in problems)
        assert plan.written, "the rest is saved"
        assert store.get("accounts", broken["id"]) is None
        assert store.count("accounts") == len(records["accounts"]) - 1


def test_settings_that_are_not_sound_and_a_changed_questionnaire_version_are_refused(
    tmp_path: Path,
) -> None:
    source, target = tmp_path / "a.json", tmp_path / "b.json"
    with Store.open(source, EXPORTER) as store:
        q = next(iter(store.all("questionnaires")))
        statements = [dict(s) for s in q["statements"]]
        statements[0]["text"] = "Another statement altogether."
        with store.transaction() as tx:
            tx.update("questionnaires", q["id"], {"statements": statements})
    with Store.open(target, LATER, create=True) as store:
        open_wave(store, "Spring 2026", "2026-04-01")  # uses this file's version 1
    text = exported(source)
    text = edited(text, "settings", SETTINGS_ID, values={"bands": {"strong": 120}})
    with Store.open(target, LATER) as store:
        plan = import_json(store, text)
        problems = [str(r) for r in plan.refused]
        assert any("settings" in p and "bands.strong" in p for p in problems), problems
        assert any(
            "questionnaire version 1 here is different and used by survey waves" in p
            for p in problems
        ), problems


def test_a_record_changed_here_after_the_export_is_kept(demo_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.json"
    target.write_bytes(demo_file.read_bytes())
    text = exported(demo_file)
    account = tables(text)["accounts"][0]
    with Store.open(target, LATER) as store:
        save_record(store, "accounts", {"region": "Changed here"}, record_id=account["id"])
        plan = import_json(store, text)
        assert plan.updated == 0
        assert any("changed here after the export: kept" in n for n in plan.notes)
        assert store.require("accounts", account["id"])["region"] == "Changed here"
    newer = edited(
        text,
        "accounts",
        account["id"],
        region="Newer in the file",
        updated_at="2027-01-01T00:00:00Z",
    )
    with Store.open(target, LATER) as store:
        plan = import_json(store, newer)
        assert plan.updated == 1
        assert store.require("accounts", account["id"])["region"] == "Newer in the file"


def test_the_command_reports_a_dry_run_and_refuses_a_file_that_is_not_an_export(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path
) -> None:
    export = tmp_path / "all.json"
    assert main(["export", "--db", str(demo_file), "--format", "json", "--out", str(export)]) == 0
    target = tmp_path / "b.json"
    capsys.readouterr()
    assert main(["import", "json", str(export), "--db", str(target), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would create" in out and "records" in out and "created: accounts 6," in out
    assert not target.exists(), "a dry run writes nothing"
    assert main(["import", "json", str(export), "--db", str(target)]) == 0
    assert "saved in one step" in capsys.readouterr().out
    with Store.open(target, LATER, read_only=True) as store:
        assert store.count("accounts") == 6
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text("name,owner\r\nAcme,tester\r\n", encoding="utf-8")
    assert main(["import", "json", str(csv_file), "--db", str(target)]) == 1
    assert "is not JSON" in capsys.readouterr().out
