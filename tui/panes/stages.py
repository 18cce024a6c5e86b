"""Stage history: every change of the relationship's stage, with its date."""

from __future__ import annotations

from typing import Any, ClassVar

from rapport.store.records import Record

from ..formatting import words
from ..modals.record_form import RecordForm
from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column


class StagesPane(RecordPane):
    TABLE = "stage_changes"
    TITLE = "Stages"
    NOUN = "stage change"
    EMPTY = "No stage changes recorded: n (or t) moves the account to another stage"
    COLUMNS: ClassVar = [
        Column("date", "Date", 10),
        Column("stage", "Stage", 11),
        Column("previous", "From", 11),
        Column("note", "Note", 0),
    ]

    def load(self) -> list[Any]:
        return sorted(
            self.store.for_account(self.TABLE, self.account_id),
            key=lambda r: (r["date"], r["created_at"]),
            reverse=True,
        )

    def cells(self, row: Any) -> list[Cell]:
        return [
            row["date"],
            words(row["stage"]),
            (words(row.get("previous") or "—"), "dim"),
            row["note"],
        ]

    def form(self, record: Record | None) -> RecordForm:
        from ..modals.stage_form import stage_form

        if record is None:
            return stage_form(self.rapport, self.account_id)
        return self.schema_form(record, ("date", "note"))
