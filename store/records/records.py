"""Records in memory: read-only mappings, and their JSON form.

The store hands out records as read-only mappings (lists become tuples), so a screen cannot
change a record behind the store's back: to change one, build a new dict and save it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
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


def compact_encoder(
    *, sort_keys: bool = False, default: Callable[[Any], Any] | None = None
) -> Callable[[Any], str]:
    """What ``json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), ...).encode``
    returns, from the C encoder made once: ``encode`` makes one per call, which is most of
    the time it takes for a small record (a save of 100,000 records encodes each twice)."""
    plain = json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, default=default
    )
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - a Python without the C accelerator
        return plain.encode
    # markers None: records hold no cycles (nor can JSON decoded or a frozen record)
    encode = make(
        None, plain.default, json.encoder.encode_basestring, None, ":", ",", sort_keys,
        False, True,
    )  # fmt: skip
    join = "".join

    def encoded(value: Any) -> str:
        return join(encode(value, 0))

    return encoded


dumps = compact_encoder(default=_default)
"""One record as compact JSON text on one line (control characters are always escaped)."""
_canonical = compact_encoder(sort_keys=True, default=_default)

loads = json.loads


_ENVELOPE = frozenset(ENVELOPE)


def content(record: Record) -> dict[str, Any]:
    """The fields a user edits: everything but the envelope."""
    return {k: v for k, v in record.items() if k not in ENVELOPE}


def rev_of(record: Record, version: int) -> str:
    """A short fingerprint of one version of a record (its content and version number)."""
    body = record if _ENVELOPE.isdisjoint(record) else content(record)
    text = f"{version}:{_canonical(body)}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def same_content(a: Record, b: Record) -> bool:
    return _canonical(content(a)) == _canonical(content(b))
