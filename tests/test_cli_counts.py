"""Counts in the command line's reports are words, never "row(s)" or "1 rows"."""

from __future__ import annotations

from pathlib import Path

from helpers import build_company


def test_an_import_of_one_row_says_one_row(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    build_company(db_path)
    one = db_path.parent / "one.csv"
    one.write_text("name,owner,tier\nDelta Mining,tester,standard\n", encoding="utf-8")
    done = cli("import", "accounts", str(one), "--dry-run", db=db_path)
    assert done.returncode == 0, done.stderr
    assert "one.csv (accounts): 1 row: would create 1," in done.stdout, done.stdout
    two = db_path.parent / "two.csv"
    two.write_text(
        "name,owner,tier\nDelta Mining,tester,standard\nEpsilon Oy,tester,key\n", encoding="utf-8"
    )
    done = cli("import", "accounts", str(two), "--dry-run", db=db_path)
    assert "two.csv (accounts): 2 rows: would create 2," in done.stdout, done.stdout
