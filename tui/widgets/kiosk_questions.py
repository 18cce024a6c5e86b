"""The kiosk's questions, one at a time and large enough to read at arm's length: each
statement 1-5, then recommend 0-10, then switch 1-5. Single keys, as in response entry:
``1``..``5`` answers and moves on, ``0`` or space skips, backspace goes back. Recommend takes
``0``..``10`` (``1`` then ``0`` is ten) and enter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rapport.store.records import visible

from .score_grid import SCALE

RECOMMEND = "How likely are you to recommend us to a colleague or a friend?"
SWITCH = "If a competitor offered a better deal, we would switch."


@dataclass(frozen=True)
class Item:
    key: str
    """A statement's key, or "recommend" / "switch"."""
    text: str
    low: int
    high: int


class KioskQuestions(Widget, can_focus=True):
    DEFAULT_CSS = """
    KioskQuestions { height: auto; padding: 1 2; background: $boost; }
    """

    index: reactive[int] = reactive(0)

    class Finished(Message):
        """The last question was answered (or skipped)."""

    class Back(Message):
        """Backspace on the first question: back to choosing a name."""

    def __init__(self, statements: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        """``statements``: (key, text) in the order they are asked."""
        super().__init__(id=id)
        self.items = [Item(k, t, 1, 5) for k, t in statements]
        self.items += [Item("recommend", RECOMMEND, 0, 10), Item("switch", SWITCH, 1, 5)]
        self.values: dict[str, int] = {}
        self.typed = ""
        """Digits typed so far for recommend (0-10)."""

    def reset(self) -> None:
        self.values.clear()
        self.typed = ""
        self.index = 0
        self.refresh(layout=True)

    @property
    def answers(self) -> dict[str, int]:
        return {k: v for k, v in self.values.items() if k not in ("recommend", "switch")}

    @property
    def item(self) -> Item:
        return self.items[self.index]

    def render(self) -> RenderableType:
        item = self.item
        head = Text(f"Question {self.index + 1} of {len(self.items)}", style="dim")
        question = Text(visible(item.text), style="bold")
        chosen = self.values.get(item.key)
        scale = Text()
        for n in range(item.low, item.high + 1):
            if item.key == "recommend":
                scale.append(f" {n} ", style="reverse bold" if n == chosen else "")
                scale.append(" ")
            else:
                scale.append(f"  {n}  {SCALE[n]:<18}", style="reverse bold" if n == chosen else "")
                scale.append("\n" if n < item.high else "")
        if item.key == "recommend":
            ends = Text("0 = not at all likely · 10 = extremely likely", style="dim")
            how = "Type 0 to 10 (1 then 0 is ten), then enter · space skips · backspace goes back"
        else:
            ends = Text("")
            how = "Press 1 to 5 · 0 or space skips · backspace goes back"
        return Group(
            head, Text(""), question, Text(""), scale, ends, Text(""), Text(how, style="dim")
        )

    def get_content_height(self, container, viewport, width):  # type: ignore[no-untyped-def]
        lines = self.app.console.render_lines(
            self.render(), self.app.console.options.update_width(max(10, width))
        )
        return len(lines)

    def on_key(self, event: events.Key) -> None:
        char, item = event.character, self.item
        if event.key == "backspace":
            self._back()
        elif item.key == "recommend" and char is not None and char.isdigit():
            self.typed = "10" if self.typed == "1" and char == "0" else char
            self.values["recommend"] = int(self.typed)
            self.refresh(layout=True)
        elif item.key == "recommend" and event.key == "enter":
            self._next()
        elif char in ("0", " "):
            self.values.pop(item.key, None)
            self._next()
        elif char is not None and char.isdigit() and item.low <= int(char) <= item.high:
            self.values[item.key] = int(char)
            self._next()
        else:
            return
        event.stop()
        event.prevent_default()

    def _next(self) -> None:
        self.typed = ""
        if self.index < len(self.items) - 1:
            self.index += 1
            self.refresh(layout=True)
        else:
            self.post_message(self.Finished())

    def _back(self) -> None:
        self.typed = ""
        if self.index == 0:
            self.post_message(self.Back())
            return
        self.index -= 1
        self.values.pop(self.item.key, None)
        self.refresh(layout=True)
