"""Entering a response by its code: the code printed on a survey kit's form names the wave,
the account, the contact (or the owner's mirror) and the respondent, so typing it picks
them all in response entry. ``c`` on the surveys screen asks for the code first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from rapport.store.records import Record, is_code, normalize_code, shown_code
from rapport.store.views import code_info, find_code, stored_answer

from ..rapport_node import RapportNode
from ..safe import content

if TYPE_CHECKING:
    from .response_entry import ResponseEntry


def check_code(store: Any, typed: str) -> tuple[Record | None, str]:
    """The code typed and what to say about it (an error when the record is None)."""
    if not typed.strip():
        return None, ""
    if not is_code(typed):
        if len(normalize_code(typed)) < 6:
            return None, ""  # still typing
        return None, f"{typed.strip()} is not a response code (6 letters and digits: K7M-4QX)"
    code = find_code(store, typed)
    if code is None:
        return None, f"no form has the code {shown_code(typed)}"
    info = code_info(store, code)
    if info.wave is None or info.account is None:
        return None, f"{info.text}: its wave or account no longer exists"
    if info.wave["status"] != "open":
        return None, f"{info.text} is of wave {info.wave['name']}, which is closed: x reopens it"
    said = info.describe()
    if stored_answer(store, code) is not None:
        said += " · answered already: saving replaces that answer"
    return code, said


class CodePrompt(RapportNode, ModalScreen[Record | None]):
    """Ask for a response code; dismiss with its record (escape: None)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="code.cancel")]
    DEFAULT_CSS = """
    CodePrompt { align: center middle; }
    CodePrompt > Vertical {
        width: 64; max-width: 100%; height: auto; padding: 1 2;
        background: $surface; border: round $primary;
    }
    CodePrompt #code-said { color: $text-muted; width: 1fr; }
    CodePrompt #code-said.-error { color: $text-error; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Response code from the form (enter · esc cancels)")
            yield Input(placeholder="K7M-4QX", id="code-input", compact=True)
            yield Label("", id="code-said")

    @on(Input.Changed, "#code-input")
    def _typed(self, event: Input.Changed) -> None:
        assert self.rapport.store is not None
        code, said = check_code(self.rapport.store, event.value)
        self._say(said, error=code is None)

    @on(Input.Submitted, "#code-input")
    def _submitted(self, event: Input.Submitted) -> None:
        assert self.rapport.store is not None
        code, said = check_code(self.rapport.store, event.value)
        if code is None:
            self._say(said or "type the code printed on the form", error=True)
            return
        self.dismiss(code)

    def _say(self, said: str, *, error: bool) -> None:
        label = self.query_one("#code-said", Label)
        label.update(content(said))
        label.set_class(error, "-error")


def by_code(screen: Any) -> None:
    """Ask for a code, then open response entry with everything it names picked."""
    from .response_entry import ResponseEntry

    def chosen(code: Record | None) -> None:
        if code is not None:
            screen.app.push_screen(
                ResponseEntry(code["account"], code["wave"], code=shown_code(code["code"]))
            )

    screen.app.push_screen(CodePrompt(), chosen)


async def code_typed(entry: ResponseEntry, typed: str) -> None:
    """Response entry's code field changed: pick what the code names (another account's or
    wave's code opens its form, keeping what was typed so far)."""
    from ..widgets.choice import Choice
    from ..widgets.form import FormBody
    from ..widgets.score_grid import ScoreGrid

    store = entry.rapport.store
    assert store is not None
    code, said = check_code(store, typed)
    note = entry.query_one("#code-note", Label)
    note.update(content(said))
    note.set_class(code is None and bool(said), "-error")
    note.set_class(bool(said), "-shown")
    if code is None:
        return
    if (code["account"], code["wave"]) != (entry.account_id, entry.wave_id):
        entry.carried = {
            "answers": dict(entry.query_one(ScoreGrid).scores),
            **entry.query_one("#entry-tail", FormBody).raw_values(),
        }
        entry.account_id, entry.wave_id, entry.code = code["account"], code["wave"], typed
        await entry.recompose()
        entry.call_after_refresh(entry.apply_code)
        return
    head = entry.query_one("#entry-head", FormBody)
    head.row("wave").query_one(Choice).value = code["wave"]
    head.row("respondent").query_one(Choice).value = code["respondent"]
    if code["respondent"] == "customer":
        head.row("contact").query_one(Choice).value = code["contact"]
    else:
        head.row("staff").query_one(Input).value = code.get("staff") or ""
    entry._show_respondent(code["respondent"])
    entry.query_one(ScoreGrid).focus()
