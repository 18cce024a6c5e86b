"""Printing for the verbs: data always as text (never markup), errors on stderr."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console

from rapport.store.records import visible

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> int:
    """Say what was refused, on stderr, and return the exit code."""
    err.print(
        f"rapport: {visible(message)}", markup=False, style="bold red" if err.is_terminal else None
    )
    return code


def warn(message: str) -> None:
    """Something the user should know that did not stop the command (on stderr)."""
    err.print(f"rapport: note: {visible(message)}", markup=False)


def say(message: str) -> None:
    out.print(visible(message), markup=False)


def write_raw(text: str) -> None:
    sys.stdout.write(text)


_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def json_text(data: Any) -> str:
    """``data`` as indented JSON for scripts: readable UTF-8, but every character a terminal
    could act on (C1 controls, bidi overrides, line separators, lone surrogates) written as
    a ``\\uXXXX`` escape, so the same data reaches a script and nothing reaches the terminal.
    (``json.dumps`` already escapes the C0 controls.)"""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
