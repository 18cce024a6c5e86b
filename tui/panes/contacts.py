"""Contacts: the people at the account."""

from __future__ import annotations

from typing import Any, ClassVar

from rapport.store.records import Record

from ..modals.record_form import RecordForm
from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column

FIELDS = (
    "name",
    "role",
    "decision_maker",
    "influence",
    "email",
    "phone",
    "birthday",
    "anniversary",
    "notes",
)


class ContactsPane(RecordPane):
    TABLE = "contacts"
    TITLE = "Contacts"
    NOUN = "contact"
    EMPTY = "No contacts yet: n adds one"
    COLUMNS: ClassVar = [
        Column("name", "Name", 0),
        Column("role", "Role", 14),
        Column("dm", "DM", 2),
        Column("influence", "Infl", 4),
        Column("email", "Email", 18),
        Column("birthday", "Bday", 5),
    ]

    def sort_key(self, record: Record) -> Any:
        return (not record["decision_maker"], record["name"].casefold())

    def cells(self, row: Any) -> list[Cell]:
        birthday = row.get("birthday") or ""
        return [
            row["name"],
            row["role"],
            ("DM", "accent") if row["decision_maker"] else "",
            {"medium": "med"}.get(row["influence"], row["influence"]),
            row["email"],
            birthday[-5:] if birthday else "",
        ]

    def form(self, record: Record | None) -> RecordForm:
        return self.schema_form(record, FIELDS)
