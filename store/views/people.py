"""The people of a file: our staff, as their names appear in it (owners of accounts,
follow-ups, promises and plan items; whoever logged an interaction or answered a mirror).

A name typed for an owner or a member of staff that nobody in the file has is most often
a typo ("Nobdy Known"), and saving it would quietly create a person. So a new name is
only taken when it is said to be new (the app asks; the command line wants
``--new-person``); otherwise it is refused with the closest known names. A known name in
another case or spacing ("BOB") is taken as that person's own spelling.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Iterable

from ..engine.store import Store
from ..errors import StoreError
from ..records.names import close_names, fold

PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts": ("owner",),
    "interactions": ("staff",),
    "followups": ("owner",),
    "promises": ("owner",),
    "plan_items": ("owner",),
    "responses": ("staff",),
    "opportunities": ("passed_to", "noticed_by"),
    "appointments": ("owner",),
}
"""Per table, the fields that name one of our people."""

_cache: weakref.WeakKeyDictionary[Store, tuple[int, dict[str, str]]] = weakref.WeakKeyDictionary()


class UnknownPerson(StoreError):
    """A name for one of our people that nobody in the file has (and not said to be new)."""

    def __init__(self, field: str, name: str, suggestions: list[str]) -> None:
        self.field = field
        self.name = name
        self.suggestions = suggestions
        closest = (
            f"; the closest known: {', '.join(repr(s) for s in suggestions)}" if suggestions else ""
        )
        super().__init__(f"{name!r} is nobody in this file{closest}")


def _field_values(store: Store, table: str, field: str) -> Iterable[str]:
    """The values of one text field over a table, read from the records' text where the
    table keeps texts (no record is decoded: a big file has 400,000 interactions)."""
    pattern = re.compile(r'"' + field + r'":"((?:[^"\\]|\\.)*)"')
    for record_id in store.ids(table):
        text = store.text(table, record_id)
        if text is None:
            continue
        match = pattern.search(text)
        if match:
            raw = match.group(1)
            yield json.loads(f'"{raw}"') if "\\" in raw else raw


def known_people(store: Store) -> dict[str, str]:
    """Every person's name in the file, by its folded form (the first spelling met wins,
    account owners first). The current user is always known."""
    cached = _cache.get(store)
    if cached is not None and cached[0] == store.revision:
        return cached[1]
    people: dict[str, str] = {}
    for table, fields in PERSON_FIELDS.items():
        for field in fields:
            for name in _field_values(store, table, field):
                if name.strip():
                    people.setdefault(fold(name), " ".join(name.split()))
    people.setdefault(fold(store.ctx.user), store.ctx.user)
    _cache[store] = (store.revision, people)
    return people


def _owners(store: Store) -> dict[str, str]:
    """Account owners and the current user: most names typed, found without reading the
    big tables."""
    people: dict[str, str] = {}
    for account in store.all("accounts"):
        people.setdefault(fold(account["owner"]), " ".join(account["owner"].split()))
    people.setdefault(fold(store.ctx.user), store.ctx.user)
    return people


def person(store: Store, field: str, name: str, *, new: bool = False) -> str:
    """The person ``name`` stands for, in the spelling the file knows; a name nobody has
    is taken as it was typed when ``new``, else refused with :class:`UnknownPerson`."""
    typed = " ".join(name.split())
    cached = _cache.get(store)
    if cached is None or cached[0] != store.revision:
        owner = _owners(store).get(fold(typed))
        if owner is not None:
            return owner
    people = known_people(store)
    known = people.get(fold(typed))
    if known is not None:
        return known
    if new:
        return typed
    raise UnknownPerson(field, typed, close_names(typed, people.values()))


def unknown(store: Store, names: dict[str, str], new: Iterable[str] = ()) -> UnknownPerson | None:
    """The first of ``names`` (field -> name; empty ones skipped) nobody in the file has
    and that is not among ``new`` (names said to be new, any case), or None."""
    allowed = {fold(n) for n in new}
    for field, name in names.items():
        if not name or not name.strip() or fold(name) in allowed:
            continue
        try:
            person(store, field, name)
        except UnknownPerson as e:
            return e
    return None
