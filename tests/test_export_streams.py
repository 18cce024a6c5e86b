"""Exports stream (issue 13): every format reads the records an account (or a small group)
at a time and writes as it goes, yet writes exactly the bytes of sorting everything at
once, as the exporter did before (``export_reference.py``), on both backends; a file
appears complete or not at all, and standard output is written as the export is made."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import fixed_context
from exchange_helpers import PACKAGE_PARENT, run_cli
from export_reference import csv_reference, json_reference

from rapport.store import Store, copy_to, open_target
from rapport.store.demo import write_demo
from rapport.store.exchange import KINDS, export_csv, export_json, export_order
from rapport.store.exchange.exporter import csv_text
from rapport.store.records.records import thaw
from rapport.store.records.schema import ENVELOPE

CTX = fixed_context()


def _copy(record: Any, **changes: Any) -> dict[str, Any]:
    values = {k: v for k, v in thaw(record).items() if k not in ENVELOPE}
    return {**values, **changes}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo company, with what the order must get right saved after its last fold (so the
    file's store reads it from the journal, over the file): two accounts of one name and one
    of the same name in other case and spacing, with interactions and contacts that
    interleave; a wave of the same date and name as another; a changed and a removed record."""
    path = tmp_path_factory.mktemp("streams") / "demo.json"
    write_demo(path, 12, 5, CTX)
    with Store.open(path, CTX) as store:
        store.short_lived = True  # saves stay in the journal: read over the file
        first = min(store.all("accounts"), key=lambda a: a["id"])
        waves = sorted(store.all("waves"), key=lambda w: w["id"])
        response = next(r for r in store.all("responses") if r["wave"] == waves[0]["id"])
        other_contact = next(c for c in store.all("contacts") if c["account"] != first["id"])
        interactions = sorted(store.all("interactions"), key=lambda i: i["id"])
        with store.transaction("the same name twice") as tx:
            twins = [
                tx.create("accounts", _copy(first, name=name))
                for name in ("Twin Ltd", "Twin Ltd", "twin  LTD")
            ]
            for n, twin in enumerate(twins):
                tx.create("contacts", {"account": twin, "name": f"Pat {'BA'[n % 2]}", "email": ""})
                for summary in ("b met", "a met", "c met"):
                    tx.create(
                        "interactions",
                        {
                            "account": twin,
                            "date": "2026-01-05",
                            "kind": "call",
                            "staff": "tester",
                            "summary": f"{summary} {n}",
                            "contacts": [other_contact["id"]],
                        },
                    )
            wave = tx.create("waves", _copy(waves[0], name=waves[0]["name"].upper()))
            tx.create(
                "responses",
                _copy(
                    response,
                    wave=wave,
                    account=twins[0],
                    respondent="customer",
                    comment="from the twin",
                ),
            )
            tx.create("responses", _copy(response, wave=wave, respondent="employee"))
            tx.update("interactions", interactions[0]["id"], {"summary": "changed since the fold"})
            tx.delete("interactions", interactions[1]["id"])
    return path


def copy_file(source: Path, target: Path) -> None:
    """A data file with its journal (what was saved since its last fold)."""
    for suffix in ("", ".journal"):
        shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


@pytest.fixture
def at_target(demo: Path, target: Path | str, tmp_path: Path) -> Iterator[Any]:
    """The demo on each backend, opened read-only."""
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_file(demo, target)
    else:
        with Store.open(demo, CTX, read_only=True) as source:
            copy_to(source, target, CTX)
    with open_target(target, CTX, read_only=True) as store:
        yield store


def test_every_format_writes_the_bytes_of_sorting_everything_at_once(
    at_target: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_order, "PACE", 7)  # pages let go of many times on the way
    store = at_target
    for kind in KINDS:
        expected = csv_reference(store, kind)
        assert csv_text(store, kind) == expected, kind
        path = tmp_path / f"{kind}.csv"
        assert export_csv(store, kind, None, path, bom=True) == expected.count("\r\n") - 1
        assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")
    rows = csv.reader(io.StringIO(csv_reference(store, "interactions"), newline=""))
    twins = [row[5] for row in rows if row[0] in ("Twin Ltd", "twin  LTD")]
    assert twins[:6] == [*("a met 0", "a met 1", "b met 0", "b met 1", "c met 0", "c met 1")], (
        "one name's two accounts interleave, as one sort of everything puts them"
    )
    reference, streamed = io.StringIO(), io.StringIO()
    json_reference(store, reference)
    export_json(store, streamed)
    assert streamed.getvalue() == reference.getvalue()


def test_the_command_writes_the_same_bytes_to_a_file_and_to_standard_output(
    demo: Path, db_path: Path, tmp_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    copy_file(demo, db_path)
    with Store.open(db_path, CTX, read_only=True) as store:
        expected = {kind: csv_reference(store, kind).encode("utf-8") for kind in KINDS}
        reference = io.StringIO()
        json_reference(store, reference)
    for kind in KINDS:
        out = tmp_path / f"{kind}.csv"
        to_file = run_cli("export", kind, "--db", db_path, "--out", out)
        assert to_file.returncode == 0, to_file.stderr
        assert out.read_bytes() == expected[kind]
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        to_stdout = run_cli("export", kind, "--db", db_path)
        assert to_stdout.returncode == 0 and to_stdout.stdout == expected[kind]
    everything = run_cli("export", "--format", "json", "--db", db_path)
    assert everything.returncode == 0, everything.stderr
    # the same but for the moment of the export, on the first line
    assert everything.stdout.split(b"\n")[1:] == reference.getvalue().encode().split(b"\n")[1:]


def test_an_export_that_fails_half_way_leaves_the_file_as_it_was(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "interactions.csv"
    target.write_text("the export before\n", encoding="utf-8")
    target.chmod(0o644)
    seen: list[set[str]] = []

    def beside() -> set[str]:
        return {p.name for p in folder.iterdir()}

    with Store.open(demo, CTX, read_only=True) as store:
        for_account = store.for_account

        def failing(table: str, account_id: str) -> Any:
            if len(seen) == 5:
                raise OSError(28, "No space left on device")
            seen.append(beside())
            return for_account(table, account_id)

        monkeypatch.setattr(store, "for_account", failing)
        with pytest.raises(OSError, match="No space left"):
            export_csv(store, "interactions", None, target)
        assert target.read_text(encoding="utf-8") == "the export before\n"
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        assert beside() == {"interactions.csv"}, "the temporary is removed"
        temporaries = seen[-1] - {"interactions.csv"}
        assert len(temporaries) == 1 and temporaries.pop().startswith(".interactions.csv.")
        monkeypatch.undo()
        export_csv(store, "interactions", None, target)
        assert target.read_bytes() == csv_reference(store, "interactions").encode("utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert beside() == {"interactions.csv"}


class Recording(io.StringIO):
    """A text stream that notes how many accounts had been read when its first row came."""

    def __init__(self) -> None:
        super().__init__(newline="")
        self.calls = 0
        self.read_before_first_row: int | None = None

    def write(self, text: str) -> int:
        if self.read_before_first_row is None and self.tell() > 0:  # past the header
            self.read_before_first_row = self.calls
        return super().write(text)


def test_rows_are_written_as_the_records_are_read_and_pages_let_go_of(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[int] = []
    monkeypatch.setattr(export_order, "PACE", 10)
    with Store.open(demo, CTX, read_only=True) as store:
        out = Recording()
        for_account = store.for_account

        def counted(table: str, account_id: str) -> Any:
            out.calls += 1
            return for_account(table, account_id)

        monkeypatch.setattr(store, "for_account", counted)
        monkeypatch.setattr(store, "release_pages", lambda: released.append(out.calls))
        rows = export_csv(store, "interactions", None, out)
        accounts = store.count("accounts")
    assert out.calls == accounts, "each account's interactions read once"
    assert out.read_before_first_row is not None and out.read_before_first_row < 3
    assert len(released) >= rows // 10 and released[0] < out.calls


def test_an_export_cut_short_by_its_reader_ends_quietly(demo: Path) -> None:
    """``rapport export interactions | head -1``: the export stops, without a traceback."""
    env = {**os.environ, "PYTHONPATH": PACKAGE_PARENT}
    command = [sys.executable, "-m", "rapport", "export", "interactions", "--db", str(demo)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"account,date,kind")
        process.stdout.close()
        assert process.wait(timeout=120) == 0
        assert process.stderr.read() == b""
