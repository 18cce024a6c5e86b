"""Words on screen that say a number (store/text.py)."""

from __future__ import annotations

from rapport.store.records.text import counted


def test_counts_say_their_noun_in_number() -> None:
    assert [counted(n, "item") for n in (0, 1, 2, 1200)] == [
        "0 items",
        "1 item",
        "2 items",
        "1,200 items",
    ]
