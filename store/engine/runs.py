"""A table of a data file read in place, copied as the file's own bytes: what a fold or a
backup writes of the records nobody saved since the last fold.

Writing the file anew from each record's text costs a decode, an encode and a key per
record, and reading every text through the map leaves every page of the file mapped in
this process. Copying instead reads the file a batch of records at a time (``Base.read``,
not through the map) and hands on each stretch of records not saved since as one
:class:`~.layout.Run`; the writer only sums their check. The bytes between two records
are checked to be the lead Rapport writes (``,\\n"key":``, the key its id spells); a record
whose lead is not is handed on as its text, written as any other.
"""

from __future__ import annotations

from collections.abc import Container, Iterator

from ..records.ids import ALPHABET
from .layout import Run
from .mapped import Base

BATCH = 4096
"""Records read from the file at a time (about a megabyte)."""
_LEAD_ROOM = 32
"""Enough bytes before a table's first record for its lead (``\\n"`` a key of at most 20
digits ``":``)."""
_DIGITS = {c: "#" for c in range(128)} | str.maketrans(ALPHABET, "0123456789abcdefghijklmnopqrstuv")
"""An id's characters as the digits of a number in base 32 (``ids.key_of``, quickly); any
other character as one no number has."""


def _key(record_id: str) -> bytes | None:
    """The TinyDB key Rapport writes for ``record_id`` (``ids.key_of``), None if it has
    none (not an id)."""
    if not record_id.isascii():
        return None
    try:
        return str(int(record_id.translate(_DIGITS), 32)).encode()
    except ValueError:
        return None


def table_runs(base: Base, table: str, skip: Container[str]) -> Iterator[Run | str]:
    """The records of ``table`` in ``base`` in the file's order, but those in ``skip``: as
    runs of the file's bytes (a record whose lead is not as Rapport writes it: its text)."""
    end = None  # where the previous record of the table ends in the file
    for rows in base.placed(table, BATCH):
        if end is None:  # the table's first record: its lead starts at a new line
            start = max(0, rows[0][1] - _LEAD_ROOM)
            data = base.read(start, rows[-1][1] + rows[-1][2])
            lead, head = data.rfind(b"\n", 0, rows[0][1] - start), b'\n"'
        else:
            start = end
            data = base.read(start, rows[-1][1] + rows[-1][2])
            lead, head = 0, b',\n"'
        pending: list[tuple[str, int, int]] = []
        origin = shift = 0  # where the pending run starts in ``data``; 1: a comma put first
        for record_id, off, length in rows:
            at = off - start
            key = _key(record_id)
            fits = key is not None and lead >= 0 and data[lead:at] == head + key + b'":'
            if record_id in skip or not fits:
                if pending:
                    yield _run(data, origin, shift, pending, lead)
                    pending = []
                if record_id not in skip:
                    yield data[at : at + length].decode()
            else:
                if not pending:
                    origin, shift = lead, 0 if data.startswith(b",", lead) else 1
                pending.append((record_id, at - origin + shift, at - origin + shift + length))
            lead, head = at + length, b',\n"'  # the next record's lead starts where this ends
        end = start + lead
        if pending:
            yield _run(data, origin, shift, pending, lead)


def _run(
    data: bytes, origin: int, shift: int, records: list[tuple[str, int, int]], stop: int
) -> Run:
    """The run of ``records`` in ``data[origin:stop]``; its data starts with ``,\\n"`` (with
    ``shift``, a comma put before a table's first record)."""
    return Run(b"," * shift + data[origin:stop], records)
