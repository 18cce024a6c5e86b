"""The data file's promises that do not need several processes at once.

* A file that cannot be read is refused with a message naming the file and the problem, and
  it is left byte for byte as it was, with nothing written beside it.
* New files are readable by their owner only; a shared file stays shared.
* A torn last journal line is the remains of a save never reported done: it is ignored.
* A schema-0 file is migrated, its original kept in the backups folder.
* After ``close()`` the data file alone holds everything, as JSON any reader can load.
* A journal that does not belong to the data file is set aside, not dropped.
* The command line's exit codes and validation messages.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tinydb

from rapport.store import Context, Store, UnreadableFile, ValidationError
from rapport.store.actions.edits import create_account, log_interaction
from rapport.store.engine.backups import backup_dir, list_backups
from rapport.store.engine.migrate import SCHEMA

Cli = Callable[..., subprocess.CompletedProcess[str]]
TEXT: dict[str, Any] = {"capture_output": True, "text": True, "check": True}


# -- helpers ---------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under ``folder``: its bytes, mtime and mode (to prove nothing changed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            found[str(path.relative_to(folder))] = (
                path.read_bytes(),
                st.st_mtime_ns,
                stat.S_IMODE(st.st_mode),
            )
    return found


def sound_file(db_path: Path, ctx: Context) -> None:
    """A closed data file in Rapport's layout: an account (changed once, so the audit trail
    has a line), an interaction with a follow-up."""
    with Store.open(db_path, ctx) as store:
        account = create_account(store, {"name": "ACME", "owner": "tester"}).created("accounts")[0][
            "id"
        ]
        with store.transaction("edit") as tx:
            tx.update("accounts", account, {"tier": "key"}, expect=1)
        log_interaction(store, account, summary="first call", follow_up="2026-12-01")


def leave_journal(db_path: Path, cli_env: dict[str, str], saves: int) -> None:
    """Have another process make ``saves`` saves and die (kill -9) before it folds them in:
    the journal then holds them and the data file does not."""
    script = textwrap.dedent(
        f"""
        import sys
        from rapport.store import Store
        from rapport.store.actions.edits import log_interaction
        from rapport.store.records.names import find_account
        store = Store.open({str(db_path)!r})
        account = find_account(store, "ACME")["id"]
        for n in range({saves}):
            log_interaction(store, account, summary=f"call {{n}}")
        print("saved", flush=True)
        sys.stdin.read()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        env=cli_env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "saved\n"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
        if child.stdin:
            child.stdin.close()
        if child.stdout:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL


def as_json(record: object) -> object:
    """A record as plain JSON values (the store hands out read-only mappings and tuples)."""
    return json.loads(json.dumps(record, default=dict))


def journal_lines(db_path: Path) -> list[bytes]:
    return db_path.with_name(db_path.name + ".journal").read_bytes().splitlines(keepends=True)


def replace_once(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) >= 1, f"{old!r} not in {path}"
    path.write_bytes(data.replace(old, new, 1))


# -- unreadable files ------------------------------------------------------------------------

# Each damage builds a file in an empty folder and returns the words the message must hold.
Damage = Callable[[Path, Context, dict[str, str]], str]


def plain(text: bytes, problem: str) -> Damage:
    def make(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
        db_path.write_bytes(text)
        return problem

    return make


def bad_account_line(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    """A hand edit that broke one record's JSON (the file's structure is intact)."""
    sound_file(db_path, ctx)
    replace_once(db_path, b'"name":"ACME"', b'"name":"ACME')
    return "not valid JSON"


def bad_audit_line(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    """The same in a table Rapport keeps as text (the audit trail)."""
    sound_file(db_path, ctx)
    lines = db_path.read_bytes().split(b"\n")
    start = lines.index(b'"_audit":{')
    assert lines[start + 1].startswith(b'"')
    lines[start + 1] = lines[start + 1].replace(b'"op":"update"', b'"op":update"', 1)
    db_path.write_bytes(b"\n".join(lines))
    return "not valid JSON"


def string_record_line(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    """A record that is a string, in Rapport's own line layout."""
    sound_file(db_path, ctx)
    lines = db_path.read_bytes().split(b"\n")
    start = lines.index(b'"accounts":{')
    key = lines[start + 1].split(b":", 1)[0]
    lines[start + 1] = key + b':"ACME"'
    db_path.write_bytes(b"\n".join(lines))
    return "wrong shape"


def truncated_record_line(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    """A record line cut short right inside its id."""
    sound_file(db_path, ctx)
    lines = db_path.read_bytes().split(b"\n")
    start = lines.index(b'"accounts":{')
    lines[start + 1] = lines[start + 1][: lines[start + 1].index(b'{"id":"') + 9]
    db_path.write_bytes(b"\n".join(lines))
    return "not valid JSON"


def not_utf8_record_line(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    sound_file(db_path, ctx)
    replace_once(db_path, b'"owner":"tester"', b'"owner":"test\xffr"')
    return "UTF-8"


def newer_schema_lines(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    sound_file(db_path, ctx)
    replace_once(db_path, f'"schema":{SCHEMA},'.encode(), b'"schema":99,')
    return "schema 99"


def damaged_journal_line(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    sound_file(db_path, ctx)
    leave_journal(db_path, env, saves=3)
    journal = db_path.with_name(db_path.name + ".journal")
    lines = journal_lines(db_path)
    assert len(lines) == 4  # the header and three saves
    lines[2] = lines[2][: len(lines[2]) // 2] + b"\n"
    journal.write_bytes(b"".join(lines))
    return "damaged"


def damaged_journal_header(db_path: Path, ctx: Context, env: dict[str, str]) -> str:
    sound_file(db_path, ctx)
    leave_journal(db_path, env, saves=1)
    journal = db_path.with_name(db_path.name + ".journal")
    lines = journal_lines(db_path)
    lines[0] = b'{"journal":"x"' + b"\n"
    journal.write_bytes(b"".join(lines))
    return "journal header"


DAMAGES: dict[str, Damage] = {
    "bad-json": plain(b'{"accounts": {"1": {"name": "ACME", "owner": ', "not valid JSON"),
    "not-utf8": plain(b'{"accounts": {"1": {"name": "\xff\xfe"}}}', "UTF-8"),
    "list-not-tables": plain(b'[{"name": "ACME"}]', "wrong shape"),
    "table-is-list": plain(b'{"accounts": [{"name": "ACME", "owner": "x"}]}', "wrong shape"),
    "record-is-string": plain(b'{"accounts": {"1": "ACME"}}', "wrong shape"),
    "meta-is-list": plain(b'{"_rapport": [1], "accounts": {}}', "wrong shape"),
    "newer-schema": plain(b'{"_rapport": {"1": {"schema": 99}}, "accounts": {}}', "schema 99"),
    "empty": plain(b"", "empty"),
    "bad-record-line": bad_account_line,
    "bad-audit-line": bad_audit_line,
    "string-record-line": string_record_line,
    "truncated-record-line": truncated_record_line,
    "not-utf8-record-line": not_utf8_record_line,
    "newer-schema-lines": newer_schema_lines,
    "journal-damaged-line": damaged_journal_line,
    "journal-damaged-header": damaged_journal_header,
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_an_unreadable_file_is_refused_and_left_alone(
    damage: Damage, tmp_path: Path, ctx: Context, cli: Cli, cli_env: dict[str, str]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db_path = folder / "rapport.json"
    problem = damage(db_path, ctx, cli_env)
    names = {db_path.name, db_path.name + ".journal"}
    before = snapshot(folder)
    bad = db_path.with_name(db_path.name + ".journal") if "journal" in problem else db_path

    with pytest.raises(UnreadableFile) as opened:
        Store.open(db_path, ctx)
    assert str(bad) in str(opened.value) and problem in str(opened.value)
    with pytest.raises(UnreadableFile):
        Store.open(db_path, ctx, read_only=True)

    checked = cli("check", db=db_path)
    assert checked.returncode == 1, checked
    assert str(bad) in checked.stdout and problem in checked.stdout, checked.stdout
    assert "NOT sound" in checked.stdout

    logged = cli("log", "ACME", "--summary", "a call", db=db_path)
    assert logged.returncode == 1, logged
    assert logged.stdout == ""
    assert f"rapport: {bad}" in logged.stderr and problem in logged.stderr, logged.stderr
    assert "Traceback" not in logged.stderr

    after = snapshot(folder)
    assert after.keys() == before.keys(), "files were written beside an unreadable file"
    for name, (data, mtime, mode) in before.items():
        assert after[name] == (data, mtime, mode), f"{name} changed"
    if set(before) <= names:  # a file Rapport never opened: not even a lock file appears
        assert sorted(p.name for p in folder.iterdir()) == sorted(before)


def test_a_missing_file_is_not_created_by_log(db_path: Path, cli: Cli) -> None:
    db_path.parent.mkdir()
    logged = cli("log", "ACME", "--summary", "a call", db=db_path)
    assert logged.returncode == 1
    assert str(db_path) in logged.stderr and "does not exist" in logged.stderr
    assert list(db_path.parent.iterdir()) == []
    checked = cli("check", db=db_path)
    assert checked.returncode == 1 and "does not exist" in checked.stdout
    assert list(db_path.parent.iterdir()) == []


# -- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_new_files_are_for_their_owner_only(db_path: Path, ctx: Context, umask: int) -> None:
    old = os.umask(umask)
    try:
        with Store.open(db_path, ctx) as store:
            create_account(store, {"name": "ACME", "owner": "tester"})
            journal = db_path.with_name(db_path.name + ".journal")
            for path in (db_path, journal):
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            store.checkpoint()
            store.backup("test")
        for path in [db_path, journal, *list_backups(db_path)]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        for suffix in (".lock", ".users"):
            lock = db_path.with_name(db_path.name + suffix)
            assert stat.S_IMODE(lock.stat().st_mode) & 0o077 == 0, lock
        assert stat.S_IMODE(backup_dir(db_path).stat().st_mode) & 0o077 == 0
    finally:
        os.umask(old)


def test_a_shared_file_stays_shared(db_path: Path, ctx: Context) -> None:
    with Store.open(db_path, ctx):
        pass
    db_path.chmod(0o640)
    with Store.open(db_path, ctx) as store:
        create_account(store, {"name": "ACME", "owner": "tester"})
        store.checkpoint()
        journal = db_path.with_name(db_path.name + ".journal")
        assert stat.S_IMODE(journal.stat().st_mode) == 0o640
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o640


def test_a_checkpoint_clears_what_killed_checkpoints_left(db_path: Path, ctx: Context) -> None:
    """A checkpoint killed while writing leaves a hidden, whole-size temporary file; the
    next checkpoint removes those of dead processes, and only those."""
    with Store.open(db_path, ctx):
        pass
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    dead_pid = int(dead.stdout)
    folder = db_path.parent
    names = {
        f".{db_path.name}.{dead_pid}-0badcafe.tmp": False,  # a dead process's: removed
        f".{db_path.name}.journal.{dead_pid}-0badcafe.tmp": False,
        f".{db_path.name}.{os.getpid()}-12345678.tmp": True,  # a live one's: kept
        f".{db_path.name}.{dead_pid}-notes.txt": True,  # not ours
        f".other.json.{dead_pid}-0badcafe.tmp": True,
        f"{db_path.name}.{dead_pid}-0badcafe.tmp": True,
    }
    for name in names:
        (folder / name).write_bytes(b"half a file")
    with Store.open(db_path, ctx) as store:
        create_account(store, {"name": "ACME", "owner": "tester"})
        store.checkpoint()
        for name, kept in names.items():
            assert (folder / name).exists() == kept, name


# -- the journal's torn tail -----------------------------------------------------------------


def test_a_torn_last_journal_line_is_ignored_and_the_next_save_works(
    db_path: Path, ctx: Context, cli_env: dict[str, str], cli: Cli
) -> None:
    sound_file(db_path, ctx)
    leave_journal(db_path, cli_env, saves=2)
    journal = db_path.with_name(db_path.name + ".journal")
    whole = journal.read_bytes()
    last = journal_lines(db_path)[-1]
    torn = whole + last[: len(last) // 2].replace(b"call 1", b"call 9")  # no newline
    journal.write_bytes(torn)

    checked = cli("check", db=db_path)
    assert checked.returncode == 0, checked.stdout
    assert journal.read_bytes() == torn  # check reads only

    with Store.open(db_path, ctx) as store:
        summaries = sorted(r["summary"] for r in store.all("interactions"))
        assert summaries == ["call 0", "call 1", "first call"]
        account = next(iter(store.all("accounts")))["id"]
        log_interaction(store, account, summary="after the tear")
        assert journal.read_bytes().startswith(whole)
        assert journal.read_bytes().endswith(b"\n")
        assert b"call 9" not in journal.read_bytes()
        # a second instance reads the journal as the first wrote it
        with Store.open(db_path, ctx, read_only=True) as other:
            assert other.count("interactions") == 4
    with tinydb.TinyDB(db_path, access_mode="r") as db:
        summaries = sorted(d["summary"] for d in db.table("interactions").all())
    assert summaries == ["after the tear", "call 0", "call 1", "first call"]


# -- migration -------------------------------------------------------------------------------


def test_a_schema_0_file_is_migrated_with_a_byte_identical_backup(
    db_path: Path, ctx: Context, cli: Cli
) -> None:
    """Schema 0: a TinyDB file with Rapport's meta whose records have no envelope (written
    by hand or by a script). A TinyDB file without the meta is not Rapport's and is refused
    (tests/test_store_faults.py)."""
    db_path.parent.mkdir()
    with tinydb.TinyDB(db_path) as db:
        db.table("_rapport").insert({"schema": 0})
        db.table("accounts").insert_multiple(
            [
                {"name": "ACME", "owner": "ann"},
                {"name": "Globex", "owner": "bob", "tier": "key"},
            ]
        )
        db.table("notes_of_mine").insert({"text": "kept too"})
    original = db_path.read_bytes()
    original_mode = stat.S_IMODE(db_path.stat().st_mode)

    with Store.open(db_path, ctx) as store:
        accounts = sorted(store.all("accounts"), key=lambda r: r["name"])
        assert [(a["name"], a["owner"]) for a in accounts] == [("ACME", "ann"), ("Globex", "bob")]
        assert accounts[1]["tier"] == "key"
        for account in accounts:
            assert isinstance(account["id"], str) and account["id"]
            assert account["version"] == 1
            assert isinstance(account["rev"], str) and account["rev"]
        assert len({a["id"] for a in accounts}) == 2
        assert any("schema 0" in note for note in store.notes)
        ids = {a["name"]: a["id"] for a in accounts}
        # it can be changed like any Rapport file
        with store.transaction() as tx:
            tx.update("accounts", ids["ACME"], {"owner": "cy"}, expect=1)

    backups = list_backups(db_path)
    assert len(backups) == 1
    assert backups[0].read_bytes() == original
    # TinyDB made the file with the umask's mode: the backup, like the file, keeps it
    assert stat.S_IMODE(backups[0].stat().st_mode) == original_mode
    assert stat.S_IMODE(db_path.stat().st_mode) == original_mode

    with tinydb.TinyDB(db_path, access_mode="r") as db:
        docs = {d["name"]: d for d in db.table("accounts").all()}
        assert docs["ACME"]["owner"] == "cy" and docs["ACME"]["version"] == 2
        assert docs["Globex"]["id"] == ids["Globex"]
        assert db.table("notes_of_mine").all()[0]["text"] == "kept too"
        assert db.table("_rapport").get(doc_id=1)["schema"] >= 1

    checked = cli("check", db=db_path)
    assert checked.returncode == 0, checked.stdout
    assert str(backups[0]) in checked.stdout

    with Store.open(db_path, ctx) as store:  # migrated once only
        assert store.get("accounts", ids["ACME"])["owner"] == "cy"
        assert not store.notes
    assert list_backups(db_path) == backups


def test_any_table_name_survives_migration_and_checkpoints(db_path: Path, ctx: Context) -> None:
    """TinyDB allows any table name; the rewritten file must still be JSON that it reads."""
    names = ['we"ird\\name', "two\nlines", "ünïcødé", 'x":{', "_default"]
    db_path.parent.mkdir()
    with tinydb.TinyDB(db_path) as db:
        db.table("_rapport").insert({"schema": 0})
        for n, name in enumerate(names):
            db.table(name).insert({"n": n})
    for attempt in range(2):  # migrated, then opened in Rapport's layout
        with Store.open(db_path, ctx) as store:
            for n, name in enumerate(names):
                assert [r["n"] for r in store.all(name)] == [n], name
            create_account(store, {"name": f"ACME {attempt}", "owner": "tester"})
        with open(db_path, encoding="utf-8") as handle:
            json.load(handle)
        with tinydb.TinyDB(db_path, access_mode="r") as db:
            for n, name in enumerate(names):
                assert [d["n"] for d in db.table(name).all()] == [n], name


# -- checkpoints -----------------------------------------------------------------------------


def test_after_close_the_data_file_alone_holds_everything(
    db_path: Path, ctx: Context, tmp_path: Path
) -> None:
    with Store.open(db_path, ctx) as store:
        account = create_account(
            store, {"name": "ACME", "owner": "tester", "tags": ["a", "b"]}
        ).created("accounts")[0]["id"]
        for n in range(5):
            log_interaction(store, account, summary=f"call {n}", sentiment=n % 3 - 1)
        with store.transaction() as tx:
            tx.update("accounts", account, {"value": 1234.5}, expect=1)
        expected = {
            name: {r["id"]: as_json(r) for r in store.all(name)}
            for name in ("accounts", "interactions")
        }
    journal = db_path.with_name(db_path.name + ".journal")
    header, *rest = journal.read_bytes().splitlines()
    assert rest == [], "the journal was not folded into the data file"
    with open(db_path, encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["_rapport"]["1"]["gen"] == json.loads(header)["base"]

    alone = tmp_path / "alone" / "copy.json"  # the data file without its journal
    alone.parent.mkdir()
    alone.write_bytes(db_path.read_bytes())
    with Store.open(alone, ctx, read_only=True) as copy:
        for name, records in expected.items():
            assert {r["id"]: as_json(r) for r in copy.all(name)} == records
    assert len(expected["interactions"]) == 5
    for name, records in expected.items():
        assert {d["id"]: d for d in data[name].values()} == records


def test_a_journal_from_another_generation_is_set_aside_not_dropped(
    db_path: Path, ctx: Context, cli_env: dict[str, str], cli: Cli
) -> None:
    sound_file(db_path, ctx)
    leave_journal(db_path, cli_env, saves=2)
    journal = db_path.with_name(db_path.name + ".journal")
    stray = journal.read_bytes()
    with Store.open(db_path, ctx) as store:  # folds the two saves in: a new generation
        assert store.count("interactions") == 3
    assert list_backups(db_path) == []
    # the old journal comes back (copied back by hand, a sync tool, a restore)
    journal.write_bytes(stray)

    checked = cli("check", db=db_path)
    assert checked.returncode == 0

    with Store.open(db_path, ctx) as store:
        assert store.count("interactions") == 3
        assert any("set aside" in note for note in store.notes), store.notes
    kept = [p for p in list_backups(db_path) if p.name.endswith(".journal")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == stray
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    checked = cli("check", db=db_path)
    assert str(kept[0]) in checked.stdout


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def acme(db_path: Path, ctx: Context) -> Path:
    with Store.open(db_path, ctx) as store:
        create_account(store, {"name": "ACME", "owner": "tester"})
    return db_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--follow-up", "2026-02-30"], "follow_up: 2026-02-30 is not a date"),
        (["--date", "yesterday"], "date: yesterday is not a date"),
        (["--date", "2026-11-24"], "date: 2026-11-24 is after today (2026-11-23)"),
        (["--sentiment", "5"], "sentiment: 5 is not between -2 and 2"),
        (["--kind", "telegram"], "kind: telegram is not one of"),
        (["--promise", "a quote"], "promise_due: is required"),
        (
            ["--promise-due", "2026-13-01", "--promise", "x"],
            "promise_due: 2026-13-01 is not a date",
        ),
    ],
)
def test_refused_input_names_the_field_and_the_reason(
    acme: Path, cli: Cli, args: list[str], message: str
) -> None:
    before = snapshot(acme.parent)
    result = cli("log", "ACME", "--summary", "x", *args, db=acme)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert result.stdout == ""
    assert snapshot(acme.parent) == before


def test_several_wrong_fields_are_all_named(acme: Path, cli: Cli) -> None:
    result = cli(
        "log", "ACME", "--summary", "x", "--follow-up", "2026-02-30", "--sentiment", "9", db=acme
    )
    assert result.returncode == 1
    assert "follow_up: 2026-02-30 is not a date" in result.stderr
    assert "sentiment: 9 is not between -2 and 2" in result.stderr


def test_log_saves_and_prints_the_id(acme: Path, cli: Cli, ctx: Context) -> None:
    result = cli("log", "acme", "--summary", "renewal talk", "--follow-up", "2026-12-01", db=acme)
    assert result.returncode == 0, result.stderr
    new_id = result.stdout.strip()
    with Store.open(acme, ctx, read_only=True) as store:
        interaction = store.require("interactions", new_id)
        assert interaction["summary"] == "renewal talk"
        assert interaction["date"] == "2026-11-23"  # RAPPORT_TODAY
        assert interaction["staff"] == "tester"
        followups = list(store.all("followups"))
        assert [f["due"] for f in followups] == ["2026-12-01"]
        assert followups[0]["interaction"] == new_id


def test_an_unknown_account_is_refused_with_a_suggestion(acme: Path, cli: Cli) -> None:
    result = cli("log", "ACMA", "--summary", "x", db=acme)
    assert result.returncode == 1
    assert "'ACMA'" in result.stderr and "did you mean 'ACME'" in result.stderr


def test_usage_errors_exit_2(acme: Path, cli: Cli) -> None:
    before = snapshot(acme.parent)
    result = cli("log", "ACME", db=acme)
    assert result.returncode == 2
    assert "--summary" in result.stderr
    result = cli("log", "ACME", "--summary", "x", "--as-of", "someday", db=acme)
    assert result.returncode == 2
    result = cli("portfolio", "--top", "-1", db=acme)
    assert result.returncode == 2
    assert "--top: '-1' is too few: give 0 or more" in result.stderr
    result = cli("demo", "--accounts", "0", "--out", str(acme.parent / "demo.json"))
    assert result.returncode == 2
    assert "--accounts: '0' is too few: give 1 or more" in result.stderr
    assert snapshot(acme.parent) == before


def test_version(cli: Cli) -> None:
    import rapport

    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"rapport {rapport.__version__}"


def test_text_that_is_not_unicode_is_refused_by_name(
    acme: Path, cli_env: dict[str, str], ctx: Context
) -> None:
    """An argument holding bytes that are not UTF-8 reaches Python as lone surrogates; it
    cannot be written to the file, so it is refused like any other wrong field."""
    before = snapshot(acme.parent)
    argv = [sys.executable, "-m", "rapport", "--db", str(acme), "log", "ACME"]
    result = subprocess.run(
        [*argv, "--summary", b"caf\xe9 talk"], env=cli_env, capture_output=True, check=False
    )
    assert result.returncode == 1
    assert b"summary: " in result.stderr and b"UTF-8" in result.stderr, result.stderr
    assert b"Traceback" not in result.stderr
    assert snapshot(acme.parent) == before
    with Store.open(acme, ctx) as store:
        with pytest.raises(ValidationError) as raised, store.transaction() as tx:
            tx.create("accounts", {"name": "Caf\udce9", "owner": "x", "tags": ["\udcff"]})
        assert {e.field for e in raised.value.errors} == {"name", "tags"}
        assert store.count("accounts") == 1
