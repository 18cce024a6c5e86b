"""A big import, as the engine does it in bulk: the stored rows it repeats found through the
index's dates (per account, or in one pass), contacts read in one pass, the save's ids
looked up at once, its journal line written in pieces, the backup a copy of the file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from helpers import build_company

from rapport.store import Context, Store, StoreError
from rapport.store.actions.edits import log_interaction
from rapport.store.engine import journal as journal_module
from rapport.store.engine import mapped_table
from rapport.store.engine.backups import list_backups
from rapport.store.errors import NotSaved
from rapport.store.exchange import import_plan
from rapport.store.exchange.exporter import csv_text
from rapport.store.exchange.importer import import_csv
from rapport.store.records.ids import new_id
from rapport.store.records.validate import ValidationError

SUMMARIES = [f"call {n}" for n in range(12)]


def company_with_history(db_path: Path, ctx: Context) -> dict[str, str]:
    """The small company, with interactions on several days folded into the file and more
    saved since (in the journal only)."""
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        for n, summary in enumerate(SUMMARIES[:8]):
            account = ids["acme"] if n % 2 else ids["beta"]
            contacts = [ids["dana"]] if n % 2 else []
            day = f"2026-0{1 + n % 3}-1{n % 4}"
            log_interaction(store, account, summary=summary, on=day, contacts=contacts)
    # closed as the last process: folded, so those are read through the map
    with Store.open(db_path, ctx) as store:
        store.short_lived = True
        for n, summary in enumerate(SUMMARIES[8:], 8):
            log_interaction(store, ids["gamma"], summary=summary, on=f"2026-0{1 + n % 3}-1{n % 4}")
    return ids


def brute_force(store: Store, wanted: dict[str, set[str]]) -> set[str]:
    return {
        r["id"]
        for account, days in wanted.items()
        for r in store.for_account("interactions", account)
        if r["date"] in days
    }


@pytest.mark.parametrize("scan_over", [10**9, 0], ids=["one-pass", "per-account"])
def test_records_on_given_days_are_found_as_decoding_them_all_finds_them(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch, scan_over: int
) -> None:
    ids = company_with_history(db_path, ctx)
    monkeypatch.setattr(mapped_table, "_SCAN_OVER", scan_over)
    with Store.open(db_path, ctx) as store:
        assert isinstance(store.tables["interactions"], mapped_table.MappedTable)
        every = {a: {r["date"] for r in store.for_account("interactions", a)} for a in ids.values()}
        some = {a: set(sorted(days)[::2]) for a, days in every.items() if days}
        for wanted in (every, some, {ids["acme"]: {"1999-01-01"}}, {}):
            found = {r["id"] for r in store.dated("interactions", wanted)}
            assert found == brute_force(store, wanted)
        assert {r["id"] for r in store.dated("interactions", every)}, "nothing was looked for"
        # a record removed since the fold is not found any more
        gone = next(iter(store.dated("interactions", some)))
        with store.transaction() as tx:
            tx.delete("interactions", gone["id"])
        assert gone["id"] not in {r["id"] for r in store.dated("interactions", every)}


@pytest.mark.parametrize("many", [True, False], ids=["in-one-pass", "account-by-account"])
def test_importing_the_export_again_creates_nothing(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch, many: bool
) -> None:
    """The rows repeat stored interactions (in the file and in the journal) and name their
    contacts: found either way, so nothing is created twice."""
    company_with_history(db_path, ctx)
    monkeypatch.setattr(mapped_table, "_SCAN_OVER", 10**9 if many else 0)
    monkeypatch.setattr(import_plan, "PASS_OVER", 10**9 if many else 0)
    with Store.open(db_path, ctx) as store:
        count = store.count("interactions")
        plan = import_csv(store, "interactions", csv_text(store, "interactions"))
        assert plan.ok, plan.refused
        assert (plan.created, plan.updated) == (0, 0)
        assert plan.unchanged == count > len(SUMMARIES)
        assert not plan.written and store.count("interactions") == count


def test_a_big_save_is_refused_whole_when_one_of_its_ids_is_taken(
    db_path: Path, ctx: Context
) -> None:
    """The ids of 1,200 creates are looked up at once (several queries of the index): one
    that is taken refuses the save, and none of it is written."""
    ids = company_with_history(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        taken = next(iter(store.ids("interactions")))
        count, journal = store.count("interactions"), store.pending_bytes()
        fresh = [new_id() for _ in range(1_200)]
        with pytest.raises(StoreError, match="already exists"), store.transaction() as tx:
            for n, record_id in enumerate(fresh):
                tx.create(
                    "interactions",
                    {
                        "account": ids["acme"],
                        "date": "2026-01-02",
                        "staff": "tester",
                        "summary": f"bulk {n}",
                    },
                    id=taken if n == 700 else record_id,
                )
        assert store.count("interactions") == count and store.pending_bytes() == journal
        with (
            pytest.raises(ValidationError, match="no record in contacts"),
            store.transaction() as tx,
        ):
            for n, record_id in enumerate(fresh):
                contacts = ["zzzzzzzzzzzz"] if n == 900 else [ids["dana"]]
                tx.create(
                    "interactions",
                    {"account": ids["acme"], "date": "2026-01-02", "staff": "tester",
                     "summary": f"bulk {n}", "contacts": contacts},
                    id=record_id,
                )  # fmt: skip
        assert store.count("interactions") == count and store.pending_bytes() == journal
        with store.transaction() as tx:
            for n, record_id in enumerate(fresh):
                tx.create(
                    "interactions",
                    {
                        "account": ids["acme"],
                        "date": "2026-01-02",
                        "staff": "tester",
                        "summary": f"bulk {n}",
                    },
                    id=record_id,
                )
        assert store.count("interactions") == count + len(fresh)
        assert store.get("interactions", fresh[-1])["summary"] == "bulk 1199"
    with Store.open(db_path, ctx) as again:  # and another process reads them all back
        assert again.count("interactions") == count + len(fresh)
        assert len(again.for_account("interactions", ids["acme"])) >= len(fresh)


def test_a_deleted_record_created_again_in_a_big_save_takes_its_next_version(
    db_path: Path, ctx: Context
) -> None:
    ids = company_with_history(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        victim = store.for_account("interactions", ids["beta"])[0]
        with store.transaction() as tx:
            tx.delete("interactions", victim["id"], expect=victim["version"])
        with store.transaction() as tx:
            for n in range(600):
                tx.create(
                    "interactions",
                    {
                        "account": ids["beta"],
                        "date": "2026-01-03",
                        "staff": "tester",
                        "summary": f"again {n}",
                    },
                    id=victim["id"] if n == 599 else None,
                )
        back = store.get("interactions", victim["id"])
        assert back is not None and back["version"] == victim["version"] + 2
        assert store.get("_deleted", victim["id"]) is None


def test_a_journal_line_is_written_in_pieces_and_read_back_whole(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_company(db_path, ctx)
    monkeypatch.setattr(journal_module, "_PIECES", 300)  # a piece holds a record or two
    with Store.open(db_path, ctx) as store:
        with store.transaction() as tx:
            for n in range(40):
                tx.create(
                    "interactions",
                    {
                        "account": ids["muller"],
                        "date": "2026-01-04",
                        "staff": "tester",
                        "summary": f"Grüße {n}",
                    },
                )
        mine = {r["id"]: dict(r) for r in store.for_account("interactions", ids["muller"])}
    with Store.open(db_path, ctx, read_only=True) as other:
        theirs = {r["id"]: dict(r) for r in other.for_account("interactions", ids["muller"])}
    assert theirs == mine and len(mine) >= 40


def test_a_disk_full_midway_through_a_big_line_leaves_nothing_of_it(
    db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_company(db_path, ctx)
    journal = db_path.with_name(db_path.name + ".journal")
    monkeypatch.setattr(journal_module, "_PIECES", 300)
    with Store.open(db_path, ctx) as store:
        count, before = store.count("interactions"), journal.read_bytes()
        real = os.pwrite
        written: list[int] = []

        def pwrite(fd: int, data: bytes, offset: int) -> int:
            if len(written) == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written.append(len(data))
            return real(fd, data, offset)

        monkeypatch.setattr(os, "pwrite", pwrite)
        with pytest.raises(NotSaved, match="could not be written"), store.transaction() as tx:
            for n in range(40):
                tx.create(
                    "interactions",
                    {
                        "account": ids["acme"],
                        "date": "2026-01-04",
                        "staff": "tester",
                        "summary": f"lost {n}",
                    },
                )
        monkeypatch.setattr(os, "pwrite", real)
        assert len(written) == 3, "the line was not written in pieces"
        assert journal.read_bytes() == before, "part of a refused save was left in the journal"
        assert store.count("interactions") == count
    with Store.open(db_path, ctx, read_only=True) as other:
        assert other.count("interactions") == count


def records(path: Path, ctx: Context) -> dict[str, dict[str, dict[str, object]]]:
    with Store.open(path, ctx, read_only=True) as store:
        return {t: {r["id"]: dict(r) for r in store.all(t)} for t in ("accounts", "interactions")}


ROWS = "account,date,kind,staff,summary\r\nAcme Corp,2026-02-01,call,tester,a new one\r\n"


def test_the_backup_of_a_file_just_folded_is_a_copy_of_it(db_path: Path, ctx: Context) -> None:
    build_company(db_path, ctx)  # closed as the last process: folded
    before = db_path.read_bytes()
    expected = records(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        assert store.pending_bytes() == 0
        plan = import_csv(store, "interactions", ROWS)
        assert plan.written and plan.backup
    assert Path(plan.backup).read_bytes() == before
    assert records(Path(plan.backup), ctx) == expected


def test_the_backup_holds_the_saves_not_yet_folded_into_the_file(
    db_path: Path, ctx: Context
) -> None:
    ids = build_company(db_path, ctx)
    with Store.open(db_path, ctx) as store:
        store.short_lived = True
        log_interaction(store, ids["gamma"], summary="only in the journal")
    expected = records(db_path, ctx)
    assert "only in the journal" in {r["summary"] for r in expected["interactions"].values()}
    with Store.open(db_path, ctx) as store:
        assert store.pending_bytes() > 0
        plan = import_csv(store, "interactions", ROWS)
        assert plan.written and plan.backup
    assert records(Path(plan.backup), ctx) == expected
    assert [p.suffix for p in list_backups(db_path)].count(".json") == 1
