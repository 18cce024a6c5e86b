"""Surveys: this account's responses in every wave, customer and employee mirror."""

from __future__ import annotations

from statistics import mean
from typing import Any, ClassVar

from rapport.store.records import Record

from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column


class SurveysPane(RecordPane):
    TABLE = "responses"
    TITLE = "Surveys"
    NOUN = "survey response"
    EMPTY = "No survey responses for this account yet: n enters one"
    COLUMNS: ClassVar = [
        Column("wave", "Wave", 0),
        Column("date", "Date", 10),
        Column("who", "Respondent", 18),
        Column("mean", "Mean", 4, "right"),
        Column("rec", "Rec", 3, "right"),
        Column("sw", "Sw", 2, "right"),
    ]

    def load(self) -> list[Any]:
        store = self.store
        rows = []
        for response in store.for_account(self.TABLE, self.account_id):
            wave = store.get("waves", response["wave"])
            contact = (
                store.get("contacts", response["contact"]) if response.get("contact") else None
            )
            if response["respondent"] == "employee":
                who = f"mirror · {response.get('staff') or '?'}"
            else:
                who = contact["name"] if contact else "(contact removed)"
            rows.append(
                {
                    **response,
                    "_wave": wave["name"] if wave else "?",
                    "_date": wave["date"] if wave else "",
                    "_who": who,
                }
            )
        return sorted(rows, key=lambda r: (r["_date"], r["respondent"]), reverse=True)

    def cells(self, row: Any) -> list[Cell]:
        scores = [v for v in row["answers"].values() if v is not None]
        mirror = row["respondent"] == "employee"
        return [
            row["_wave"],
            row["_date"],
            (row["_who"], "dim" if mirror else None),
            f"{mean(scores):.1f}" if scores else "-",
            "" if row.get("recommend") is None else str(row["recommend"]),
            "" if row.get("switch") is None else str(row["switch"]),
        ]

    def form(self, record: Record | None) -> None:
        return None

    def action_new(self) -> None:
        from ..modals.response_entry import ResponseEntry

        self.app.push_screen(ResponseEntry(self.account_id))

    def action_edit(self) -> None:
        from ..modals.response_entry import ResponseEntry

        row = self.table.current
        if row is not None:
            self.app.push_screen(ResponseEntry(self.account_id, response_id=row["id"]))
