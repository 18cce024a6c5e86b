"""The command line takes what a person means and refuses what is not clear (issue 9):
account names as the app's search matches them, a member of staff nobody knows, exports
readable by their owner only and needing no network, and a demo that is kept."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import build_company, context

from rapport.cli import main
from rapport.store import Store
from rapport.store.actions import create_account

Cli = Callable[..., subprocess.CompletedProcess[str]]


def rapport(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def test_an_account_name_matches_as_the_apps_search_does(
    capsys: pytest.CaptureFixture[str], db_path: Path, company: dict[str, str]
) -> None:
    for typed in ("muller logistik gmbh", "MÜLLER   logistik GmbH", "muller", "logistik"):
        code, out, err = rapport(capsys, "card", "--db", str(db_path), typed, "--format", "json")
        assert code == 0, (typed, err)
        assert '"account": "Müller Logistik GmbH"' in out
    code, out, err = rapport(
        capsys, "log", "--db", str(db_path), "muller logistik", "--summary", "Called Eva"
    )
    assert code == 0, err
    with Store.open(db_path, context()) as store:
        (call,) = store.for_account("interactions", company["muller"])
        assert call["summary"] == "Called Eva"


def test_a_name_more_than_one_account_matches_is_refused_with_the_candidates(
    capsys: pytest.CaptureFixture[str], db_path: Path, company: dict[str, str]
) -> None:
    with Store.open(db_path, context()) as store:
        create_account(store, {"name": "Müller Foods", "owner": "tester"})
    code, out, err = rapport(capsys, "card", "--db", str(db_path), "muller")
    assert (code, out) == (1, "")
    assert "2 accounts match 'muller': 'Müller Foods', 'Müller Logistik GmbH'" in err
    assert "give more of the name, or the id" in err
    code, _, err = rapport(capsys, "card", "--db", str(db_path), "muller foods")
    assert code == 0, err
    before = _interactions(db_path)
    code, _, err = rapport(capsys, "log", "--db", str(db_path), "müller", "--summary", "x")
    assert code == 1 and "2 accounts match" in err
    assert _interactions(db_path) == before, "nothing logged"


def _interactions(db_path: Path) -> int:
    with Store.open(db_path, context(), read_only=True) as store:
        return store.count("interactions")


def test_log_refuses_a_staff_name_nobody_has_unless_it_is_said_to_be_new(
    capsys: pytest.CaptureFixture[str], db_path: Path, company: dict[str, str]
) -> None:
    before = _interactions(db_path)
    code, out, err = rapport(
        capsys, "log", "--db", str(db_path), "Acme Corp", "--summary", "x", "--staff", "Bobb"
    )
    assert (code, out) == (1, "")
    assert "--staff: 'Bobb' is nobody in this file; the closest known: 'bob'" in err
    assert "--new-person" in err
    assert _interactions(db_path) == before
    args = ("log", "--db", str(db_path), "Acme Corp", "--summary", "Visit")
    code, _, err = rapport(capsys, *args, "--staff", "Ghost Person", "--new-person")
    assert code == 0, err
    code, _, err = rapport(capsys, *args, "--staff", "  BOB ")
    assert code == 0, err
    with Store.open(db_path, context()) as store:
        staff = sorted(
            i["staff"]
            for i in store.for_account("interactions", company["acme"])
            if i["summary"] == "Visit"
        )
    assert staff == ["Ghost Person", "bob"], "a known name is saved in the file's spelling"


def test_card_pictures_need_no_network_and_are_for_their_owner_only(
    capsys: pytest.CaptureFixture[str], db_path: Path, company: dict[str, str], tmp_path: Path
) -> None:
    svg, html = tmp_path / "card.svg", tmp_path / "card.html"
    code, _, err = rapport(
        capsys, "card", "--db", str(db_path), "Acme Corp", "--svg", str(svg), "--html", str(html)
    )
    assert code == 0, err
    picture, page = svg.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")
    assert "Acme&#160;Corp" in picture and "Acme Corp" in page
    for text in (picture, page):
        assert re.findall(r"url\((?!#)", text) == [], "only the picture's own parts (#id)"
        assert "@import" not in text and "@font-face" not in text
        links = re.findall(r"(?:https?:)?//[^\s\"')<>]+", text)
        assert links == [] or set(links) == {"http://www.w3.org/2000/svg"}, links
    for path in (svg, html):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_every_export_is_written_for_its_owner_only(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    company: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = tmp_path / "accounts.csv"
    old.write_text("old\n", encoding="utf-8")
    old.chmod(0o644)
    outputs = {
        "csv": (old, ("export", "accounts", "--out", str(old))),
        "json": (tmp_path / "all.json", ("export", "--format", "json", "--out", "all.json")),
        "ics": (tmp_path / "agenda.ics", ("agenda", "--all", "--ics", "agenda.ics")),
    }
    monkeypatch.chdir(tmp_path)
    for path, args in outputs.values():
        code, _, err = rapport(capsys, *args, "--db", str(db_path))
        assert code == 0, err
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert old.read_text(encoding="utf-8").startswith("name,owner")


def test_demo_is_generated_once_and_kept_until_fresh_is_asked_for(cli: Cli) -> None:
    home = Path(os.environ["HOME"])
    demo = home / "data" / "rapport" / "demo.json"
    first = cli("--demo")  # no terminal here: the file is made, then the app is refused
    assert demo.exists()
    assert f"demo company: a new one in {demo}" in first.stderr
    with Store.open(demo, context()) as store:
        account = next(iter(store.all("accounts")))
        create_account(store, {"name": "Kept Between Runs", "owner": account["owner"]})
    again = cli("--demo")
    assert f"demo company: {demo} (rapport --demo --fresh makes a new one)" in again.stderr
    with Store.open(demo, context(), read_only=True) as store:
        assert any(a["name"] == "Kept Between Runs" for a in store.all("accounts"))
    fresh = cli("--demo", "--fresh")
    assert f"a new one in {demo}" in fresh.stderr
    with Store.open(demo, context(), read_only=True) as store:
        assert not any(a["name"] == "Kept Between Runs" for a in store.all("accounts"))
    assert cli("--fresh").returncode == 2, "--fresh goes with --demo"


def test_demo_fresh_does_not_replace_a_file_named_with_db(cli: Cli, db_path: Path) -> None:
    build_company(db_path)
    refused = cli("--demo", "--fresh", db=db_path)
    assert refused.returncode == 1
    assert "--fresh replaces only the default demo file" in refused.stderr
    with Store.open(db_path, context(), read_only=True) as store:
        assert any(a["name"] == "Acme Corp" for a in store.all("accounts"))
