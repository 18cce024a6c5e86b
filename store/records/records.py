"""Records in memory: read-only mappings, and their JSON form.

The store hands out records as read-only mappings (lists become tuples), so a screen cannot
change a record behind the store's back: to change one, build a new dict and save it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Protocol

from .schema import ENVELOPE

Record = Mapping[str, Any]


class Reader(Protocol):
    """What reads records by table: the store (a protocol, so that the rules of records can
    read them without depending on the engine that keeps them)."""

    def get(self, table: str, record_id: str) -> Record | None: ...

    def all(self, table: str) -> Iterator[Record]: ...

    def all_with_words(self, table: str, words: Iterable[str]) -> Iterator[Record]:
        """The records whose text, case folded, holds every one of ``words`` (a sieve:
        decoding only those; the caller checks each record it gets)."""
        ...


def freeze(value: Any) -> Any:
    """A read-only view of ``value``. Takes ownership: nested dicts are frozen in place."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                value[key] = freeze(item)
        return MappingProxyType(value)
    if isinstance(value, list):
        return tuple(freeze(v) if isinstance(v, dict | list) else v for v in value)
    return value


def thaw(value: Any) -> Any:
    """A plain, mutable copy (dicts and lists) of a frozen value."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(v) for v in value]
    return value


def _default(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default)
_canonical = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=_default
)
dumps = _encoder.encode
"""One record as compact JSON text on one line (control characters are always escaped)."""

loads = json.loads


_ENVELOPE = frozenset(ENVELOPE)


def content(record: Record) -> dict[str, Any]:
    """The fields a user edits: everything but the envelope."""
    return {k: v for k, v in record.items() if k not in ENVELOPE}


def rev_of(record: Record, version: int) -> str:
    """A short fingerprint of one version of a record (its content and version number)."""
    body = record if _ENVELOPE.isdisjoint(record) else content(record)
    text = f"{version}:{_canonical.encode(body)}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def same_content(a: Record, b: Record) -> bool:
    return _canonical.encode(content(a)) == _canonical.encode(content(b))
