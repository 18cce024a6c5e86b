"""The filter form (f): pick class, band, owner, region, division, tier and flags; it
writes them into the search line, where they stay visible and editable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from rapport.store.records import fold
from rapport.store.views import AccountRow

from .. import account_query as aq
from ..widgets.form import FormBody, FormField

ANY = ("any", None)
NO_YES = [("no", False), ("yes", True)]


def _current(text: str, name: str) -> str | None:
    for token in text.split():
        if token.lower().startswith(f"{name}:"):
            return fold(token.split(":", 1)[1])
    return None


class FiltersModal(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s,enter", "apply", "Apply", priority=True, id="filters.apply"),
        Binding("escape", "dismiss(None)", "Cancel", id="filters.cancel"),
    ]
    DEFAULT_CSS = """
    FiltersModal { align: center middle; }
    FiltersModal > Vertical { width: 64; max-width: 100%; height: auto; background: $surface; border: round $primary; padding: 0 1; }
    FiltersModal #filters-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, query: str, rows: Sequence[AccountRow]) -> None:
        super().__init__()
        self.query_text = query

        def values(attr: str) -> list[tuple[str, Any]]:
            found = sorted({getattr(r, attr) for r in rows if getattr(r, attr)}, key=str.casefold)
            return [ANY, *((v, fold(v).replace(" ", "-")) for v in found)]

        flags = set(query.split())
        self.specs = [
            FormField(
                "class",
                "class",
                "choice",
                [
                    ANY,
                    ("Ambassador", "ambassador"),
                    ("Opportunist", "opportunist"),
                    ("Defector", "defector"),
                    ("Unsurveyed", "unsurveyed"),
                ],
            ),
            FormField(
                "band",
                "strength band",
                "choice",
                [
                    ANY,
                    ("strong", "strong"),
                    ("steady", "steady"),
                    ("weak", "weak"),
                    ("at risk", "at-risk"),
                ],
            ),
            FormField("owner", "owner", "choice", values("owner")),
            FormField("region", "region", "choice", values("region")),
            FormField("division", "division", "choice", values("division")),
            FormField(
                "tier",
                "tier",
                "choice",
                [ANY, ("key", "key"), ("growth", "growth"), ("standard", "standard")],
            ),
            FormField("mine", "mine only", "choice", NO_YES),
            FormField("overdue", "overdue only", "choice", NO_YES),
            FormField("losing", "losing touch", "choice", NO_YES),
        ]
        self.initial = {
            name: _current(query, name)
            for name in ("class", "band", "owner", "region", "division", "tier")
        }
        self.initial.update({flag: f"is:{flag}" in flags for flag in aq.FLAGS})

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Filter the accounts", classes="title")
            yield FormBody(self.specs, self.initial, id="filters")
            yield Label(
                "enter apply · esc cancel · ←/→ or a letter picks a value", id="filters-hint"
            )

    def on_mount(self) -> None:
        self.query_one(FormBody).rows()[0].editor.focus()

    def action_apply(self) -> None:
        values = self.query_one(FormBody).raw_values()
        text = self.query_text
        for name in ("class", "band", "owner", "region", "division", "tier"):
            text = aq.set_field(text, name, values[name])
        tokens = [t for t in text.split() if t not in {f"is:{f}" for f in aq.FLAGS}]
        tokens += [f"is:{flag}" for flag in aq.FLAGS if values[flag]]
        self.dismiss(" ".join(tokens))
