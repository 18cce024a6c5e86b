"""The gestures, gifts and cards a contact received (v on the contacts tab): the privileges
regular contacts do not get, newest first. Escape closes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from rapport.store.records import Record, visible

from ..safe import content


class GesturesModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,v", "dismiss", "Close", id="gestures.close")]
    DEFAULT_CSS = """
    GesturesModal { align: center middle; }
    GesturesModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    GesturesModal #gestures-title { text-style: bold; width: 100%; }
    GesturesModal VerticalScroll { height: auto; max-height: 1fr; }
    GesturesModal #gestures-hint { color: $text-muted; }
    """

    def __init__(self, contact: Record, gestures: Sequence[Record]) -> None:
        super().__init__()
        self.contact = contact
        self.gestures = sorted(gestures, key=lambda i: i["date"], reverse=True)

    def compose(self) -> ComposeResult:
        title = f"Gestures and gifts · {self.contact['name']} · {len(self.gestures)} in all"
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="bold")
        table.add_column(no_wrap=True, style="dim")
        table.add_column()
        for g in self.gestures:
            table.add_row(
                g["date"], g["kind"], Text(visible(g["staff"])), Text(visible(g["summary"]))
            )
        with Vertical():
            yield Label(content(title), id="gestures-title")
            with VerticalScroll():
                if self.gestures:
                    yield Static(table)
                else:
                    yield Label("None yet: log one with i, kind gift or card, with this contact")
            yield Label("escape closes", id="gestures-hint")
