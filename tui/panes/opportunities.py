"""Opportunities: sales openings noticed at the account and passed to sales."""

from __future__ import annotations

from typing import Any, ClassVar

from rapport.store.records import Record

from ..formatting import money
from ..modals.record_form import RecordForm
from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column

STATUS_STYLE = {"open": "accent", "passed": None, "won": "good", "lost": "dim"}


class OpportunitiesPane(RecordPane):
    TABLE = "opportunities"
    TITLE = "Opps"
    NOUN = "opportunity"
    EMPTY = "No opportunities noticed: n adds one"
    COLUMNS: ClassVar = [
        Column("noticed", "Noticed", 10),
        Column("what", "What", 0),
        Column("value", "Value", 6, "right"),
        Column("status", "Status", 7),
        Column("passed_to", "Passed to", 10),
    ]

    def sort_key(self, record: Record) -> Any:
        return (record["status"] in ("won", "lost"), record["noticed"])

    def cells(self, row: Any) -> list[Cell]:
        return [
            row["noticed"],
            row["what"],
            money(row["value"]),
            (row["status"], STATUS_STYLE[row["status"]]),
            row["passed_to"],
        ]

    def form(self, record: Record | None) -> RecordForm:
        return self.schema_form(
            record,
            ("what", "noticed", "value", "status", "passed_to", "noticed_by"),
            defaults={
                "noticed": self.rapport.ctx.today().isoformat(),
                "noticed_by": self.rapport.ctx.user,
                "status": "open",
            },
        )
