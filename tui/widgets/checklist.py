"""Pick several of a few things (the contacts an interaction was with): ``[x] Dana``.

up/down (k/j) move, space or x ticks; the state is written, not only coloured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rapport.store.records import visible


class Checklist(Widget, can_focus=True):
    DEFAULT_CSS = """
    Checklist { height: auto; max-height: 6; padding: 0 1; background: $boost; }
    Checklist:focus { background: $panel; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous", show=False, id="checklist.up"),
        Binding("down,j", "move(1)", "Next", show=False, id="checklist.down"),
        Binding("space,x", "toggle", "Tick", show=False, id="checklist.tick"),
    ]
    cursor: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

        @property
        def control(self) -> Checklist:
            return self.checklist

    def __init__(
        self,
        options: Sequence[tuple[str, Any]],
        chosen: Sequence[Any] = (),
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.chosen = [v for _, v in self.options if v in set(chosen)]

    @property
    def selected(self) -> list[Any]:
        return [v for _, v in self.options if v in self.chosen]

    def render(self) -> Text:
        out = Text(end="")
        for i, (label, value) in enumerate(self.options):
            here = i == self.cursor and self.has_focus
            box = "[x]" if value in self.chosen else "[ ]"
            out.append(f"{'▶' if here else ' '}{box} ", style="bold" if here else "")
            out.append(visible(label), style="reverse" if here else "")
            if i < len(self.options) - 1:
                out.append("\n")
        return out

    def get_content_height(self, container, viewport, width):  # type: ignore[no-untyped-def]
        return max(1, len(self.options))

    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(len(self.options) - 1, self.cursor + delta))

    def action_toggle(self) -> None:
        if not self.options:
            return
        value = self.options[self.cursor][1]
        if value in self.chosen:
            self.chosen.remove(value)
        else:
            self.chosen.append(value)
        self.refresh()
        self.post_message(self.Changed(self))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
