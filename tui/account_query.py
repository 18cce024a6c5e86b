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
division or tag no account has is said so too (:func:`unmatched`). In a value ``-`` stands
for a space (``owner:ann-lee``), as the filter form writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapport.store.records import STAGES, TIERS, fold, fold_search
from rapport.store.views import AccountRow

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


def matcher(query: Query, me: str) -> Callable[[AccountRow], bool]:
    me_folded = fold(me)

    def field_ok(row: AccountRow, name: str, value: str) -> bool:
        if name == "is":
            if value == "mine":
                return fold(row.owner) == me_folded
            if value == "overdue":
                return row.overdue
            return row.touch != "ok"  # losing
        if name == "tag":
            return any(_dashed(t) == _dashed(value) for t in row.tags)
        if name == "class":
            return fold(row.cls).startswith(value)
        if name == "band":
            return _dashed(row.band or "none").startswith(_dashed(value))
        actual = {
            "owner": row.owner,
            "tier": row.tier,
            "stage": row.stage,
            "region": row.region,
            "division": row.division,
        }[name]
        return _dashed(actual).startswith(_dashed(value))

    def accept(row: AccountRow) -> bool:
        search = row.search
        return all(w in search for w in query.words) and all(
            field_ok(row, n, v) for n, v in query.fields
        )

    if not query.fields and len(query.words) == 1:  # what each keystroke of a search is
        (word,) = query.words
        return lambda row: word in row.search
    return accept


OPEN = {"owner": "owner", "region": "region", "division": "division", "tag": "tag"}
"""The fields whose values are the accounts' own (no fixed list to check them against)."""


def unmatched(query: Query, rows: Sequence[AccountRow], me: str) -> tuple[str, ...]:
    """For each owner, region, division or tag in ``query`` that no account in ``rows``
    has, a sentence saying so (the list then shows nothing for a reason it names)."""
    said = []
    for name, value in query.fields:
        if name not in OPEN:
            continue
        alone = matcher(Query(fields=((name, value),)), me)
        if not any(alone(r) for r in rows):
            said.append(f"no account has the {OPEN[name]} {value!r}")
    return tuple(said)


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


def chosen(rows: Sequence[AccountRow], query: Query, me: str) -> list[AccountRow]:
    """The rows (sorted already, :func:`ordered`) that ``query`` keeps, in their order, but
    for words: the rows whose name holds them come first ("baltic w" finds Baltic Wind before
    an account tagged "family-owned"), the order kept within each part."""
    if query.empty:
        return list(rows)
    accept = matcher(query, me)
    kept = [r for r in rows if accept(r)]
    if not query.words:
        return kept
    if len(query.words) == 1:
        (word,) = query.words
        return [r for r in kept if word in r.name_key] + [r for r in kept if word not in r.name_key]
    words = query.words
    named = [all(w in r.name_key for w in words) for r in kept]
    return [r for r, n in zip(kept, named, strict=True) if n] + [
        r for r, n in zip(kept, named, strict=True) if not n
    ]


def apply(
    rows: Sequence[AccountRow], query: Query, me: str, sort: str, reverse: bool
) -> list[AccountRow]:
    return chosen(ordered(rows, sort, reverse), query, me)
