"""Helpers for the data file's fault tests (issue 12)."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from rapport.cli import main
from rapport.store import Context, Store
from rapport.store.actions.edits import create_account, log_interaction


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (links as links): its bytes and mode, to prove nothing changed."""
    found: dict[str, tuple[bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = (str(path.readlink()).encode(), -1)
        elif path.is_file():
            found[str(path.relative_to(folder))] = (
                path.read_bytes(),
                stat.S_IMODE(path.stat().st_mode),
            )
    return found


def sound_file(path: Path, ctx: Context) -> str:
    """A closed data file holding the account ACME with one call; returns ACME's id."""
    with Store.open(path, ctx) as store:
        account = create_account(store, {"name": "ACME", "owner": "tester"}).created("accounts")
        log_interaction(store, account[0]["id"], summary="first call")
        return str(account[0]["id"])


def leave_saves_in_journal(path: Path, ctx: Context, saves: int) -> None:
    """What a process killed after ``saves`` saves leaves: the journal holds them, the data
    file does not (its locks are let go without closing, so nothing is folded)."""
    store = Store.open(path, ctx)
    account = next(iter(store.all("accounts")))["id"]
    for n in range(saves):
        log_interaction(store, account, summary=f"call {n}")
    store._release()  # as kill -9 would: no checkpoint


def journal(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def append_line(path: Path, entry: Any) -> None:
    with open(journal(path), "ab") as handle:
        handle.write(json.dumps(entry).encode() + b"\n")


def rapport(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``rapport ARGS`` in this process: (exit code, stdout, stderr). A traceback fails
    the test (it propagates)."""
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
