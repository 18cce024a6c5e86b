"""Contacts: the people at the account, with the gestures, gifts and cards each received
(the Gifts column: how many and the last one; v lists them)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding

from rapport.store.records import GESTURE_KINDS, Record

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
        Column("gifts", "Gifts", 8),
    ]
    BINDINGS = [Binding("v", "gestures", "Gestures and gifts", id="contacts.gestures")]

    def load(self) -> list[Any]:
        gifts: dict[str, list[Record]] = {}
        for i in self.store.for_account("interactions", self.account_id):
            if i["kind"] in GESTURE_KINDS:
                for contact in i.get("contacts") or ():
                    gifts.setdefault(contact, []).append(i)
        return [{**c, "_gifts": gifts.get(c["id"], [])} for c in super().load()]

    def action_gestures(self) -> None:
        from ..modals.gestures import GesturesModal

        row = self.table.current
        if row is not None:
            self.app.push_screen(GesturesModal(row, row["_gifts"]))

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
            gift_cell(row.get("_gifts") or ()),
        ]

    def form(self, record: Record | None) -> RecordForm:
        return self.schema_form(record, FIELDS)


def gift_cell(gifts: Any) -> str:
    """``2 08-26``: how many gestures, gifts and cards, and the day of the last one."""
    if not gifts:
        return "-"
    last = max(g["date"] for g in gifts)
    return f"{len(gifts)} {last[5:]}"
