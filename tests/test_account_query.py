"""The accounts list's search and sort (tui/account_query.py), without the screen."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

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


def varied_rows() -> list:  # type: ignore[type-arg]
    """Rows of every class, band, tier and flag, named and tagged so words overlap."""
    classes = ("Ambassador", "Opportunist", "Defector", "Unsurveyed")
    bands = ("strong", "steady", "weak", "at-risk", None)
    owners = ("ann", "Ann Lee", "bob", "zoë")
    made = []
    for i in range(120):
        account = {
            "id": f"id{i:010}",
            "name": f"{('Mull', 'Baltic Wind', 'Aarhus', 'Bäcker')[i % 4]} {i}",
            "owner": owners[i % len(owners)],
            "tier": ("key", "growth", "standard")[i % 3],
            "stage": ("exploration", "expansion", "engagement")[i % 3],
            "region": ("north", "south")[i % 2],
            "tags": (("vip", "key-deal"), ("family-owned",), ())[i % 3],
        }
        made.append(
            replace(
                preview_row(account),
                cls=classes[i % 4],
                band=bands[i % 5],
                overdue=i % 7 == 0,
                touch=("ok", "losing", "lost")[i % 3],
            )
        )
    return aq.ordered(made, "name", False)


TYPED = [
    "mul", "ber", "class:def", "class:opp tier:g", "owner:ann", "owner:ann-lee", "tag:vip",
    "tag:key-deal", "is:mine", "is:overdue is:losing", "band:at", "band:none", "b w", "baltic w",
    "stage:ex region:n", "1 class:a", "aarhus tag:family",
]  # fmt: skip


def test_a_search_typed_and_erased_key_by_key_finds_what_a_search_from_scratch_finds() -> None:
    """The Finder reuses what it found for earlier keystrokes (a longer word or value keeps
    fewer rows); each keystroke must still show exactly the rows a fresh search shows."""
    rows = varied_rows()
    finder = aq.Finder(rows, "ann")
    lines: list[str] = []
    for typed in TYPED:  # typed a key at a time, then erased a key at a time
        lines += [typed[:n] for n in range(1, len(typed) + 1)]
        lines += [typed[:n] for n in range(len(typed) - 1, -1, -1)]
    lines += [f"{a} {b}" for a, b in pairwise(TYPED)]
    for line in lines:
        query = aq.parse(line)
        fresh = [r.id for r in aq.chosen(rows, query, "ann")]
        assert [r.id for r in finder.chosen(query)] == fresh, line
        alone = [r.id for r in rows if aq.matcher(query, "ann")(r)]
        assert sorted(fresh) == sorted(alone), line
    assert aq.chosen(rows, aq.parse("class:def"), "ann")  # the rows are varied enough
    assert not aq.chosen(rows, aq.parse("class:def owner:ann"), "ann")


def test_narrows_only_where_every_row_of_the_narrower_query_is_kept_by_the_wider() -> None:
    def narrows(wide: str, narrow: str) -> bool:
        return aq.narrows(aq.parse(wide), aq.parse(narrow))

    assert narrows("mu", "mul") and narrows("", "mul") and narrows("mul", "mul x")
    assert narrows("class:d", "class:def") and narrows("owner:an", "owner:ann-lee")
    assert not narrows("mul", "mu") and not narrows("mul", "")
    assert not narrows("tag:vi", "tag:vip")  # a tag is matched whole
    assert not narrows("is:mine", "is:overdue") and not narrows("class:d", "band:d")
