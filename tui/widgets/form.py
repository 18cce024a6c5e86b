"""The body of every form: one row per field (label, input, and the field's error under it).

Fields are described by :class:`FormField` (mostly derived from the schema), so contacts,
promises, complaints, plan items and accounts share one way of entering, checking and
showing errors. Values come back as text the store's validation reads; dates accept what
people type (``+3``, ``fri``, ``tomorrow``) and are turned into ISO dates here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from rapport.store.records import (
    FIELDS,
    Field,
    FieldError,
    Invalid,
    ValidationError,
    check_value,
    parse_when,
    visible,
)
from rapport.store.views import PERSON_FIELDS

from ..formatting import words
from ..safe import content
from .checklist import Checklist
from .choice import BLANK, Choice
from .one_line import OneLineInput

Kind = Literal["text", "long", "date", "choice", "number", "int", "multi", "tags"]
LONG_TEXT = {"summary", "notes", "resolution", "note"}


@dataclass
class FormField:
    name: str
    title: str
    kind: Kind = "text"
    choices: Sequence[tuple[str, Any]] = ()
    required: bool = False
    placeholder: str = ""
    hint: str = ""
    default: Any = None
    """Shown when the record has no value yet (a new record)."""
    field: Field | None = None
    """The schema field this edits: its rules are checked on save, every field at once."""
    person: bool = False
    """It names one of our people (an owner, a member of staff): a name nobody in the file
    has is asked about before it is saved (a typo would create a person)."""

    @property
    def happened(self) -> bool:
        """A date when something happened: a weekday typed means the last one."""
        return self.field is not None and self.field.happened


def schema_fields(
    table: str,
    names: Iterable[str],
    *,
    choices: Mapping[str, Sequence[tuple[str, Any]]] | None = None,
    titles: Mapping[str, str] | None = None,
) -> list[FormField]:
    """Form fields for ``names`` of ``table``, their kinds taken from the schema."""
    choices = choices or {}
    titles = titles or {}
    out = []
    for name in names:
        f = FIELDS[table][name]
        title = titles.get(name, f.title)
        if name in choices:
            options = list(choices[name])
            if not f.required and (BLANK, None) not in options:
                options = [(BLANK, None), *options]
            spec = FormField(name, title, "choice", options, f.required)
        elif f.kind == "enum":
            options = [(words(c), c) for c in f.choices]
            if not f.required and f.default is None:
                options = [(BLANK, None), *options]
            spec = FormField(name, title, "choice", options, f.required, default=f.default)
        elif f.kind in ("date", "monthday"):
            hint = "YYYY-MM-DD, today, " + ("-1, mon" if f.happened else "+3, fri")
            hint += " or --MM-DD" if f.kind == "monthday" else ""
            spec = FormField(name, title, "date", required=f.required, placeholder=hint)
        elif f.kind == "bool":
            spec = FormField(name, title, "choice", [("no", False), ("yes", True)], default=False)
        elif f.kind in ("int", "number"):
            kind: Kind = "int" if f.kind == "int" else "number"
            spec = FormField(name, title, kind, required=f.required)
        elif f.kind == "tags":
            spec = FormField(name, title, "tags", placeholder="separated by ;")
        else:
            kind = "long" if name in LONG_TEXT else "text"
            spec = FormField(name, title, kind, required=f.required)
        spec.field = f
        spec.person = name in PERSON_FIELDS.get(table, ())
        out.append(spec)
    return out


class FieldRow(Widget):
    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > Horizontal { height: auto; }
    FieldRow .field-label { width: 16; padding: 0 1 0 0; color: $text-muted; }
    FieldRow .field-label.-required { color: $foreground; }
    FieldRow .field-error { display: none; padding-left: 16; width: 1fr; }
    FieldRow.-error .field-error { display: block; }
    FieldRow TextArea { height: 4; background: $boost; }
    FieldRow TextArea:focus { background: $panel; }
    """

    def __init__(self, spec: FormField, value: Any) -> None:
        super().__init__(id=f"row-{spec.name}")
        self.spec = spec
        self.initial = value
        self.opened: Any = _UNSET
        """What the editor held when the form opened: "changed" means "differs from this"."""
        self._error_for: Any = _UNSET
        """The value the shown error was about (an error clears once the field is valid)."""
        self._required_error = False

    def on_mount(self) -> None:
        self.opened = self.raw()

    def compose(self) -> ComposeResult:
        spec = self.spec
        with Horizontal():
            label = Label(
                content(spec.title + (" *" if spec.required else "")), classes="field-label"
            )
            label.set_class(spec.required, "-required")
            yield label
            yield self._editor(spec, self.initial)
        yield Label("", classes="field-error")

    def _editor(self, spec: FormField, value: Any) -> Widget:
        wid = f"field-{spec.name}"
        if spec.kind == "long":
            return TextArea(_shown(spec, value), id=wid, compact=True, soft_wrap=True)
        if spec.kind == "choice":
            return Choice(spec.choices, value, id=wid)
        if spec.kind == "multi":
            return Checklist(spec.choices, list(value or ()), id=wid)
        # Amounts are typed as people write them (1,5M, 50k, 2 600 000): a text input, read
        # by the store's one amount parser (Textual's number input drops what it cannot read).
        input_type = "integer" if spec.kind == "int" else "text"
        return OneLineInput(
            _shown(spec, value), placeholder=spec.placeholder, id=wid, compact=True, type=input_type
        )  # type: ignore[arg-type]

    @property
    def editor(self) -> Widget:
        return self.query_one(f"#field-{self.spec.name}")

    def raw(self) -> Any:
        editor = self.editor
        if isinstance(editor, TextArea):
            return editor.text
        if isinstance(editor, Choice):
            return editor.value
        if isinstance(editor, Checklist):
            return editor.selected
        assert isinstance(editor, Input)
        return editor.value

    def changed(self) -> bool:
        """Has the field been edited since the form opened (to something else)?"""
        now = self.raw()
        opened = self.opened if self.opened is not _UNSET else now
        if isinstance(now, list) or isinstance(opened, list):
            return set(now or ()) != set(opened or ())
        return bool(now != opened)

    def show_error(self, reason: str | None, *, as_is: bool = False) -> None:
        """Show ``reason`` (what the store said about this field) under it, naming the
        field as the command line does: "summary is required", "due: 2026-02-30 is not a
        date". None clears it."""
        message = (reason if as_is else named(self.spec.title, reason)) if reason else ""
        self._error_for = self.raw() if reason else _UNSET
        self._required_error = bool(reason) and str(reason).startswith("is required")
        self.set_class(bool(reason), "-error")
        self.query_one(".field-error", Label).update(content(message))

    def on_input_changed(self) -> None:
        self._recheck()

    def on_text_area_changed(self) -> None:
        self._recheck()

    def on_choice_changed(self) -> None:
        self._recheck()

    def on_checklist_changed(self) -> None:
        self._recheck()

    def _recheck(self) -> None:
        """Clear the error once the field holds something else that is valid on its own."""
        if self._error_for is _UNSET or self.raw() == self._error_for:
            return
        value = self.raw()
        empty = value in (None, "", []) or (isinstance(value, str) and not value.strip())
        if empty and (self.spec.required or self._required_error):
            return
        if not empty and self.problem(value) is not None:
            return
        self.show_error(None)

    def problem(self, value: Any) -> str | None:
        """Why ``value`` cannot be this field's on its own (its form, its range), or None."""
        today = getattr(self.app, "ctx", None)
        day = today.today() if today is not None else date.today()
        try:
            if self.spec.kind == "date" and isinstance(value, str):
                text = value.strip()
                if not (text.startswith("--") or text[:5].upper() == "XXXX-"):
                    value = parse_when(text, day, happened=self.spec.happened)
            if self.spec.field is not None:
                check_value(self.spec.field, value, day)
        except Invalid as e:
            return str(e)
        return None


class FormBody(VerticalScroll, can_focus=False):
    """The fields of a form, with their values, errors and "was anything typed?"."""

    DEFAULT_CSS = """
    FormBody { height: auto; max-height: 1fr; }
    """

    def __init__(
        self, specs: Sequence[FormField], values: Mapping[str, Any], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.specs = list(specs)
        self.initial = {s.name: values.get(s.name, s.default) for s in self.specs}

    def compose(self) -> ComposeResult:
        for spec in self.specs:
            yield FieldRow(spec, self.initial[spec.name])

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def row(self, name: str) -> FieldRow:
        return self.query_one(f"#row-{name}", FieldRow)

    def raw_values(self) -> dict[str, Any]:
        return {row.spec.name: row.raw() for row in self.rows()}

    def dirty(self) -> bool:
        """Has anything been typed or changed since the form opened (compared with what
        each field held when it opened, prefilled values included)?"""
        return any(row.changed() for row in self.rows())

    @staticmethod
    def _changed(row: FieldRow) -> bool:
        return row.changed()

    def values(self, today: date) -> dict[str, Any]:
        """The values to save; raises ValidationError for dates that cannot be read."""
        errors: list[FieldError] = []
        out: dict[str, Any] = {}
        for row in self.rows():
            value = row.raw()
            if not self._changed(row):
                # Text is kept exactly as stored, even text shown with symbols; a choice is
                # what it shows (a new record's first option, when it had no value).
                textual = row.spec.kind not in ("choice", "multi")
                out[row.spec.name] = row.initial if textual else value
                continue
            if row.spec.kind == "date" and isinstance(value, str) and value.strip():
                if value.strip().startswith("--") or value.strip()[:5].upper() == "XXXX-":
                    out[row.spec.name] = value.strip()
                    continue
                try:
                    value = parse_when(value, today, happened=row.spec.happened)
                except Invalid as e:
                    errors.append(FieldError(row.spec.name, str(e)))
                    continue
            if row.spec.field is not None and value not in (None, "", []):
                try:
                    check_value(row.spec.field, value, today)
                except Invalid as e:
                    errors.append(FieldError(row.spec.name, str(e)))
                    continue
            out[row.spec.name] = value
        if errors:
            raise ValidationError(errors)
        return out

    def show_errors(self, error: ValidationError | None) -> None:
        """Show each message at its field (and the rest on the first row); focus the first."""
        by_field = {e.field: e.reason for e in error.errors} if error else {}
        first: FieldRow | None = None
        for row in self.rows():
            message = by_field.pop(row.spec.name, None)
            row.show_error(message)
            if message and first is None:
                first = row
        if by_field and self.rows():
            leftover = "; ".join(f"{k}: {v}" for k, v in by_field.items())
            self.rows()[0].show_error(leftover, as_is=True)
            first = first or self.rows()[0]
        if first is not None:
            first.editor.focus()
            first.scroll_visible()


_UNSET: Any = object()


def named(title: str, reason: str) -> str:
    """An error as the command line says it, the field named first."""
    if reason.startswith(title + " ") or reason.startswith(title + ":"):
        return reason
    return f"{title} {reason}" if reason.startswith("is ") else f"{title}: {reason}"


def _shown(spec: FormField, value: Any) -> str:
    """How a stored value appears in its editor (what "unchanged" looks like)."""
    if value is None:
        return ""
    if spec.kind == "tags":
        value = "; ".join(value)
    return visible(str(value), multiline=spec.kind == "long")
