"""References between records: the ids a record's ``ref`` and ``refs`` fields hold, and
those that point nowhere (a save refuses them, ``rapport check`` reports them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import methodcaller
from typing import Any

from .schema import FIELDS, Field
from .validate import FieldError

_REFERENCING: dict[str, tuple[Field, ...]] = {}


def _referencing(table: str) -> tuple[Field, ...]:
    found = _REFERENCING.get(table)
    if found is None:
        found = _REFERENCING[table] = tuple(
            f for f in FIELDS[table].values() if f.kind in ("ref", "refs") and f.ref is not None
        )
    return found


def references(table: str, record: Mapping[str, Any]) -> Iterator[tuple[Field, str, Any]]:
    """``(field, table referred to, id)`` for each id in ``record``'s ``ref`` and ``refs``
    fields (empty ones left out)."""
    for f in _referencing(table):
        value = record.get(f.name)
        for target in [value] if f.kind == "ref" else list(value or ()):
            if target:
                yield f, str(f.ref), target


def referred(table: str, records: Sequence[Mapping[str, Any]]) -> dict[str, set[Any]]:
    """{table referred to: ids}: every id in the ``ref`` and ``refs`` fields of ``records``
    (of ``table``), empty ones left out, as :func:`references` finds them record by record."""
    found: dict[str, set[Any]] = {}
    for f in _referencing(table):
        ids = found.setdefault(str(f.ref), set())
        values: Iterable[Any] = map(methodcaller("get", f.name), records)
        if f.kind == "refs":
            values = chain.from_iterable(v for v in values if v)
        ids.update(filter(None, values))
    return found


def broken_references(
    table: str, record: Mapping[str, Any], exists: Callable[[str, Any], bool]
) -> list[FieldError]:
    """The references in ``record`` that point nowhere: one error for each id in its
    ``ref`` and ``refs`` fields for which ``exists(table, id)`` is false."""
    return pointing_nowhere(((f.name, ref, t) for f, ref, t in references(table, record)), exists)


def pointing_nowhere(
    refs: Iterable[tuple[str, str, Any]], exists: Callable[[str, Any], bool]
) -> list[FieldError]:
    """One error for each ``(field, table referred to, id)`` for which ``exists`` is false."""
    return [
        FieldError(name, f"no record in {ref} has id {target}")
        for name, ref, target in refs
        if not exists(ref, target)
    ]
