"""Helpers for the exchange tests: what a file holds, computed straight from its records
(independently of the exporter), and running the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import rapport
from rapport.store import Store

FACTORS = (
    "trust",
    "satisfaction",
    "promises",
    "responsiveness",
    "resolution",
    "needs",
    "communication",
    "fairness",
    "balance",
    "value",
)

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(rapport.__file__)))


def run_cli(
    *args: str | Path, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess:
    """``python -m rapport ARGS`` in a fresh process, output as text."""
    environ = {**os.environ, "PYTHONPATH": PACKAGE_PARENT, **env}
    return subprocess.run(
        [sys.executable, "-m", "rapport", *map(str, args)],
        input=stdin,
        capture_output=True,
        env=environ,
        check=False,
        timeout=120,
    )


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


def view(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every record the four CSV formats carry, named by natural keys, in a stable order."""
    accounts = {a["id"]: a for a in store.all("accounts")}
    contacts = {c["id"]: c for c in store.all("contacts")}
    waves = {w["id"]: w for w in store.all("waves")}
    due: dict[str, list[str]] = {}
    for f in store.all("followups"):
        if f.get("interaction") and f["status"] == "open":
            due.setdefault(f["interaction"], []).append(f["due"])
    return {
        "accounts": _sorted(
            [
                (
                    a["name"],
                    a["owner"],
                    a["tier"],
                    a["value"],
                    a["division"],
                    a["region"],
                    a["type"],
                    a["stage"],
                    a["bad_news"],
                    tuple(a["tags"]),
                    a["b2c"],
                    a.get("group", ""),
                    a.get("renewal"),
                )
                for a in accounts.values()
            ]
        ),
        "contacts": _sorted(
            [
                (
                    accounts[c["account"]]["name"],
                    c["name"],
                    c["role"],
                    c["decision_maker"],
                    c["email"],
                    c["phone"],
                    c["birthday"],
                    c["anniversary"],
                )
                for c in contacts.values()
            ]
        ),
        "interactions": _sorted(
            [
                (
                    accounts[i["account"]]["name"],
                    i["date"],
                    i["kind"],
                    i["staff"],
                    tuple(contacts[c]["name"] for c in i["contacts"]),
                    i["summary"],
                    i["sentiment"],
                    min(due.get(i["id"], []), default=None),
                )
                for i in store.all("interactions")
            ]
        ),
        "responses": _sorted(
            [
                (
                    waves[r["wave"]]["name"],
                    waves[r["wave"]]["date"],
                    accounts[r["account"]]["name"],
                    contacts[r["contact"]]["name"] if r["contact"] else None,
                    r["respondent"],
                    tuple(sorted(r["answers"].items())),
                    r["recommend"],
                    r["switch"],
                    r["staff"],
                    r.get("comment", ""),
                )
                for r in store.all("responses")
            ]
        ),
    }


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def lines(*rows: Sequence[str]) -> str:
    """A CSV file from rows of already-quoted cells (so a test states the exact bytes)."""
    return "".join(",".join(row) + "\r\n" for row in rows)
