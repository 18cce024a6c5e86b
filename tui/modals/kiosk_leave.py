"""Leaving the survey kiosk: only the staff member, who types the word the start page
states. Anything else goes back to the survey; the app's keys stay off meanwhile."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

LEAVE_WORD = "leave"


class KioskLeave(ModalScreen[bool]):
    KIOSK = True
    BINDINGS = [
        Binding(
            "escape", "dismiss(False)", "Back to the survey", priority=True, id="kiosk_leave.back"
        ),
        Binding(
            "ctrl+q",
            "dismiss(False)",
            "Back to the survey",
            priority=True,
            show=False,
            id="kiosk_leave.quit",
        ),
    ]
    DEFAULT_CSS = """
    KioskLeave { align: center middle; }
    KioskLeave > Vertical { width: 60; max-width: 100%; height: auto; padding: 1 2;
        background: $surface; border: thick $warning; }
    KioskLeave Label { width: 100%; }
    KioskLeave .hint { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Staff only: close the survey kiosk?")
            yield Label(
                f"Type {LEAVE_WORD} and press enter. Escape goes back to the survey.",
                classes="hint",
            )
            yield Input(id="leave-word", password=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#leave-word")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip().casefold() == LEAVE_WORD)
