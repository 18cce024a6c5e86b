"""The questionnaire: reword, add or retire statements. Once a wave has asked a version,
saving makes a new version, so old waves keep meaning what they meant."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from rapport.store.actions import edit_questionnaire, in_use, statement_key
from rapport.store.records import thaw
from rapport.store.views import current_questionnaire

from ..modals.confirm import Confirm
from ..modals.record_form import ValuesForm
from ..rapport_node import RapportNode
from ..safe import text
from ..widgets.form import FormField
from ..widgets.vtable import Cell, Column, VirtualTable

COLUMNS = [
    Column("n", "#", 2, "right"),
    Column("factor", "Factor", 22),
    Column("text", "Statement (rated 1-5)", 0),
    Column("state", "", 7),
]


class QuestionnaireScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="questionnaire.back"),
        Binding("e", "reword", "Reword", id="questionnaire.reword"),
        Binding("n", "add", "Add statement", id="questionnaire.add"),
        Binding("x", "retire", "Retire/restore", id="questionnaire.retire"),
        Binding("ctrl+s", "save", "Save", id="questionnaire.save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.statements: list[dict[str, Any]] = []
        self.factors: dict[str, str] = {}
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield Static(id="q-title", classes="title-bar")
        yield VirtualTable(
            COLUMNS, self._cells, lambda s: s["key"], markable=False, id="statements"
        )
        yield Static(id="q-note", classes="summary")
        yield Footer()

    def on_mount(self) -> None:
        store = self.rapport.store
        assert store is not None
        current = current_questionnaire(store)
        if current is None:
            self.notify("There is no questionnaire", severity="error")
            return
        self.version = current["version"]
        self.number = current["number"]
        self.asked = in_use(store, current["id"])
        self.statements = thaw(current["statements"])
        self.factors = {f["key"]: f["name"] for f in current["factors"]}
        self._show()
        self.query_one(VirtualTable).focus()

    def _show(self, keep: str | None = None) -> None:
        self.query_one(VirtualTable).set_rows(list(self.statements), keep=keep)
        edits = "  · unsaved changes: ctrl+s saves" if self.dirty else ""
        self.query_one("#q-title", Static).update(
            text(
                f"Questionnaire, version {self.number} · {sum(not s.get('retired') for s in self.statements)} statements asked{edits}"
            )
        )
        note = (
            f"A wave has asked version {self.number}: saving makes version {self.number + 1} for new waves."
            if self.asked
            else "No wave has asked this version yet: saving changes it in place."
        )
        self.query_one("#q-note", Static).update(
            text(note + " Recommend (0-10) and switch (1-5) are always asked.")
        )

    def _cells(self, s: dict[str, Any]) -> list[Cell]:
        n = self.statements.index(s) + 1 if s in self.statements else 0
        retired = bool(s.get("retired"))
        return [
            str(n),
            (self.factors.get(s["factor"], s["factor"]), "dim" if retired else None),
            (s["text"], "dim" if retired else None),
            ("retired", "dim") if retired else "",
        ]

    def _form(self, statement: dict[str, Any] | None) -> ValuesForm:
        specs = [
            FormField(
                "factor",
                "factor",
                "choice",
                [(name, key) for key, name in self.factors.items()],
                required=True,
            ),
            FormField("text", "statement", "long", required=True),
        ]
        values = (
            {"factor": statement["factor"], "text": statement["text"]}
            if statement
            else {"factor": next(iter(self.factors))}
        )
        return ValuesForm("Reword statement" if statement else "Add a statement", specs, values)

    def _edited(self, statement: dict[str, Any] | None, values: Any) -> None:
        if not values:
            return
        if not str(values.get("text") or "").strip():
            self.notify("A statement needs words", severity="warning")
            return
        if statement is None:
            key = statement_key(self.statements, values["factor"])
            self.statements.append(
                {"key": key, "factor": values["factor"], "text": values["text"].strip()}
            )
        else:
            statement.update(factor=values["factor"], text=values["text"].strip())
        self.dirty = True
        self._show(keep=statement["key"] if statement else self.statements[-1]["key"])

    def action_reword(self) -> None:
        statement = self.query_one(VirtualTable).current
        if statement is not None:
            self.app.push_screen(self._form(statement), lambda v: self._edited(statement, v))

    def action_add(self) -> None:
        self.app.push_screen(self._form(None), lambda v: self._edited(None, v))

    def action_retire(self) -> None:
        statement = self.query_one(VirtualTable).current
        if statement is None:
            return
        statement["retired"] = not statement.get("retired")
        self.dirty = True
        self._show(keep=statement["key"])

    def action_save(self) -> None:
        statements = [dict(s) for s in self.statements]
        version = self.version

        def done(_: Any) -> None:
            self.dirty = False
            self.notify("Questionnaire saved", timeout=3)
            self.dismiss()

        self.rapport.save(
            lambda store: edit_questionnaire(store, statements=statements, expect=version),
            done=done,
        )

    def action_back(self) -> None:
        if not self.dirty:
            self.dismiss()
            return
        self.app.push_screen(
            Confirm("Leave without saving the questionnaire changes?", yes="Leave", no="Stay"),
            lambda leave: self.dismiss() if leave else None,
        )
