"""Opportunities: sales openings noticed at the account, passed to sales (P), won (w) or
lost (l); the account that referred one is named in its form."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding

from rapport.store.records import Record

from ..formatting import money
from ..modals.opportunity_form import close_opportunity, opportunity_form, pass_form
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
    BINDINGS = [
        Binding("P", "pass_to_sales", "Pass to sales", id="opportunities.pass"),
        Binding("w", "close('won')", "Won", id="opportunities.won"),
        Binding("l", "close('lost')", "Lost", id="opportunities.lost"),
        Binding("o", "close('open')", "Open again", show=False, id="opportunities.reopen"),
    ]

    def sort_key(self, record: Record) -> Any:
        return (record["status"] in ("won", "lost"), record["noticed"])

    def cells(self, row: Any) -> list[Cell]:
        return [
            row["noticed"],
            row["what"],
            money(row["value"]),
            (row["status"], STATUS_STYLE.get(row["status"])),
            row["passed_to"],
        ]

    def form(self, record: Record | None) -> RecordForm:
        return opportunity_form(self.rapport, self.account_id, record)

    def action_pass_to_sales(self) -> None:
        record = self.record_of(self.table.current)
        if record is not None:
            pass_form(self.rapport, record)

    def action_close(self, status: str) -> None:
        record = self.record_of(self.table.current)
        if record is not None:
            close_opportunity(self.rapport, record, status)
