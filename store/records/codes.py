"""Response codes: the short code printed on each survey form, by which its answers come back.

A code is six characters from an alphabet without the ones people misread or mistype
(no ``0``/``O``, ``1``/``I``/``l``, and no ``U`` or ``V`` either), shown in two groups of
three: ``K7M-4QX``. Typing is forgiving: any case, with or without the dash or spaces.
Six characters from 29 give about 600 million codes, so a random one is very unlikely to
be another form's code when one character is mistyped.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Container

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
"""Digits 2-9 and the capital letters but I, L, O, U and V."""
LENGTH = 6

_SEPARATORS = str.maketrans("", "", " -_.\t")


def normalize(text: str) -> str:
    """A code as typed, the way it is stored: capitals, no dash, no spaces."""
    return str(text).translate(_SEPARATORS).upper()


def is_code(text: str) -> bool:
    """Could ``text`` (as typed) be a code at all (length and alphabet)?"""
    code = normalize(text)
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def shown(code: str) -> str:
    """A stored code as printed and shown: ``K7M-4QX``."""
    code = normalize(code)
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == LENGTH else code


def new_code(taken: Container[str], choose: Callable[[str], str] = secrets.choice) -> str:
    """A code that is not in ``taken`` (stored codes, normalized)."""
    while True:
        code = "".join(choose(ALPHABET) for _ in range(LENGTH))
        if code not in taken:
            return code
