"""``rapport check``'s verdicts on sound records, kept across runs in the store's derived
cache (``derived.py``), so that records checked before are not decoded and judged again.

The records of a table are taken in blocks (in the table's order, a block ending after a
record whose id ends in ``00``, about a thousand records, so that an edit, an addition or a
removal changes one block and not those after it). A verdict is kept for a block whose
every record is sound, stamped with a keyed hash of the block's ids and their records'
exact stored texts, the key being a fingerprint of the code that judges them (every source
of ``records``, ``check.py``, ``judging.py`` and this module, and the Python version, which
parses dates). It is used only while the stamp matches: a block with a record edited since,
or judged by other code, is judged again record by record. A block holding a damaged record
is never kept, so the messages of a damaged record are always the code's own. With a
verdict the block's references are kept, and looked up again on every run (the record
referred to may be gone since); where one points nowhere, the block is judged again to say
which.

Derived, never the only copy of anything: a missing or unreadable cache only costs time.
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path

from ..records import schema
from .derived import Derived

KIND = "check"
BLOCK_END = "00"
BLOCK_AT_MOST = 8192


def fingerprint() -> bytes | None:
    """A hash of the code that judges a record (None if its source cannot be read: then no
    verdict is kept)."""
    sources = sorted(Path(schema.__file__).parent.glob("*.py"))
    here = Path(__file__).parent
    digest = hashlib.blake2b(repr(sys.version_info[:3]).encode(), digest_size=32)
    try:
        for source in [*sources, *(here / n for n in ("check.py", "judging.py", "verdicts.py"))]:
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.digest() if sources else None


def blocks(ids: list[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each block of a table whose records' ids are ``ids``."""
    start = 0
    for at, record_id in enumerate(ids, 1):
        if record_id.endswith(BLOCK_END) or at - start >= BLOCK_AT_MOST:
            yield start, at
            start = at
    if start < len(ids):
        yield start, len(ids)


class Verdicts:
    """The verdicts kept for one data file, read at once; the new ones written by :meth:`save`."""

    def __init__(self, derived: Derived, key: bytes | None) -> None:
        self._derived = derived
        self._key = key
        self._kept = derived.all(KIND) if key is not None else {}
        self._new: list[tuple[str, str, str]] = []
        self._seen: set[str] = set()

    def stamp(self, table: str, ids: list[str], texts: list[str]) -> str:
        """The stamp of a block: its table, ids and texts (each list with the length of each
        of its items, so that no two blocks read the same)."""
        digest = hashlib.blake2b(table.encode(), digest_size=16, key=self._key or b"")
        for items in (ids, texts):
            digest.update(array("q", map(len, items)).tobytes())
            digest.update("\0".join(items).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def references(self, table: str, first: str, stamp: str) -> dict[str, list[str]] | None:
        """{table referred to: ids} of the block starting with record ``first`` if it was
        judged sound exactly as it is; else None."""
        if self._key is None:
            return None
        name = f"{table}\t{first}"
        self._seen.add(name)
        kept = self._kept.get(name)
        if kept is None or kept[0] != stamp:
            return None
        try:
            found = json.loads(kept[1])
        except ValueError:
            return None
        return found if isinstance(found, dict) else None

    def keep(self, table: str, first: str, stamp: str, refs: dict[str, set[str]]) -> None:
        """Keep that the block starting with ``first`` is sound, with its references."""
        if self._key is not None:
            value = json.dumps({t: sorted(ids) for t, ids in refs.items()}, separators=(",", ":"))
            self._new.append((f"{table}\t{first}", stamp, value))

    def save(self) -> None:
        """Write the verdicts new in this run, and forget those of blocks no longer there."""
        gone = [name for name in self._kept if name not in self._seen]
        if self._key is not None and (self._new or gone):
            self._derived.put(KIND, self._new, drop=gone)
