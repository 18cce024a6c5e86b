"""The real ``rapport`` command in tmux at 80x24, in 256 and in 16 colours: a burst of keys
sent with one ``tmux send-keys`` lands where it was typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import build_company, context
from tmux import HAVE_TMUX, Tmux, rapport_command

from rapport.store import Store

pytestmark = pytest.mark.skipif(not HAVE_TMUX, reason="needs tmux")


@pytest.fixture
def terminal(cli_env: dict[str, str]) -> Iterator[Tmux]:
    session = Tmux(cli_env)
    yield session
    session.close()


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_a_burst_logs_a_call_with_its_summary(
    terminal: Tmux, db_path: Path, term: str, cli_env: dict[str, str]
) -> None:
    ids = build_company(db_path)
    terminal.start([*rapport_command(), "--db", str(db_path)], term=term)
    terminal.wait_for("Acme Corp")
    terminal.send("/", "beta", "Enter", "i", "Hello over SSH", "C-s")
    shown = terminal.wait_for("Logged: call")
    terminal.send("C-q")
    terminal.wait_until_done()
    with Store.open(db_path, context()) as store:
        summaries = [i["summary"] for i in store.for_account("interactions", ids["beta"])]
    assert "Hello over SSH" in summaries, shown
