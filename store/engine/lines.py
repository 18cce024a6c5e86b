"""Reading the lines of a data file in Rapport's layout (``layout.py`` says what it is): the
one scanner every reader of that layout uses, the whole-file reader and the index."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..records.schema import META_TABLE

_HEAD = b'{"' + META_TABLE.encode() + b'":{"1":'
CHECK_TABLE = "_check"
_RECORD = re.compile(rb'"(\d+)":(\{"id":"([0-9a-z]{12})".*\}),?\n?\Z', re.S)
"""A record line as Rapport writes it: key, the record's text, its id."""


class LineScan:
    """One pass over the record lines of a file in Rapport's layout (after its meta line),
    for every reader of that layout: :func:`read` decodes the records, the index
    (``mapped.py``) notes where each lies. :meth:`records` yields ``(table, key, body,
    offset, id)`` for each record (``offset``: where ``body`` starts in the file; ``id`` when
    the text starts with it, as Rapport writes it, else None) and ``(table, None, None,
    offset, None)`` where a table starts; afterwards :attr:`followed` says
    whether the layout was followed to its end and :meth:`verified` whether the check
    matched."""

    def __init__(self) -> None:
        self.followed = False
        self._crc, self._count = 0, 0
        self._check: bytes | None = None

    def records(
        self, lines: Iterable[bytes], offset: int
    ) -> Iterator[tuple[str, Any, Any, int, str | None]]:
        table: str | None = None
        in_check = ended = False
        match = _RECORD.match
        for raw in lines:
            start, offset = offset, offset + len(raw)
            if ended:
                return
            if table is not None:
                found = match(raw)
                record_id: str | None = None
                if found is not None:
                    key, body, at = found.group(1), found.group(2), start + found.start(2)
                    record_id = found.group(3).decode()
                else:
                    line = raw.rstrip(b"\n")
                    if line in (b"}", b"},"):
                        table = None
                        continue
                    if not line.startswith(b'"'):
                        return
                    key, sep, body = line[1:].partition(b'":')
                    if not sep:
                        return
                    body = body.removesuffix(b",")
                    at = start + 1 + len(key) + 2
                if in_check:
                    self._check = body
                    continue
                self._crc = zlib.crc32(body, self._crc)
                self._count += 1
                yield table, key, body, at, record_id
                continue
            line = raw.rstrip(b"\n")
            if line == b"}":
                ended = True
                continue
            # a table starts: "name":{   or an empty one: "name":{}  "name":{},
            if not (line.startswith(b'"') and b'":{' in line):
                return
            name, _, rest = line[1:].partition(b'":{')
            if b"\\" in name:  # an escaped name: left to the full reader
                return
            try:
                table = name.decode("utf-8")
            except ValueError:
                return
            in_check = table == CHECK_TABLE
            if not in_check:
                yield table, None, None, start, None
            if rest in (b"}", b"},"):
                table = None
            elif rest:
                return
        self.followed = ended and table is None

    def verified(self) -> bool:
        """The file's ``_check`` matched every record's text and their number."""
        return self.followed and _matches(self._check, self._crc, self._count)


def meta_line(first: bytes) -> dict[str, Any] | None:
    """The meta record of a file's first line in Rapport's layout, or None."""
    line = first.rstrip(b"\n")
    if not (line.startswith(_HEAD) and line.endswith(b"},")):
        return None
    try:
        meta = json.loads(line[len(_HEAD) : -2])
    except ValueError:
        return None
    return meta if isinstance(meta, dict) else None


def _matches(check: bytes | None, crc: int, count: int) -> bool:
    try:
        found = json.loads(check) if check is not None else None
    except ValueError:
        return False
    return isinstance(found, dict) and found.get("crc") == crc and found.get("records") == count
