"""A form for one record (contact, promise, complaint, plan item, account, ...).

ctrl+s saves (in a worker), escape cancels and asks first if anything was typed. A field
the store refuses shows its message under it and gets the focus; what was typed stays.
If someone else saved the record meanwhile, both versions are shown (ConflictModal).
A name typed for an owner or a member of staff that nobody in the file has is asked about
first (a typo would create a person), and a save may ask too (:class:`AskFirst`: replace
an existing file?); answering yes saves again, no puts the reason at the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from rapport.store import ChangeSet, ConflictError, Store, StoreError, ValidationError
from rapport.store.records import FieldError, fold
from rapport.store.views import UnknownPerson, person

from ..rapport_node import RapportNode
from ..safe import content
from ..widgets.form import FormBody, FormField
from .confirm import Confirm
from .conflict import ConflictModal

SaveFn = Callable[[Store, dict[str, Any], int | None], ChangeSet]
"""Saves the form's values; the third argument is the version the edit was based on."""


def new_person_question(error: UnknownPerson) -> Confirm:
    """Is the name nobody in the file has a new person (yes), or a typo to mend (no)?"""
    closest = f"\nThe closest known: {', '.join(error.suggestions)}." if error.suggestions else ""
    return Confirm(
        f"Nobody in this file is called {error.name!r}.{closest}\nIs {error.name} a new person?",
        yes="New person",
        no="Fix the name",
    )


class AskFirst(StoreError):
    """Raised by a form's save function to ask before it goes on (replace a file?).

    Yes adds ``token`` to the form's :attr:`RecordForm.confirmed` and saves again; no
    shows ``refusal`` at ``field``."""

    def __init__(
        self, question: str, *, token: str, field: str, refusal: str, yes: str = "Yes"
    ) -> None:
        super().__init__(question)
        self.question = question
        self.token = token
        self.field = field
        self.refusal = refusal
        self.yes = yes


class RecordForm(RapportNode, ModalScreen[ChangeSet | None]):
    HINT = "ctrl+s save · esc cancel · tab next field"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    DEFAULT_CSS = """
    RecordForm { align: center middle; }
    RecordForm > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    RecordForm #form-title { text-style: bold; width: 100%; margin-bottom: 1; }
    RecordForm #form-buttons { height: 1; margin-top: 1; }
    RecordForm #form-hint { width: 1fr; color: $text-muted; }
    RecordForm Button { margin-left: 1; }
    RecordForm.wide-labels > Vertical { width: 90; }
    RecordForm.wide-labels FieldRow .field-label { width: 34; }
    RecordForm.wide-labels FieldRow .field-error { padding-left: 34; }
    """

    def __init__(
        self,
        title: str,
        specs: Sequence[FormField],
        values: Mapping[str, Any],
        save: SaveFn,
        *,
        expect: int | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.form_title = title
        self.specs = specs
        self.values = values
        self.save_fn = save
        self.expect = expect
        self._saving = False
        self.confirmed: set[str] = set()
        """What the user said yes to when asked (:class:`AskFirst` tokens)."""
        self.new_people: set[str] = set()
        """Names (folded) the user confirmed are new people."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Label(content(self.form_title), id="form-title")
            yield from self.compose_extra()
            yield FormBody(self.specs, self.values, id="form")
            with Horizontal(id="form-buttons"):
                yield Label(self.HINT, id="form-hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def compose_extra(self) -> ComposeResult:
        """Subclasses may add lines between the title and the fields."""
        yield from ()

    @property
    def body(self) -> FormBody:
        return self.query_one("#form", FormBody)

    def on_mount(self) -> None:
        rows = self.body.rows()
        if rows:
            rows[0].editor.focus()
        self.call_after_refresh(self.fit_body)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_body)

    def fit_body(self) -> None:
        """Give the fields what the screen has left after the title, the lines above the
        fields and the buttons: the fields scroll, Save and Cancel stay in view (at 80x24 a
        long form, or one showing its errors, would otherwise push them off the screen)."""
        box = self.query_one("#form-box", Vertical)
        body = self.body
        others = sum(
            child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
            for child in box.children
            if child is not body and child.display
        )
        room = self.size.height - box.styles.gutter.height - others
        body.styles.max_height = max(3, room)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def collect(self) -> dict[str, Any]:
        """The values to save (subclasses may add to them); raises ValidationError."""
        return self.body.values(self.rapport.ctx.today())

    def action_save(self, expect: int | None = None) -> None:
        if self._saving:
            return
        try:
            values = self.collect()
        except ValidationError as e:
            self.body.show_errors(e)
            return
        self.body.show_errors(None)
        self._saving = True
        based_on = self.expect if expect is None else expect
        people = {
            row.spec.name: str(values.get(row.spec.name) or "")
            for row in self.body.rows()
            if row.spec.person and row.changed() and str(values.get(row.spec.name) or "").strip()
        }
        new_people = set(self.new_people)
        save_fn = self.save_fn

        def save(store: Store) -> ChangeSet:
            for name, typed in people.items():  # in the known spelling, or asked about
                values[name] = person(store, name, typed, new=fold(typed) in new_people)
            return save_fn(store, values, based_on)

        self.rapport.save(
            save,
            done=self._saved,
            invalid=self._invalid,
            conflict=self._conflict,
            failed=self._failed,
        )

    def _saved(self, result: ChangeSet) -> None:
        self._saving = False
        self.dismiss(result)

    def _invalid(self, error: ValidationError) -> None:
        self._saving = False
        self.body.show_errors(error)

    def _failed(self, error: Exception) -> None:
        self._saving = False
        if isinstance(error, UnknownPerson):
            self._ask_new_person(error)
        elif isinstance(error, AskFirst):
            self._ask(error)
        else:
            self.notify(content(str(error)), title="Not saved", severity="error", timeout=8)

    def _ask(self, question: AskFirst) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.confirmed.add(question.token)
                self.action_save()
            else:
                self.body.show_errors(
                    ValidationError([FieldError(question.field, question.refusal)])
                )

        self.app.push_screen(Confirm(question.question, yes=question.yes, no="Back"), answer)

    def _ask_new_person(self, error: UnknownPerson) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.new_people.add(fold(error.name))
                self.action_save()
            else:
                self.body.show_errors(ValidationError([FieldError(error.field, str(error))]))

        self.app.push_screen(new_person_question(error), answer)

    def _conflict(self, error: ConflictError) -> None:
        self._saving = False

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                theirs = error.theirs
                if theirs is None:
                    self.expect = None  # it was deleted: saving would need a new record
                    self.notify(
                        "It was deleted elsewhere; your edit is still here to copy",
                        severity="warning",
                    )
                    return
                self.expect = int(theirs["version"])
                self.action_save()
            elif choice == "theirs":
                self.dismiss(None)

        self.app.push_screen(ConflictModal(error), chosen)

    def action_cancel(self) -> None:
        if not self.body.dirty():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            Confirm("Discard what you typed?", yes="Discard", no="Keep editing"), answer
        )


class ValuesForm(RecordForm):
    """A form that hands its values back on ctrl+s instead of saving them (the caller
    gathers several edits and saves them together)."""

    def __init__(self, title: str, specs: Sequence[FormField], values: Mapping[str, Any]) -> None:
        super().__init__(title, specs, values, _not_saved)

    def action_save(self, expect: int | None = None) -> None:
        try:
            values = self.collect()
        except ValidationError as e:
            self.body.show_errors(e)
            return
        self.dismiss(values)  # type: ignore[arg-type]


def _not_saved(store: Store, values: dict[str, Any], expect: int | None) -> ChangeSet:
    raise AssertionError("a ValuesForm does not save")
