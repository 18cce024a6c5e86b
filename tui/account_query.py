"""Search and filters for the accounts list, as one line of text.

What you type after ``/`` is the whole filter: plain words must all appear (any case) in the name,
owner or tags, and ``field:value``
words narrow by a field::

    acme                    name, owner or tag contains "acme"
    owner:alice  tier:key   stage:expansion  region:north  division:retail  tag:vip
    class:defector          (ambassador, opportunist, defector, unsurveyed; a prefix will do)
    band:weak               (strong, steady, weak, at-risk)
    is:mine  is:overdue  is:losing  (past the tier's cadence)

The quick keys (``m`` mine, ``o`` overdue, ``f`` the filter form) just edit this line, so
what is filtered is always visible and can be typed, copied or cleared. A value that is no
class, band, tier, stage or flag is said so (and left out of the filter); an owner, region,
division or tag no account has is said so too (:meth:`Finder.unmatched`). In a value ``-`` stands
for a space (``owner:ann-lee``), as the filter form writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from rapport.store.records import STAGES, TIERS, fold, fold_search
from rapport.store.views import AccountRow, class_counts

FIELDS = ("owner", "tier", "stage", "region", "division", "tag", "class", "band", "is")
FLAGS = ("mine", "overdue", "losing")
KNOWN: dict[str, tuple[str, ...]] = {
    "class": ("ambassador", "opportunist", "defector", "unsurveyed"),
    "band": ("strong", "steady", "weak", "at-risk"),
    "tier": TIERS,
    "stage": STAGES,
}
"""The values a fixed field takes (a prefix of one will do)."""


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.words and not self.fields


def parse(text: str) -> Query:
    words: list[str] = []
    fields: list[tuple[str, str]] = []
    problems: list[str] = []
    for token in text.split():
        name, sep, value = token.partition(":")
        if sep and name.lower() in FIELDS and value:
            name = name.lower()
            value = fold(value)
            if name == "is" and value not in FLAGS:
                flags = ", ".join("is:" + f for f in FLAGS)
                problems.append(f"{value!r} is no flag (try {flags})")
                continue
            known = KNOWN.get(name)
            if known and value != "none" and not any(k.startswith(_dashed(value)) for k in known):
                problems.append(f"{value!r} is no {name} (try {', '.join(known)})")
                continue
            fields.append((name, value))
        else:
            words.append(fold_search(token))
    return Query(tuple(words), tuple(fields), tuple(problems))


def _dashed(text: str) -> str:
    """Folded text with spaces as ``-``, as values are written on the search line."""
    return fold(text).replace(" ", "-")


PREFIXED = ("owner", "tier", "stage", "region", "division", "class", "band")
"""The fields whose value may be the start of the row's (``tag`` and ``is`` must be whole)."""

Test = Callable[[AccountRow], bool]


def _by_value(value_of: Callable[[AccountRow], Hashable], test: Callable[[Any], bool]) -> Test:
    """``test`` of each row's value, worked out once per value (a field has few values)."""
    seen: dict[Hashable, bool] = {}

    def ok(row: AccountRow) -> bool:
        value = value_of(row)
        found = seen.get(value)
        if found is None:
            found = seen[value] = test(value)
        return found

    return ok


def _field_test(name: str, value: str, me: str) -> Test:
    if name == "is":
        if value == "mine":
            me_folded = fold(me)
            return _by_value(attrgetter("owner"), lambda owner: fold(owner) == me_folded)
        if value == "overdue":
            return attrgetter("overdue")
        return lambda row: row.touch != "ok"  # losing
    wanted = _dashed(value)
    if name == "tag":
        return _by_value(attrgetter("tags"), lambda tags: any(_dashed(t) == wanted for t in tags))
    if name == "band":
        return _by_value(
            attrgetter("band"), lambda band: _dashed(band or "none").startswith(wanted)
        )
    field = "cls" if name == "class" else name
    return _by_value(attrgetter(field), lambda actual: _dashed(actual).startswith(wanted))


def matcher(query: Query, me: str) -> Test:
    words = query.words
    tests = [_field_test(n, v, me) for n, v in query.fields]
    if not tests and len(words) == 1:  # what each keystroke of a search is
        (word,) = words
        return lambda row: word in row.search

    def accept(row: AccountRow) -> bool:
        search = row.search
        return all(w in search for w in words) and all(test(row) for test in tests)

    return accept


def narrows(wide: Query, narrow: Query) -> bool:
    """True if every row ``narrow`` keeps, ``wide`` keeps too: each word of ``wide`` is in a
    word of ``narrow``, and each field of ``wide`` is in ``narrow`` (or, for a field matched
    by its start, a longer value of it is). Typing a letter more usually narrows."""
    if narrow.empty:
        return wide.empty

    def implied(field: tuple[str, str]) -> bool:
        name, value = field
        return any(
            n == name and (v == value or (name in PREFIXED and v.startswith(value)))
            for n, v in narrow.fields
        )

    return all(any(w in n for n in narrow.words) for w in wide.words) and all(
        implied(f) for f in wide.fields
    )


OPEN = {"owner": "owner", "region": "region", "division": "division", "tag": "tag"}
"""The fields whose values are the accounts' own (no fixed list to check them against)."""


def toggle(text: str, token: str) -> str:
    """Add ``token`` to the query line, or take it out if it is there."""
    tokens = text.split()
    if token in tokens:
        return " ".join(t for t in tokens if t != token)
    return " ".join([*tokens, token])


def set_field(text: str, name: str, value: str | None) -> str:
    """Replace every ``name:...`` token with ``name:value`` (or remove them for ``None``)."""
    tokens = [t for t in text.split() if not t.lower().startswith(f"{name}:")]
    if value:
        tokens.append(f"{name}:{value.replace(' ', '-')}")
    return " ".join(tokens)


TIER_ORDER = {"key": 0, "growth": 1, "standard": 2}
STAGE_ORDER = {
    s: i
    for i, s in enumerate(("exploration", "awareness", "expansion", "engagement", "dissolution"))
}
CLASS_ORDER = {"Defector": 0, "Opportunist": 1, "Ambassador": 2, "Unsurveyed": 3, "": 4}

SORTS: dict[str, Callable[[AccountRow], object]] = {
    "name": lambda r: r.name_key,
    "owner": lambda r: (fold(r.owner), r.name_key),
    "tier": lambda r: (TIER_ORDER.get(r.tier, 9), -r.value),
    "stage": lambda r: (STAGE_ORDER.get(r.stage, 9), r.name_key),
    "class": lambda r: (CLASS_ORDER.get(r.cls, 9), r.name_key),
    "strength": lambda r: (r.strength is None, r.strength or 0),
    "trend": lambda r: ({"down": 0, "flat": 1, "up": 2}.get(r.trend, 3), r.name_key),
    "last": lambda r: (r.days_since is None, -(r.days_since or 0)),
    "next": lambda r: (r.next_follow_up is None, r.next_follow_up or ""),
}
"""How each column sorts (ascending); "last" puts the longest silence first."""


def ordered(rows: Sequence[AccountRow], sort: str, reverse: bool) -> list[AccountRow]:
    """``rows`` sorted by the column ``sort`` (the sort is stable: filtering sorted rows is
    sorting filtered rows, so a list keeps its rows sorted and filters them per keystroke)."""
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]), reverse=reverse)  # type: ignore[arg-type]


class Finder:
    """The rows each query keeps, of rows sorted once (:func:`ordered`). A keystroke's query
    is mostly a recent one with a letter more or less, so what the last :attr:`RECENT`
    queries found is remembered: a query seen again costs nothing, and one that
    :func:`narrows` a remembered one filters that one's rows instead of every row."""

    RECENT = 16

    def __init__(self, rows: Sequence[AccountRow], me: str) -> None:
        self.rows = rows
        self.me = me
        self._found: dict[Query, _Found] = {}

    def kept(self, query: Query) -> list[AccountRow]:
        """The rows ``query`` keeps, in the rows' order."""
        return self._find(query).kept

    def chosen(self, query: Query) -> list[AccountRow]:
        """The rows ``query`` keeps, in their order, but for words: the rows whose name
        holds them come first ("baltic w" finds Baltic Wind before an account tagged
        "family-owned"), the order kept within each part."""
        found = self._find(query)
        if found.chosen is None:
            found.chosen = _named_first(found.kept, query.words)
        return found.chosen

    def counts(self, query: Query) -> dict[str, int]:
        """How many rows ``query`` keeps of each class (:func:`.class_counts`)."""
        found = self._find(query)
        if found.counts is None:
            found.counts = class_counts(found.kept)
        return found.counts

    def unmatched(self, query: Query) -> tuple[str, ...]:
        """For each owner, region, division or tag in ``query`` that no row has, a sentence
        saying so (the list then shows nothing for a reason it names)."""
        return tuple(
            f"no account has the {OPEN[name]} {value!r}"
            for name, value in query.fields
            if name in OPEN and not self.kept(Query(fields=((name, value),)))
        )

    def _find(self, query: Query) -> _Found:
        key = Query(query.words, query.fields)  # what it finds, whatever was said of it
        found = self._found.pop(key, None)
        if found is None:
            wider = (f.kept for q, f in reversed(self._found.items()) if narrows(q, key))
            rows = self.rows if key.empty else next(wider, self.rows)
            accept = matcher(key, self.me)
            found = _Found(list(rows) if key.empty else [r for r in rows if accept(r)])
        self._found[key] = found  # the newest last
        if len(self._found) > self.RECENT:
            del self._found[next(iter(self._found))]
        return found


@dataclass
class _Found:
    kept: list[AccountRow]
    chosen: list[AccountRow] | None = None
    counts: dict[str, int] | None = None


def _named_first(kept: list[AccountRow], words: tuple[str, ...]) -> list[AccountRow]:
    if not words:
        return kept
    if len(words) == 1:
        (word,) = words
        named = [word in r.name_key for r in kept]
    else:
        named = [all(w in r.name_key for w in words) for r in kept]
    return [r for r, n in zip(kept, named, strict=True) if n] + [
        r for r, n in zip(kept, named, strict=True) if not n
    ]


def chosen(rows: Sequence[AccountRow], query: Query, me: str) -> list[AccountRow]:
    """The rows (sorted already, :func:`ordered`) that ``query`` keeps (:meth:`Finder.chosen`)."""
    return Finder(rows, me).chosen(query)


def apply(
    rows: Sequence[AccountRow], query: Query, me: str, sort: str, reverse: bool
) -> list[AccountRow]:
    return chosen(ordered(rows, sort, reverse), query, me)
