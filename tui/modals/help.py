"""Every key of the screen underneath, in one scrollable list (? or f1; escape closes).

Textual's own key panel is a narrow side column that cannot scroll and lists the
framework's keys first; at 80x24 it cut off most of a screen's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from ..safe import text


def key_rows(
    app_keys: Iterable[ActiveBinding], describe: Callable[[Binding], str]
) -> list[tuple[str, str, str, str]]:
    """(where, keys, what, id) for each of our bindings (those with an id), the keys of one
    binding joined, in the order they were found (the focused widget's first). The id is
    what a key map names to give the binding other keys."""
    rows: dict[tuple[int, str], tuple[str, list[str], str, str]] = {}
    for active in app_keys:
        binding = active.binding
        if not binding.id or not binding.description:
            continue
        slot = (id(active.node), binding.action)
        where = _where(active.node)
        shown = describe(binding)
        if slot in rows:
            if shown not in rows[slot][1]:
                rows[slot][1].append(shown)
        else:
            rows[slot] = (where, [shown], binding.description, binding.id)
    return [(where, " ".join(keys), what, bid) for where, keys, what, bid in rows.values()]


def _where(node: object) -> str:
    """Where a key works, in a word: everywhere (the app), here (the screen), or the part."""
    if isinstance(node, App):
        return "everywhere"
    if isinstance(node, Screen):
        return "here"
    name = type(node).__name__
    return {"VirtualTable": "list", "FormBody": "form"}.get(name, name.removesuffix("Pane"))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
        Binding("j", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("g,home", "edge(False)", "Top", show=False, id="help.top"),
        Binding("G,end", "edge(True)", "Bottom", show=False, id="help.bottom"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 76; max-width: 100%; height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; width: 100%; }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen #help-hint { color: $text-muted; }
    """

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.title_text = f"Keys · {under.__class__.__name__.removesuffix('Screen')}"
        self.rows = key_rows(under.active_bindings.values(), self.app.get_key_display)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim")
        table.add_column(style="dim", no_wrap=True)
        for where, keys, what, binding_id in self.rows:
            table.add_row(text(keys), text(what), text(where), text(binding_id))
        with Vertical():
            yield Label(self.title_text, id="help-title")
            with VerticalScroll(id="help-keys"):
                yield Static(table)
            yield Label(
                Text("esc closes · j k g G scroll · the last column is the id a key map names"),
                id="help-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-keys", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_edge(self, bottom: bool) -> None:
        keys = self.query_one("#help-keys", VerticalScroll)
        if bottom:
            keys.scroll_end(animate=False, immediate=True)
        else:
            keys.scroll_home(animate=False, immediate=True)
