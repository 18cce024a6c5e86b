"""What the app shows while the window is smaller than it can use: a notice over the whole
screen that says how big the window must be and how big it is. It goes away by itself when
the window grows, and what was open is then as it was. Keys typed meanwhile wait for that
(ctrl+q still quits)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

MIN_SIZE = Size(60, 18)
"""The smallest window every screen works in (the accounts list still tells accounts apart
at 60 columns; the account screen keeps its card and five rows of a tab at 18 lines)."""


def too_small(size: Size) -> bool:
    return size.width < MIN_SIZE.width or size.height < MIN_SIZE.height


class TooSmallNotice(Widget):
    """Covers its screen (the top layer, the whole window): nothing half-drawn shows."""

    DEFAULT_CSS = """
    TooSmallNotice {
        overlay: screen; position: absolute; offset: 0 0;
        width: 100vw; height: 100vh; content-align: center middle; text-align: center;
        background: $background; color: $foreground; padding: 0 1;
    }
    """

    def __init__(self, size: Size) -> None:
        super().__init__(id="too-small")
        self.window = size

    def show_size(self, size: Size) -> None:
        self.window = size
        self.refresh()

    def render(self) -> Text:
        need, size = MIN_SIZE, self.window
        text = Text(justify="center")
        text.append(
            f"Rapport needs at least {need.width}x{need.height};\n"
            f"this window is {size.width}x{size.height}.\n",
            style="bold",
        )
        text.append("Make the window larger, or press ctrl+q to quit.", style="dim")
        return text


def cover_if_too_small(stack: Sequence[Any], size: Size) -> None:
    """Below MIN_SIZE the top screen of ``stack`` is covered by the notice; it goes when the
    window grows (call again whenever the size or the top screen changes)."""
    small = too_small(size)
    top = stack[-1]
    for screen in stack:
        for notice in screen.query(TooSmallNotice):
            if small and screen is top:
                notice.show_size(size)
            else:
                notice.remove()
    if small and not top.query(TooSmallNotice):
        top.mount(TooSmallNotice(size))
