"""A one-line choice for forms: ``‹ call ›``. Left/right step through the options and a
letter jumps to the next option starting with it, so a kind or a status is one key away."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rapport.store.records import visible

BLANK = "—"


class Choice(Widget, can_focus=True):
    DEFAULT_CSS = """
    Choice { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    Choice:focus { background: $panel; text-style: bold; }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False, id="choice.previous"),
        Binding("right,space", "step(1)", "Next", show=False, id="choice.next"),
    ]

    index: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[str, Any]],
        value: Any = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.options = list(options) or [(BLANK, None)]
        values = [v for _, v in self.options]
        self.set_reactive(Choice.index, values.index(value) if value in values else 0)

    @property
    def value(self) -> Any:
        return self.options[self.index][1]

    @value.setter
    def value(self, value: Any) -> None:
        values = [v for _, v in self.options]
        if value in values:
            self.index = values.index(value)

    def render(self) -> Text:
        label = visible(self.options[self.index][0])
        more = len(self.options) > 1
        return Text(f"{'‹ ' if more else ''}{label}{' ›' if more else ''}", end="")

    def watch_index(self) -> None:
        self.post_message(self.Changed(self))

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.options)

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if not char or not char.isprintable() or char == " " or len(char) != 1:
            return
        letter = char.casefold()
        count = len(self.options)
        for step in range(1, count + 1):
            i = (self.index + step) % count
            if visible(self.options[i][0]).casefold().startswith(letter):
                self.index = i
                event.stop()
                event.prevent_default()
                return
