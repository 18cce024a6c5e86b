"""The accounts list's search and sort (tui/account_query.py), without the screen."""

from __future__ import annotations

from rapport.store.views.rows import preview_row
from rapport.tui import account_query as aq

NAMES = ["Brandt Consulting", "Bäcker Bakeries", "bianchi Brewing", "Ångström Optics", "Aarhus AS"]


def rows():  # type: ignore[no-untyped-def]
    return [
        preview_row({"id": f"id{i:010}", "name": name, "owner": "ann", "tags": ()})
        for i, name in enumerate(NAMES)
    ]


def test_names_sort_as_people_read_them_accents_and_case_aside() -> None:
    shown = aq.apply(rows(), aq.parse(""), "ann", "name", False)
    assert [r.name for r in shown] == [
        "Aarhus AS",
        "Ångström Optics",
        "Bäcker Bakeries",
        "bianchi Brewing",
        "Brandt Consulting",
    ]
    backwards = aq.apply(rows(), aq.parse(""), "ann", "name", True)
    assert [r.name for r in backwards] == [r.name for r in shown][::-1]
