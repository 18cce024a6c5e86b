"""A row of tab titles in one line: ``▸Timeline  Plan  Contacts …``. The current one is
marked ``▸`` and bold (not by colour alone); a click or [ and ] (on the screen) change it.
Lighter than Textual's Tabs: one widget, however many titles."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rapport.store.records import visible


class TabStrip(Widget):
    DEFAULT_CSS = """
    TabStrip { height: 1; padding: 0 1; background: $panel; }
    """
    COMPONENT_CLASSES = {"tab-strip--active"}
    DEFAULT_CLASSES = ""

    active: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, strip: TabStrip, index: int) -> None:
            super().__init__()
            self.strip = strip
            self.index = index

        @property
        def control(self) -> TabStrip:
            return self.strip

    def __init__(self, titles: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = [visible(t) for t in titles]

    def render(self) -> Text:
        out = Text(end="", no_wrap=True, overflow="ellipsis")
        for i, title in enumerate(self.titles):
            if i == self.active:
                out.append(f"▸{title}", style="bold underline")
            else:
                out.append(f" {title}", style="dim" if self.app.no_color else "")
            out.append("  ")
        return out

    def _spans(self) -> list[tuple[int, int]]:
        spans, x = [], 0
        for title in self.titles:
            spans.append((x, x + len(title) + 1))
            x += len(title) + 3
        return spans

    def on_click(self, event: events.Click) -> None:
        for i, (start, end) in enumerate(self._spans()):
            if start <= event.x - 1 < end:
                self.active = i
                return

    def watch_active(self, index: int) -> None:
        self.post_message(self.Changed(self, index))
