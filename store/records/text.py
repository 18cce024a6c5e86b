"""Showing text from data as text: the one path every data string takes to a screen.

Text in the data file comes from users, imports and other programs. It may hold terminal
control sequences (``ESC ] 52`` writes the clipboard, ``CSI 2 J`` clears the screen),
bidirectional overrides that make text read backwards, or lone surrogates that cannot be
printed at all. :func:`visible` replaces every such character with a visible symbol, so
the text is shown as it is and nothing in it reaches the terminal as a command. (Markup
is a separate matter: the screens never parse data as markup; they wrap it in ``Text``.)
"""

from __future__ import annotations

import re

_CONTROL_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)}
_CONTROL_PICTURES[0x7F] = "\u2421"  # ␡
_C1 = {c: f"\u27e8{c:02X}\u27e9" for c in range(0x80, 0xA0)}  # ⟨9B⟩
_FORMAT = {
    c: f"\u27e8U+{c:04X}\u27e9"
    for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_ONE_LINE = {
    **_CONTROL_PICTURES,
    **_C1,
    **_FORMAT,
    0x09: " ",
    0x0A: "\u23ce",
    0x2028: "\u23ce",
    0x2029: "\u23ce",
}
_MULTI_LINE = {**_ONE_LINE, 0x0A: "\n", 0x2028: "\n", 0x2029: "\n"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: object, *, multiline: bool = False) -> str:
    """``text`` with control, bidi-override and unprintable characters shown as symbols.

    One-line form (the default) also shows line breaks as ⏎ so a row stays one row.
    """
    if text is None:
        return ""
    out = str(text).translate(_MULTI_LINE if multiline else _ONE_LINE)
    return _SURROGATE.sub("\ufffd", out)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 item``, ``2 items``, ``1,200 accounts``: a count with its noun in number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
