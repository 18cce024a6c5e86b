"""Ask before something that cannot be taken back easily. Focus starts on the safe answer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from ..safe import content


class Confirm(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "No", id="confirm.no"),
        Binding("y", "dismiss(True)", "Yes", id="confirm.yes"),
        Binding("left,h", "app.focus_previous", "Previous", show=False, id="confirm.previous"),
        Binding("right,l", "app.focus_next", "Next", show=False, id="confirm.next"),
    ]
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 60; max-width: 100%; height: auto; padding: 1 2;
        background: $surface; border: thick $warning;
    }
    Confirm #question { width: 100%; margin-bottom: 1; }
    Confirm Horizontal { height: auto; align-horizontal: right; }
    Confirm Button { margin-left: 2; }
    """

    def __init__(
        self, question: str, yes: str = "Yes", no: str = "Cancel", *, safe_is_no: bool = True
    ) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.safe_is_no = safe_is_no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(content(self.question, multiline=True), id="question")
            with Horizontal():
                yield Button(content(f"{self.no_label} (n)"), id="no", compact=True)
                yield Button(
                    content(f"{self.yes_label} (y)"), id="yes", variant="warning", compact=True
                )

    def on_mount(self) -> None:
        self.query_one("#no" if self.safe_is_no else "#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
