"""Someone else saved the record you were editing: show both versions and let the user choose.

Nothing is lost whichever way: "keep mine" saves your version over theirs (theirs stays in
the audit trail), "take theirs" drops your edit, "back" returns to your form as you left it.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from rapport.store import ConflictError
from rapport.store.records import content as record_content
from rapport.store.records import visible

from ..formatting import words
from ..safe import content


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(visible(v) for v in value)
    return visible("" if value is None else value)


def _when(stamp: Any) -> str:
    """``2026-11-23T17:13:20Z`` as ``2026-11-23 17:13 UTC``."""
    text = visible(stamp)
    return f"{text[:10]} {text[11:16]} UTC" if len(text) >= 16 and text[10:11] == "T" else text


class ConflictModal(ModalScreen[str]):
    """Returns "mine", "theirs" or "back"."""

    BINDINGS = [
        Binding("escape,b", "dismiss('back')", "Back to my edit", id="conflict.back"),
        Binding("m", "dismiss('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "dismiss('theirs')", "Take theirs", id="conflict.theirs"),
    ]
    DEFAULT_CSS = """
    ConflictModal { align: center middle; }
    ConflictModal > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        padding: 0 1; background: $surface; border: thick $error;
    }
    ConflictModal #conflict-title { width: 100%; }
    ConflictModal VerticalScroll { height: auto; max-height: 14; }
    ConflictModal Horizontal { height: auto; align-horizontal: right; }
    ConflictModal Button { margin-left: 1; }
    """

    def __init__(self, error: ConflictError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        error = self.error
        theirs = error.theirs
        who = (
            "deleted it"
            if theirs is None
            else f"{visible(theirs.get('updated_by'))} saved it at {_when(theirs.get('updated_at'))}"
        )
        with Vertical():
            yield Label(
                content(f"Changed elsewhere: {who} while you were editing."), id="conflict-title"
            )
            with VerticalScroll():
                yield Static(self._differences())
            with Horizontal():
                yield Button(content("Back to my edit (b)"), id="back", compact=True)
                yield Button(content("Take theirs (t)"), id="theirs", compact=True)
                yield Button(content("Keep mine (m)"), id="mine", variant="warning", compact=True)

    def _differences(self) -> Table:
        mine = dict(self.error.mine or {})
        theirs = record_content(self.error.theirs) if self.error.theirs else {}
        table = Table("field", "yours", "theirs", expand=True, show_lines=False)
        names = [k for k in record_content(mine) if k in theirs or theirs == {}]
        for name in names:
            a, b = mine.get(name), theirs.get(name)
            if a == b or (isinstance(a, list | tuple) and list(a) == list(b or ())):
                continue
            table.add_row(Text(words(name)), Text(_show(a)), Text(_show(b)))
        if not table.rows:
            table.add_row(Text("(no field differs)"), Text(""), Text(""))
        return table

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "back")
