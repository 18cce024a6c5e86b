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

from rapport.store.dates import parse_when
from rapport.store.schema import FIELDS, Field
from rapport.store.text import visible
from rapport.store.validate import FieldError, Invalid, ValidationError, check_value

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
        out.append(spec)
    return out


class FieldRow(Widget):
    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > Horizontal { height: auto; }
    FieldRow .field-label { width: 16; padding: 0 1 0 0; color: $text-muted; }
    FieldRow .field-label.-required { color: $foreground; }
    FieldRow .field-error { display: none; padding-left: 16; }
    FieldRow.-error .field-error { display: block; }
    FieldRow TextArea { height: 4; background: $boost; }
    FieldRow TextArea:focus { background: $panel; }
    """

    def __init__(self, spec: FormField, value: Any) -> None:
        super().__init__(id=f"row-{spec.name}")
        self.spec = spec
        self.initial = value

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
        input_type = {"int": "integer", "number": "number"}.get(spec.kind, "text")
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

    def show_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-error")
        self.query_one(".field-error", Label).update(content(message or ""))


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
        """Has anything been typed or changed since the form opened?"""
        return any(self._changed(row) for row in self.rows())

    @staticmethod
    def _changed(row: FieldRow) -> bool:
        before, now = row.initial, row.raw()
        if row.spec.kind in ("text", "long", "date", "int", "number", "tags"):
            return (now or "") != _shown(row.spec, before)
        if row.spec.kind == "multi":
            return set(now or ()) != set(before or ())
        return now != before and not (now in (None, False) and before in (None, False))

    def values(self, today: date) -> dict[str, Any]:
        """The values to save; raises ValidationError for dates that cannot be read."""
        errors: list[FieldError] = []
        out: dict[str, Any] = {}
        for row in self.rows():
            value = row.raw()
            if not self._changed(row):
                out[row.spec.name] = row.initial  # kept exactly, even text shown with symbols
                continue
            if row.spec.kind == "date" and isinstance(value, str) and value.strip():
                if value.strip().startswith("--"):
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
            self.rows()[0].show_error(leftover)
            first = first or self.rows()[0]
        if first is not None:
            first.editor.focus()
            first.scroll_visible()


def _shown(spec: FormField, value: Any) -> str:
    """How a stored value appears in its editor (what "unchanged" looks like)."""
    if value is None:
        return ""
    if spec.kind == "tags":
        value = "; ".join(value)
    return visible(str(value), multiline=spec.kind == "long")
