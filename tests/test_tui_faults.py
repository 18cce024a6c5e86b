"""The app under the data file's faults (issue 12): it says read-only and saves nothing; it
shows the store's notes (a save that never finished, set aside); a fold that cannot be done
at quit is said after the app has left the screen, and the saves are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import Faults
from helpers import build_company, context, screen_text, settle
from store_faults_helpers import journal, leave_saves_in_journal, snapshot

from rapport.store import Store
from rapport.store.records.ids import new_id
from rapport.tui.app import make_app
from rapport.tui.config import Config
from rapport.tui.modals.log_interaction import LogInteraction
from rapport.tui.screens.accounts import AccountsScreen


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def app_for(db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_app(db_path, context(), Config(path=tmp_path / "config.json"))


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_a_read_only_file_is_shown_read_only_and_nothing_is_saved(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    db_path.chmod(0o444)
    before = snapshot(db_path.parent)
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, 0.2)
        assert isinstance(app.screen, AccountsScreen)
        assert "READ-ONLY" in screen_text(app)
        assert any("is read-only" in m and "nothing can be saved" in m for m in messages(app))
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, LogInteraction)
        await pilot.press(*"a call", "ctrl+s")
        await settle(pilot)
        assert any("nothing was saved" in m for m in messages(app)), messages(app)
    assert snapshot(db_path.parent) == before


async def test_a_save_that_never_finished_is_set_aside_and_the_app_says_so(
    db_path: Path, tmp_path: Path, company: dict[str, str]
) -> None:
    leave_saves_in_journal(db_path, context(), 1)
    with open(journal(db_path), "ab") as handle:
        handle.write(b'{"tx":"' + new_id().encode())
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, 0.2)
        assert any("never finished" in m and ".journal-tail" in m for m in messages(app))


async def test_a_fold_that_cannot_be_done_at_quit_is_said_and_the_save_kept(
    db_path: Path, tmp_path: Path, company: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(db_path, tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("i", *"the last call", "ctrl+s")
        await settle(pilot)
        Faults(monkeypatch).read_only_folder(db_path.parent)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert "kept in its journal" in app.exit_message and "permission denied" in app.exit_message
    monkeypatch.undo()
    with Store.open(db_path, context(), read_only=True) as store:
        assert "the last call" in {r["summary"] for r in store.all("interactions")}
