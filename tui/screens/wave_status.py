"""One wave's response rates: forms issued and answered, the rate per owner and account,
the mirrors still missing and who has not answered yet. It follows every save (an answer
typed in, imported or given at the kiosk counts at once)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from rapport.store import Touched
from rapport.store.views import wave_status

from ..rapport_node import RapportNode
from ..render.survey_status import status_renderable
from ..safe import text


class WaveStatusScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="wave_status.back"),
        Binding("down,j", "scroll(1)", "Down", show=False, id="wave_status.down"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="wave_status.up"),
    ]
    DEFAULT_CSS = """
    WaveStatusScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(self, wave_id: str) -> None:
        super().__init__()
        self.wave_id = wave_id

    def compose(self) -> ComposeResult:
        yield Static(id="wave-status-title", classes="title-bar")
        with VerticalScroll(id="wave-status-body"):
            yield Static(id="wave-status")
        yield Footer()

    def on_mount(self) -> None:
        self.rapport.store_changed.subscribe(self, self._store_changed)
        self.query_one("#wave-status-body").focus()
        self._load()

    def _store_changed(self, touched: Touched) -> None:
        if touched.everything or touched.tables & {
            "waves",
            "responses",
            "survey_codes",
            "contacts",
        }:
            self._load()

    def _load(self) -> None:
        store = self.rapport.store
        if store is None or store.get("waves", self.wave_id) is None:
            self.dismiss()
            return
        status = wave_status(store, self.wave_id)
        self.query_one("#wave-status-title", Static).update(
            text(f"Response rates · {status.wave['name']}")
        )
        self.query_one("#wave-status", Static).update(status_renderable(status))

    def action_scroll(self, lines: int) -> None:
        self.query_one("#wave-status-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_back(self) -> None:
        self.dismiss()
