"""``stored_problems`` judges a record as it lies in a file: exactly what ``clean`` would have
written, of the same JSON type. Short values are judged once per process (``_seen``), so the
same value of another type, or in another field, must still get its own verdict."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.store.records import stored
from rapport.store.records.ids import new_id
from rapport.store.records.schema import FIELDS
from rapport.store.records.stored import stored_problems
from rapport.store.records.validate import clean


def _interaction(**fields: Any) -> dict[str, Any]:
    data = clean(
        "interactions",
        {
            "account": new_id(),
            "date": "2026-11-30",
            "kind": "call",
            "staff": "ann",
            "summary": "a call",
        },
    )
    envelope = {
        "id": new_id(),
        "version": 1,
        "rev": "ab",
        "created_at": "2026-11-30T10:00:00",
        "updated_at": "2026-11-30T10:00:00",
        "updated_by": "ann",
    }
    return envelope | data | fields


@pytest.mark.parametrize("first", [1, True, "1", 1.5, None])
def test_one_value_of_another_type_gets_its_own_verdict(first: Any) -> None:
    """Judged in any order, 1 is a sentiment, True and "1" are not (1 == True == 1.0 in a
    dict key: the verdicts must not be shared)."""
    verdicts = {}
    for value in [first, 1, True, "1", 1.5, 1.0]:
        verdicts[repr(value)] = stored_problems("interactions", _interaction(sentiment=value))
    assert verdicts["1"] == [] and verdicts["1.0"] == []
    assert verdicts["True"] == ["sentiment: True is not a whole number"]
    assert verdicts["'1'"] == ['sentiment: "1" is not a whole number']


def test_the_same_value_in_another_field_is_judged_for_that_field() -> None:
    assert stored_problems("interactions", _interaction(kind="call")) == []
    assert stored_problems("interactions", _interaction(date="call")) == [
        "date: call is not a date (YYYY-MM-DD)"
    ]
    refused = stored_problems("interactions", _interaction(kind="CALL"))
    assert refused == ['kind: "CALL" is not one of ' + refused[0].split(" is not one of ")[1]]
    again = stored_problems("interactions", _interaction(kind="CALL"))
    assert again == refused


def test_refused_fields_come_before_values_written_otherwise() -> None:
    """As ``clean`` says it: a value it refuses is reported, and then the ones it would have
    written otherwise are not (they may only follow from the refusal)."""
    record = _interaction(kind="telegram", contacts=["b", "a", "a"])
    assert stored_problems("interactions", record) == [
        "kind: telegram is not one of " + _choices("kind")
    ]
    record = _interaction(contacts=[" a"], extra=1)
    assert stored_problems("interactions", record) == ["extra: is not a field of interactions"]
    assert stored_problems("interactions", _interaction(contacts=[" a"])) == [
        'contacts: [" a"] is not a list of record ids'
    ]


def _choices(name: str) -> str:
    from rapport.store.records.schema import FIELDS

    return ", ".join(FIELDS["interactions"][name].choices)


_TRICKY: list[Any] = [
    "", " ", "a", " a", "a ", "\ta", "Müller", "M\u00fcller ", "\ud800", "a\ud800b", "日本",
    "a@b.co", " a@b.co", "a@b.co ", "a@b", "a b@c.de", "call", "CALL", "2026-01-01", "--02-29",
    "10:30", "1", "x" * 65, 1, 0, -1, 6, True, False, 1.0, 1.5, None, [], ["a"], ["a", "a"],
    [" a"], ["a", ""], ["a", 1], ["\ud800"], ["Müller"], ["a"] * 9, ("a",), {"q": 3},
    {"q": 0}, {"q": 6}, {"q": True}, {"q": 3.0}, {"q": None}, {"q": "3"}, {1: 3}, {},
]  # fmt: skip


@pytest.mark.parametrize("table", sorted(FIELDS))
def test_values_told_sound_without_parsing_are_those_clean_would_write(table: str) -> None:
    """The shortcut (``_plain``) never says sound what ``clean`` would refuse or write
    otherwise, and every verdict is the one judging the value gives."""
    for f in FIELDS[table].values():
        values = [*_TRICKY]
        if f.max_len:
            values += ["y" * f.max_len, "y" * (f.max_len + 1), " " * f.max_len]
        for value in values:
            stored._seen.clear()
            judged = stored._judge(f, value)
            if stored._plain(f, value):
                assert judged is None, (f.name, value)
            assert stored._field_problem(table, f, value) == judged, (f.name, value)
            assert stored._field_problem(table, f, value) == judged, (f.name, value)
