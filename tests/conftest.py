"""Shared fixtures: every test gets its own data directory, config and a fixed "today"."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rapport.store import Context, Store

sys.path.insert(0, str(Path(__file__).parent))  # tests/helpers.py, importable as `helpers`

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def fixed_context(user: str = "tester", today: date = TODAY) -> Context:
    return Context(user=user, as_of=today, clock=lambda: NOW)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's files, and none depends on the real date."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("RAPPORT_USER", "tester")
    monkeypatch.setenv("RAPPORT_TODAY", TODAY.isoformat())
    # a journal past the threshold is folded by the closing process, not a detached one
    monkeypatch.setenv("RAPPORT_FOLD", "inline")
    for name in ("RAPPORT_DB", "RAPPORT_CONFIG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def ctx() -> Context:
    return fixed_context()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "rapport.json"


@pytest.fixture
def store(db_path: Path, ctx: Context) -> Iterator[Store]:
    opened = Store.open(db_path, ctx)
    yield opened
    opened.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run in which no test passed is not a pass (everything skipped or deselected)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if exitstatus == 0 and reporter is not None and not reporter.stats.get("passed"):
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.fixture(scope="session")
def rapport_pythonpath() -> str:
    """The folder holding the ``rapport`` package as imported (symlinks kept, not resolved),
    for subprocesses that run ``python -m rapport``; works for a checkout and an install."""
    import rapport

    return os.path.dirname(os.path.dirname(os.path.abspath(rapport.__file__)))


@pytest.fixture
def cli_env(rapport_pythonpath: str, isolated_env: Path) -> dict[str, str]:
    """The environment for a ``rapport`` subprocess: this test's isolated one."""
    env = dict(os.environ)
    env["PYTHONPATH"] = rapport_pythonpath
    return env


@pytest.fixture
def cli(cli_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``cli("log", "ACME", "--summary", "x", db=path)``: run ``python -m rapport``."""

    def run(*args: str, db: Path | str | None = None) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "rapport", *(["--db", str(db)] if db else []), *args]
        return subprocess.run(
            argv, env=cli_env, capture_output=True, text=True, timeout=120, check=False
        )

    return run


# -- the PostgreSQL backend (issue 14) -------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> str:
    """A PostgreSQL server for this test process (see tests/pg.py): its URL."""
    import pg

    return pg.base_url()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new, empty database of its own: its ``postgresql://`` URL."""
    import pg

    url = pg.new_database()
    yield url
    pg.drop_database(url)


BACKENDS = ("file", "postgres")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def target(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Where the store is, on each backend in turn: a data file's path, or a database's URL."""
    if backend == "file":
        return db_path
    return str(request.getfixturevalue("pg_url"))
