"""Create or edit an account. A new stage on save is kept in the stage history."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rapport.store import ChangeSet, Store
from rapport.store.actions import create_account, edit_account
from rapport.store.records import TABLES, Record

from ..widgets.form import schema_fields
from .record_form import RecordForm, SaveFn

LAST = ("tags", "notes")
"""The open-ended fields end the form."""
FIELDS = (*(f.name for f in TABLES["accounts"] if f.name not in LAST), *LAST)
"""Every field of an account, so that a field added to the schema shows in the form."""


def _save(record: Record | None) -> SaveFn:
    def save(store: Store, values: dict[str, Any], expect: int | None) -> ChangeSet:
        if record is None:
            return create_account(store, values)
        return edit_account(store, record["id"], values, expect=expect)

    return save


class AccountForm(RecordForm):
    def __init__(self, account_id: str | None) -> None:
        self.account_id = account_id
        super().__init__("", [], {}, _save(None))

    def compose(self) -> Iterator[Any]:
        store = self.rapport.store
        assert store is not None
        record = store.get("accounts", self.account_id) if self.account_id else None
        self.form_title = f"Edit account · {record['name']}" if record else "New account"
        self.specs = schema_fields("accounts", FIELDS)
        self.values = (
            dict(record)
            if record
            else {"owner": self.rapport.ctx.user, "tier": "standard", "stage": "exploration"}
        )
        self.save_fn = _save(record)
        self.expect = record["version"] if record else None
        yield from super().compose()
