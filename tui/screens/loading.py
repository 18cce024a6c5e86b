"""Shown while the data file opens (in a worker), and where it says why it could not."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator

from ..safe import content


class LoadingScreen(Screen[None]):
    BINDINGS = [Binding("q,escape", "app.quit", "Quit", id="loading.quit")]
    DEFAULT_CSS = """
    LoadingScreen Label { width: 100%; text-align: center; padding: 0 2; }
    LoadingScreen #error { color: $text-error; text-style: bold; }
    LoadingScreen LoadingIndicator { height: 3; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.failed = False

    def handles(self, key: str) -> bool:
        """Is ``key`` one of this screen's own (or a priority key of the app)?"""
        return any(key in bindings.key_to_bindings for _node, bindings in self._binding_chain)

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label(content(f"Opening {self.path} …"), id="opening")
            yield LoadingIndicator()

    def show_error(self, message: str) -> None:
        self.failed = True
        self.query_one(LoadingIndicator).remove()
        self.query_one("#opening", Label).update(content("Rapport could not open the data file."))
        self.query_one(Middle).mount(
            Label(content(message), id="error"), Label(content("Press q to quit."))
        )
