"""Record ids: short, random, and the same in every copy of a file.

An id is 12 characters of Crockford base32 (60 random bits), so records created on two
laptops never collide and a merge can match records by id alone. TinyDB keys documents by
an integer, so each record's key in the data file is the number its id spells.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
ID_LENGTH = 12


def new_id() -> str:
    return encode(secrets.randbits(5 * ID_LENGTH) or 1)


def encode(number: int) -> str:
    chars = []
    for _ in range(ID_LENGTH):
        chars.append(ALPHABET[number & 31])
        number >>= 5
    if number:
        raise ValueError("id number too large")
    return "".join(reversed(chars))


_ID = re.compile(f"[{ALPHABET}]{{{ID_LENGTH}}}")


def is_id(text: str) -> bool:
    return _ID.fullmatch(text) is not None


def key_of(record_id: str) -> str:
    """The TinyDB document key (a decimal integer) of a record id."""
    number = 0
    for c in record_id:
        number = number * 32 + _VALUE[c]
    return str(number)


def id_of_key(key: str) -> str:
    """The record id for a TinyDB key, for documents written by other TinyDB programs."""
    return encode(int(key))
