"""Several processes, and several instances in one process, sharing one data file.

* Many `rapport log` processes at once: no save overwrites another's.
* A save made elsewhere appears after ``refresh()``; two edits of one record from stale
  copies: the second is refused as a conflict that names both versions, nothing lost.
* A save made while another process holds the write lock waits, then succeeds.
* Readers opening the file while others write and fold the journal in always see a sound,
  complete file.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import tinydb
from pg import open_any

import rapport.store.engine.lock as lock_module
from rapport.store import ConflictError, Context, Store
from rapport.store.actions.edits import create_account as create_account_changes

Cli = Callable[..., subprocess.CompletedProcess[str]]

STREAMS = 4
PER_STREAM = {"file": 50, "postgres": 25}


def create_account(store: Store, data: dict[str, str]) -> str:
    """Create an account (with its first stage); return its id."""
    return str(create_account_changes(store, data).created("accounts")[0]["id"])


@pytest.fixture
def acme(target: Path | str, ctx: Context) -> Path | str:
    with open_any(target, ctx) as store:
        create_account(store, {"name": "ACME", "owner": "tester"})
    return target


@pytest.fixture
def acme_file(db_path: Path, ctx: Context) -> Path:
    with Store.open(db_path, ctx) as store:
        create_account(store, {"name": "ACME", "owner": "tester"})
    return db_path


@pytest.mark.slow
def test_many_processes_logging_at_once_lose_nothing(
    acme: Path | str, cli: Cli, ctx: Context, backend: str
) -> None:
    """4 streams x 50 `rapport log` processes (25 on PostgreSQL), the streams at once,
    each save its own process (each opens, saves and closes; on a file a short command
    only appends to the journal)."""
    results: dict[str, subprocess.CompletedProcess[str]] = {}
    failures: list[BaseException] = []

    def stream(number: int) -> None:
        try:
            for n in range(PER_STREAM[backend]):
                summary = f"stream {number} call {n}"
                results[summary] = cli("log", "ACME", "--summary", summary, db=acme)
        except BaseException as e:  # pragma: no cover - reported below
            failures.append(e)

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(STREAMS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    refused = {s: r.stderr for s, r in results.items() if r.returncode != 0}
    assert not refused
    ids = {summary: r.stdout.strip() for summary, r in results.items()}
    assert len(ids) == STREAMS * PER_STREAM[backend]
    assert len(set(ids.values())) == STREAMS * PER_STREAM[backend]

    with open_any(acme, ctx, read_only=True) as store:
        saved = {r["id"]: r["summary"] for r in store.all("interactions")}
    assert saved == {i: s for s, i in ids.items()}
    if not isinstance(acme, Path):
        return

    checked = cli("check", db=acme)
    assert checked.returncode == 0, checked.stdout

    # a short command only appends: the data file was not rewritten by any of them
    journal = acme.with_name(acme.name + ".journal")
    assert len(journal.read_bytes().splitlines()) == 1 + STREAMS * PER_STREAM[backend]
    # folded: the data file alone holds all of them, as TinyDB reads it
    folded = cli("fold", db=acme)
    assert folded.returncode == 0, folded.stderr
    assert len(journal.read_bytes().splitlines()) == 1
    with tinydb.TinyDB(acme, access_mode="r") as db:
        docs = db.table("interactions").all()
    assert len(docs) == STREAMS * PER_STREAM[backend]
    assert sorted(d["summary"] for d in docs) == sorted(ids)


# -- two users in one process ----------------------------------------------------------------


@pytest.fixture
def two(target: Path | str) -> Iterator[tuple[Store, Store]]:
    ann = open_any(target, Context(user="ann"))
    bob = open_any(target, Context(user="bob"))
    yield ann, bob
    ann.close()
    bob.close()


def test_a_save_by_one_is_seen_by_the_other_after_refresh(two: tuple[Store, Store]) -> None:
    ann, bob = two
    assert not bob.refresh()  # nothing happened
    account = create_account(ann, {"name": "ACME", "owner": "ann"})
    touched = bob.refresh()
    assert "accounts" in touched.tables and account in touched.accounts
    assert bob.require("accounts", account)["name"] == "ACME"
    assert bob.require("accounts", account)["updated_by"] == "ann"
    # and after a checkpoint by the first (the data file replaced, a new journal)
    with ann.transaction() as tx:
        tx.update("accounts", account, {"tier": "key"}, expect=1)
    ann.checkpoint()
    with ann.transaction() as tx:
        tx.update("accounts", account, {"region": "North"}, expect=2)
    touched = bob.refresh()
    assert touched.everything or "accounts" in touched.tables
    record = bob.require("accounts", account)
    assert (record["version"], record["tier"], record["region"]) == (3, "key", "North")


def test_two_edits_from_stale_copies_conflict_and_nothing_is_overwritten(
    two: tuple[Store, Store], target: Path | str
) -> None:
    ann, bob = two
    account = create_account(ann, {"name": "ACME", "owner": "ann"})
    bob.refresh()
    ann_copy = ann.require("accounts", account)
    bob_copy = bob.require("accounts", account)
    assert ann_copy["version"] == bob_copy["version"] == 1

    with ann.transaction() as tx:
        tx.update("accounts", account, {"owner": "ann", "notes": "ann's"}, expect=1)
    with pytest.raises(ConflictError) as raised, bob.transaction() as tx:
        tx.update("accounts", account, {"notes": "bob's"}, expect=bob_copy["version"])
    conflict = raised.value
    assert conflict.expected == 1
    assert conflict.theirs is not None
    assert conflict.theirs["version"] == 2 and conflict.theirs["notes"] == "ann's"
    assert conflict.theirs["updated_by"] == "ann"
    assert conflict.mine is not None and conflict.mine["notes"] == "bob's"
    assert "version 2" in str(conflict) and "version 1" in str(conflict)

    for store in (ann, bob):
        store.refresh()
        assert store.require("accounts", account)["notes"] == "ann's"
        assert store.require("accounts", account)["version"] == 2
    with open_any(target, Context(user="reader"), read_only=True) as view:
        assert view.require("accounts", account)["notes"] == "ann's"

    # a delete from a stale copy is refused the same way; so is an edit of a deleted record
    with pytest.raises(ConflictError), bob.transaction() as tx:
        tx.delete("accounts", account, expect=1)
    with ann.transaction() as tx:
        tx.delete("accounts", account, expect=2)
    with pytest.raises(ConflictError) as raised, bob.transaction() as tx:
        tx.update("accounts", account, {"notes": "too late"}, expect=2)
    assert raised.value.theirs is None
    assert bob.get("accounts", account) is None


def test_transactions_are_all_or_nothing_under_conflict(two: tuple[Store, Store]) -> None:
    ann, bob = two
    first = create_account(ann, {"name": "ACME", "owner": "ann"})
    second = create_account(ann, {"name": "Globex", "owner": "ann"})
    bob.refresh()
    with ann.transaction() as tx:
        tx.update("accounts", second, {"tier": "key"}, expect=1)
    count = bob.count("accounts")
    with pytest.raises(ConflictError), bob.transaction() as tx:
        tx.update("accounts", first, {"tier": "growth"}, expect=1)  # fine alone
        tx.create("accounts", {"name": "Initech", "owner": "bob"})
        tx.update("accounts", second, {"tier": "growth"}, expect=1)  # stale
    ann.refresh()
    for store in (ann, bob):
        assert store.require("accounts", first)["version"] == 1
        assert store.require("accounts", second)["tier"] == "key"
        assert store.count("accounts") == count


def test_the_last_to_close_folds_in_what_the_others_saved(db_path: Path) -> None:
    """The last instance to close folds the journal in even if it saved nothing itself
    and never looked at what the others saved."""
    reader = Store.open(db_path, Context(user="reader"))
    with Store.open(db_path, Context(user="ann")) as ann:
        account = create_account(ann, {"name": "ACME", "owner": "ann"})
    journal = db_path.with_name(db_path.name + ".journal")
    assert len(journal.read_bytes().splitlines()) > 1  # ann was not the last: not folded
    reader.close()
    assert len(journal.read_bytes().splitlines()) == 1
    with tinydb.TinyDB(db_path, access_mode="r") as db:
        assert [d["id"] for d in db.table("accounts").all()] == [account]


# -- the write lock --------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.readline()  # hold it until told
    fcntl.flock(fd, fcntl.LOCK_UN)
    print("released", flush=True)
    """
)


def test_a_save_waits_while_another_process_holds_the_lock(
    db_path: Path, ctx: Context, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_path, ctx)
    refused = threading.Event()
    real_try_lock = lock_module._try_lock

    def try_lock(fd: int, shared: bool = False) -> bool:
        got = real_try_lock(fd, shared)
        if not got and not shared:
            refused.set()  # the save found the lock taken and is waiting
        return got

    monkeypatch.setattr(lock_module, "_try_lock", try_lock)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path.with_name(db_path.name + ".lock"))],
        env=cli_env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    saved: list[str] = []
    errors: list[BaseException] = []

    def save() -> None:
        try:
            saved.append(create_account(store, {"name": "ACME", "owner": "tester"}))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    try:
        assert holder.stdout.readline() == "locked\n"
        saver = threading.Thread(target=save)
        saver.start()
        assert refused.wait(timeout=60), "the save never tried the lock"
        # it is waiting: nothing was written while the other process holds the lock
        assert saver.is_alive()
        assert saved == []
        journal = db_path.with_name(db_path.name + ".journal")
        assert b"ACME" not in journal.read_bytes()
        holder.stdin.write("go\n")
        holder.stdin.flush()
        saver.join(timeout=60)
        assert not saver.is_alive()
        assert errors == [] and len(saved) == 1
        assert holder.stdout.readline() == "released\n"
        assert b"ACME" in journal.read_bytes()
    finally:
        holder.stdin.close()
        holder.wait()
        holder.stdout.close()
        store.close()
    with Store.open(db_path, ctx, read_only=True) as view:
        assert view.require("accounts", saved[0])["name"] == "ACME"


# -- readers while others write --------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from rapport.store import Store
    from rapport.store.actions.edits import log_interaction
    from rapport.store.records.names import find_account
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for n in range(count):
        with Store.open(path) as store:  # every close of the last one folds the journal in
            account = find_account(store, "ACME")["id"]
            log_interaction(store, account, summary=f"{name} {n}")
            if n % 3 == 0:
                store.checkpoint()
    """
)


@pytest.mark.slow
def test_readers_see_a_sound_complete_file_while_others_write(
    acme_file: Path, ctx: Context, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Read-only opens (what `rapport check` does) race with saves and checkpoints:
    each must succeed and see every save that was done before it began."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(acme_file), f"w{n}", "60"],
            env=cli_env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    reads, seen = 0, 0
    try:
        while any(w.poll() is None for w in writers):
            with Store.open(acme_file, ctx, read_only=True) as view:
                count = view.count("interactions")
            assert count >= seen, f"a reader saw {count} interactions after one saw {seen}"
            seen = count
            reads += 1
    finally:
        outcomes = [(w.wait(), w.stderr.read() if w.stderr else "") for w in writers]
        for w in writers:
            if w.stderr:
                w.stderr.close()
    assert outcomes == [(0, ""), (0, "")]
    with Store.open(acme_file, ctx, read_only=True) as view:
        assert view.count("interactions") == 120
    assert reads > 10
