"""The store on PostgreSQL (issue 14) against the same model as the data file's store, and
what only a database has: its schema made on an empty database, a database of others'
tables left alone, permissions, and messages that name the problem (never the password).

The tests shared with the file (two users, conflicts, many processes, merging, the card)
run on both backends where they are (the ``target`` fixture in conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pg
import psycopg
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, rule
from test_store_model import StoreMachine, context

from rapport.store import ConflictError, NotSaved, Store, StoreError
from rapport.store.records.ids import is_id

Cli = Callable[..., subprocess.CompletedProcess[str]]


class PgStoreMachine(StoreMachine):
    """The model test of ``test_store_model.py`` on a database: the same rules and
    invariants; the file's checkpoints are nothing here, and what the data file alone must
    hold after the last close is what a new connection reads."""

    def __init__(self) -> None:
        RuleBasedStateMachine.__init__(self)
        self.url = pg.new_database()
        self.path = Path(self.url)  # never used as a file: the file's checks are replaced
        self.store = self.open("me")
        self.others: list[Store] = []
        self.live: dict[str, tuple[int, dict[str, Any]]] = {}
        self.last_version: dict[str, int] = {}
        self.undo = []

    def open(self, user: str, *, read_only: bool = False) -> Store:
        return pg.open_any(self.url, context(user), read_only=read_only)  # type: ignore[no-any-return]

    def check_tinydb(self, expected: dict[str, dict[str, Any]]) -> None:
        with pg.open_any(self.url, context("reader"), read_only=True) as view:
            assert self.snapshot(view) == expected

    @rule(how=__import__("hypothesis").strategies.sampled_from(["close", "checkpoint"]))
    def reopen(self, how: str) -> None:
        if how == "checkpoint":
            self.store.checkpoint()
            return
        self.close_all()
        self.store = self.open("me")
        self.undo = []

    def teardown(self) -> None:
        try:
            self.close_all()
            with pg.open_any(self.url, context("checker"), read_only=True) as view:
                assert view.count("accounts") == len(self.live)
        finally:
            pg.drop_database(self.url)


PgStoreMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("RAPPORT_PG_EXAMPLES", "25")),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    **(  # type: ignore[arg-type]
        {"phases": [Phase.explicit, Phase.reuse, Phase.generate]}
        if os.environ.get("NOSHRINK")
        else {}
    ),
)


def test_store_against_model_on_postgres(pg_server: str) -> None:
    PgStoreMachine.TestCase().runTest()


# -- the schema --------------------------------------------------------------------------


def test_an_empty_database_gets_the_schema_with_its_version(pg_url: str, ctx: Any) -> None:
    with pg.open_any(pg_url, ctx) as store:
        assert store.count("questionnaires") == 1  # the seed records, as a new file has
        assert store.meta["schema"] >= 2
    with psycopg.connect(pg_url) as conn:
        (meta,) = conn.execute("SELECT value FROM rapport_meta WHERE key = 'meta'").fetchone()
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
    assert meta["schema"] == store.meta["schema"] and meta["layout"] == 1
    assert tables == {"rapport_meta", "rapport_records", "rapport_saves"}


def test_a_database_holding_other_tables_is_left_alone(pg_url: str, ctx: Any) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(StoreError) as raised:
        pg.open_any(pg_url, ctx)
    assert "holds other tables (invoices)" in str(raised.value)
    with psycopg.connect(pg_url) as conn:
        names = [
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]
    assert names == ["invoices"]


def test_a_newer_schema_is_refused(pg_url: str, ctx: Any) -> None:
    pg.open_any(pg_url, ctx).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE rapport_meta SET value = jsonb_set(value, '{schema}', '99') WHERE key = 'meta'"
        )
    with pytest.raises(StoreError, match="newer Rapport"):
        pg.open_any(pg_url, ctx)


def test_hostile_text_is_stored_verbatim(pg_url: str, ctx: Any) -> None:
    name = "Robert'); DROP TABLE rapport_records;-- \x00 \x1b[2J [b]x[/b] \u202e"
    with pg.open_any(pg_url, ctx) as store, store.transaction() as tx:
        account = tx.create("accounts", {"name": name, "owner": "o'neil"})
    with pg.open_any(pg_url, ctx, read_only=True) as view:
        assert view.require("accounts", account)["name"] == name


# -- least privilege -----------------------------------------------------------------------


def _role(pg_url: str, name: str, grants: str) -> str:
    """A login role with ``grants`` on Rapport's tables; its URL (password in the URL)."""
    from urllib.parse import urlsplit, urlunsplit

    database = urlsplit(pg_url).path.strip("/")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {name}")
        conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'sekret-pw'")
        conn.execute(f"GRANT CONNECT ON DATABASE {database} TO {name}")
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {name}")
        if grants:
            conn.execute(f"GRANT {grants} ON ALL TABLES IN SCHEMA public TO {name}")

    parts = urlsplit(pg_url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{name}:sekret-pw@{host}", parts.path, parts.query, ""))


def test_the_readme_grants_are_enough_and_less_is_read_only(pg_url: str, ctx: Any) -> None:
    pg.open_any(pg_url, ctx).close()  # made by the owner
    writer = _role(pg_url, "rapport_app", "SELECT, INSERT, UPDATE, DELETE")
    with pg.open_any(writer, ctx) as store:
        assert not store.read_only
        with store.transaction() as tx:
            account = tx.create("accounts", {"name": "ACME", "owner": "ann"})
        with store.transaction() as tx:
            tx.update("accounts", account, {"tier": "key"}, expect=1)
        store.undo()
    reader = _role(pg_url, "rapport_viewer", "SELECT")
    with pg.open_any(reader, ctx) as view:
        assert view.read_only and "INSERT, UPDATE and DELETE" in (view.read_only_reason or "")
        assert view.require("accounts", account)["tier"] == "standard"
        with pytest.raises(NotSaved) as raised, view.transaction() as tx:
            tx.update("accounts", account, {"tier": "key"})
    assert "sekret-pw" not in str(raised.value)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP OWNED BY rapport_app, rapport_viewer")
        conn.execute("DROP ROLE rapport_app")
        conn.execute("DROP ROLE rapport_viewer")


# -- the command line: a URL is a database, and problems are messages ----------------------


def test_a_url_is_never_taken_for_a_path(pg_url: str, cli: Cli, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    done = cli("log", "--help")
    assert done.returncode == 0
    made = cli("import", "json", "-", db=pg_url)  # nothing on stdin: refused, no file made
    assert not any(p.name.startswith("postgres") for p in tmp_path.iterdir())
    assert "Traceback" not in made.stderr


def test_a_refused_connection_is_a_message(cli: Cli) -> None:
    done = cli("agenda", db="postgresql://ann:hunter22@127.0.0.1:1/crm")
    assert done.returncode == 1
    assert "cannot connect" in done.stderr and "Traceback" not in done.stderr
    assert "hunter22" not in done.stderr + done.stdout
    assert "postgresql://ann@127.0.0.1:1/crm" in done.stderr


def test_without_the_driver_the_message_says_what_to_install(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "psycopg.py").write_text("raise ImportError('no psycopg here')\n")
    env = {**cli_env, "PYTHONPATH": f"{blocker}{os.pathsep}{cli_env['PYTHONPATH']}"}
    env["RAPPORT_DB"] = "postgresql://rapport@db.example/crm"
    done = subprocess.run(
        [sys.executable, "-m", "rapport", "agenda"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert 'pip install "rapport[postgres]"' in done.stderr
    assert "Traceback" not in done.stderr


def test_a_connection_lost_between_saves_is_found_again(pg_url: str, ctx: Any) -> None:
    with pg.open_any(pg_url, ctx) as store:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'rapport' AND pid <> pg_backend_pid()"
            )
        with pytest.raises(StoreError) as raised:
            store.refresh()  # the loss is noticed and said, not a traceback
        assert "connection" in str(raised.value)
        with store.transaction() as tx:  # and the next save connects again
            tx.create("accounts", {"name": "ACME", "owner": "ann"})
    with pg.open_any(pg_url, ctx, read_only=True) as view:
        assert view.count("accounts") == 1


def test_conflict_names_both_versions(pg_url: str, ctx: Any) -> None:
    with pg.open_any(pg_url, ctx) as ann, pg.open_any(pg_url, context("bob")) as bob:
        with ann.transaction() as tx:
            account = tx.create("accounts", {"name": "ACME", "owner": "ann"})
        bob.refresh()
        with ann.transaction() as tx:
            tx.update("accounts", account, {"tier": "key"}, expect=1)
        with pytest.raises(ConflictError) as raised, bob.transaction() as tx:
            tx.update("accounts", account, {"tier": "growth"}, expect=1)
        assert raised.value.theirs is not None and raised.value.theirs["version"] == 2


# -- on both backends: the app sees others' saves; the card gives the same numbers ------------


async def test_a_save_elsewhere_shows_in_the_app(target: Path | str, ctx: Any, tmp_path: Path):
    from helpers import screen_text, settle

    from rapport.store.actions.edits import create_account
    from rapport.tui.app import make_app
    from rapport.tui.config import Config

    with pg.open_any(target, ctx) as store:
        create_account(store, {"name": "Acme Corp", "owner": "tester"})
    app = make_app(target, ctx, Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        while app.store is None:  # opening is a worker
            await settle(pilot, 0.05)
        await settle(pilot)
        assert "Acme Corp" in screen_text(app)
        assert "Zeta Zoo" not in screen_text(app)
        with pg.open_any(target, context("bob")) as other:  # another user, elsewhere
            create_account(other, {"name": "Zeta Zoo", "owner": "bob"})
        app._poll()  # what the app's timer does every second
        await settle(pilot)
        assert "Zeta Zoo" in screen_text(app)


def test_the_card_gives_the_same_numbers_in_a_file_and_on_the_server(
    pg_url: str, ctx: Any, tmp_path: Path, cli: Cli
) -> None:
    import json

    from loyalty_world import build_world

    path = tmp_path / "world.json"
    build_world(path, ctx, hostile=True)
    build_world(pg_url, ctx, hostile=True)
    cards: dict[str, list[Any]] = {}
    for where in (path, pg_url):
        with pg.open_any(where, ctx, read_only=True) as store:
            names = sorted(a["name"] for a in store.all("accounts"))
        shown = []
        for name in names:
            done = cli("card", name, "--format", "json", db=where)
            assert done.returncode == 0, done.stderr
            shown.append(json.loads(done.stdout))
        cards[str(where)] = shown
    on_file, on_server = cards.values()
    assert len(on_file) >= 4
    assert [_no_ids(c) for c in on_file] == [_no_ids(c) for c in on_server]


def _no_ids(value: Any) -> Any:
    """A card without the records' ids (each store made its own): the numbers and words."""
    if isinstance(value, dict):
        return {k: _no_ids(v) for k, v in value.items() if not (k == "id" or k.endswith("_id"))}
    if isinstance(value, list):
        return [_no_ids(v) for v in value]
    if isinstance(value, str) and is_id(value):
        return "(an id)"
    return value


def _cut_connections(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'rapport' AND pid <> pg_backend_pid()"
        )


def test_a_save_after_the_connection_was_cut_connects_again(pg_url: str, ctx: Any) -> None:
    with pg.open_any(pg_url, ctx) as store:
        _cut_connections(pg_url)  # a server restarted while the app sat idle
        with store.transaction() as tx:
            tx.create("accounts", {"name": "ACME", "owner": "ann"})
        assert store.count("accounts") == 1
    with pg.open_any(pg_url, ctx, read_only=True) as view:
        assert view.count("accounts") == 1


def test_a_connection_lost_as_a_save_commits_is_told_truthfully(
    pg_url: str, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit reached the server but its answer was lost: the save is kept and said so;
    lost before the commit: nothing was saved, and it says that."""
    from rapport.store.postgres import pgstore

    with pg.open_any(pg_url, ctx) as store:
        real = pgstore.PgStore._save

        def committed_then_lost(self: Any, *args: Any) -> Any:
            real(self, *args)
            _cut_connections(pg_url)
            raise psycopg.OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(pgstore.PgStore, "_save", committed_then_lost)
        with store.transaction() as tx:
            kept = tx.create("accounts", {"name": "Kept", "owner": "ann"})
        assert store.get("accounts", kept) is not None

        def lost_before(self: Any, conn: Any, ops: Any, label: str, tx: str, made: Any) -> Any:
            raise psycopg.OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(pgstore.PgStore, "_save", lost_before)
        with pytest.raises(NotSaved, match="nothing was saved"), store.transaction() as tx:
            tx.create("accounts", {"name": "Lost", "owner": "ann"})
    with pg.open_any(pg_url, ctx, read_only=True) as view:
        assert sorted(a["name"] for a in view.all("accounts")) == ["Kept"]
