"""Export accounts to a CSV file (X on the accounts list): the file is asked for in a form
that stays open, with the reason at the field, when the file cannot be written. A file
that exists is replaced only when the user says so; the file is readable by its owner
only (0600), like every export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rapport.store import Store, ValidationError
from rapport.store.exchange import export_csv
from rapport.store.records import FieldError, counted

from ..widgets.form import FormField
from .record_form import AskFirst, RecordForm


def export_form(ids: Sequence[str], today: date) -> RecordForm:
    """A form whose result is ``(file, how many accounts were written)``."""
    default = Path.home() / f"rapport-accounts-{today.isoformat()}.csv"

    def export(store: Store, values: dict[str, Any], _expect: int | None) -> Any:
        typed = str(values.get("file") or "").strip()
        if not typed:
            raise ValidationError([FieldError("file", "is required")])
        target = Path(typed).expanduser()
        if target.is_dir():
            raise ValidationError([FieldError("file", f"{target} is a folder; name a file in it")])
        if target.exists() and str(target) not in form.confirmed:
            raise AskFirst(
                f"{target} already exists. Replace it?",
                token=str(target),
                field="file",
                refusal="is there already: give another name, or save again to replace it",
                yes="Replace",
            )
        try:
            return target, export_csv(store, "accounts", list(ids), target)
        except OSError as e:
            error = FieldError("file", f"cannot write {target}: {e.strerror or e}")
            raise ValidationError([error]) from None

    form = RecordForm(
        f"Export {counted(len(ids), 'account')} to CSV (what import reads)",
        [FormField("file", "file", "text", required=True)],
        {"file": str(default)},
        export,
    )
    return form
