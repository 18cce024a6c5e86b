"""``rapport check`` keeps its verdicts on sound blocks of records (``verdicts.py``) and
judges again only what changed: a record damaged since, one referred to that is gone, or
code that judges otherwise must get exactly the verdict of a check without any kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rapport.store import Context
from rapport.store.demo.company import write_demo
from rapport.store.engine import judging, verdicts
from rapport.store.engine.check import check_file
from rapport.store.engine.derived import Derived


@pytest.fixture
def demo(db_path: Path, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> Path:
    db_path.parent.mkdir()
    write_demo(db_path, 4, 1, ctx)
    monkeypatch.setattr(verdicts, "BLOCK_AT_MOST", 7)  # many blocks in a small file
    return db_path


def cache(path: Path) -> Path:
    return path.with_name(path.name + ".cache")


def cold(path: Path) -> list[str]:
    """What a check says with no verdict kept (and keeping none)."""
    kept = cache(path).read_bytes() if cache(path).exists() else None
    cache(path).unlink(missing_ok=True)
    problems = check_file(path).problems
    if kept is not None:
        cache(path).write_bytes(kept)
    return problems


def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables of the records judged one by one from now on."""
    seen: list[str] = []
    real = judging.stored_problems

    def counting(table: str, record: object) -> list[str]:
        seen.append(table)
        return real(table, record)

    monkeypatch.setattr(judging, "stored_problems", counting)
    return seen


def edit_line(path: Path, table_start: str, pattern: str, new: str) -> str:
    """Change the first record line after ``table_start`` matching ``pattern``; its id."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(table_start))
    for n in range(at + 1, len(lines)):
        if re.search(pattern, lines[n]):
            lines[n] = re.sub(pattern, new, lines[n], count=1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return re.search(r'"id":"([0-9a-z]{12})"', lines[n]).group(1)  # type: ignore[union-attr]
    raise AssertionError(f"no line matches {pattern}")


def test_a_file_checked_again_is_not_judged_again(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check_file(demo)
    assert first.ok, first.problems
    assert cache(demo).exists()
    seen = judged(monkeypatch)
    again = check_file(demo)
    assert again.ok and again.counts == first.counts
    assert seen == []


@pytest.mark.parametrize(
    ("pattern", "new", "message"),
    [
        ('"kind":"call"', '"kind":"CALL"', 'kind: "CALL" is not one of'),
        ('"version":1,', '"version":1.0,', "version: 1.0 is not a positive whole number"),
        ('"version":1,', '"version":true,', "version: true is not a positive whole number"),
        ('"date":"(\\d{4})-', '"date":"\\1/', "is not a date"),
        ('"summary":"', '"summery":"', "summery: is not a field of interactions"),
    ],
)
def test_a_record_damaged_since_gets_the_messages_of_a_check_keeping_nothing(
    demo: Path, pattern: str, new: str, message: str
) -> None:
    """A record that looks like one judged sound before (the same fields, a value of
    another type or spelling) is judged again, with exactly the messages of a first check."""
    assert check_file(demo).ok
    record_id = edit_line(demo, '"interactions":{', pattern, new)
    found = check_file(demo)
    assert not found.ok
    assert any(p.startswith(f"interactions {record_id}: ") and message in p for p in found.problems)
    assert found.problems == cold(demo)
    assert check_file(demo).problems == found.problems  # and again, still


def test_a_record_referred_to_that_is_gone_is_reported_from_kept_verdicts(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check_file(demo).ok
    text = demo.read_text(encoding="utf-8")
    contact = re.search(r'\n("\d+":\{"id":"([0-9a-z]{12})".*"email".*\},)\n', text)
    assert contact is not None and text.find('"contacts":{') < contact.start()
    demo.write_text(text.replace(contact.group(1) + "\n", "", 1), encoding="utf-8")
    found = check_file(demo)
    missing = [p for p in found.problems if f"no record in contacts has id {contact.group(2)}" in p]
    assert missing, found.problems
    assert found.problems == cold(demo)


def test_a_record_put_back_as_it_was_is_sound_again(demo: Path) -> None:
    assert check_file(demo).ok
    before = demo.read_bytes()
    edit_line(demo, '"interactions":{', '"kind":"call"', '"kind":"CALL"')
    assert not check_file(demo).ok
    demo.write_bytes(before)
    assert check_file(demo).ok


def test_verdicts_of_other_code_are_not_used(tmp_path: Path) -> None:
    derived = Derived(tmp_path / "x.cache", writable=True)
    ids, texts = ["a1", "a2"], ['{"id":"a1"}', '{"id":"a2"}']
    mine = verdicts.Verdicts(derived, b"code one")
    stamp = mine.stamp("accounts", ids, texts)
    mine.keep("accounts", "a1", stamp, {"waves": {"w"}})
    mine.save()
    again = verdicts.Verdicts(derived, b"code one")
    assert again.references("accounts", "a1", again.stamp("accounts", ids, texts)) == {
        "waves": ["w"]
    }
    assert again.references("accounts", "a1", again.stamp("accounts", ids, texts[::-1])) is None
    other = verdicts.Verdicts(derived, b"code two")
    assert other.references("accounts", "a1", other.stamp("accounts", ids, texts)) is None


def test_the_stamp_of_a_block_tells_its_texts_apart() -> None:
    keep = verdicts.Verdicts(Derived(Path("/nonexistent/x.cache"), writable=False), b"k")
    stamps = {
        keep.stamp("t", ["a", "b"], ["x\0", "y"]),
        keep.stamp("t", ["a", "b"], ["x", "\0y"]),
        keep.stamp("t", ["a\0b"], ["x\0y"]),
        keep.stamp("u", ["a", "b"], ["x\0", "y"]),
    }
    assert len(stamps) == 4


def test_the_fingerprint_changes_with_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    first = verdicts.fingerprint()
    assert first is not None
    monkeypatch.setattr(verdicts.sys, "version_info", (2, 7, 18))
    assert verdicts.fingerprint() != first
