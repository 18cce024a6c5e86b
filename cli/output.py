"""Printing for the verbs: data always as text (never markup), errors on stderr."""

from __future__ import annotations

import sys

from rich.console import Console

from rapport.store.text import visible

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> int:
    """Say what was refused, on stderr, and return the exit code."""
    err.print(
        f"rapport: {visible(message)}", markup=False, style="bold red" if err.is_terminal else None
    )
    return code


def say(message: str) -> None:
    out.print(visible(message), markup=False)


def write_raw(text: str) -> None:
    sys.stdout.write(text)
