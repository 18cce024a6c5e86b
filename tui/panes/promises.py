"""Promises: what we committed to, and whether we delivered (x kept, b broken)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding

from rapport.store.records import Record

from ..modals.record_form import RecordForm
from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column

STATUS_STYLE = {"open": None, "kept": "good", "broken": "bad"}


class PromisesPane(RecordPane):
    TABLE = "promises"
    TITLE = "Promises"
    NOUN = "promise"
    EMPTY = "No promises recorded: n adds one"
    COLUMNS: ClassVar = [
        Column("due", "Due", 10),
        Column("what", "What", 0),
        Column("owner", "Owner", 8),
        Column("status", "Status", 7),
    ]
    BINDINGS = [
        Binding("x", "kept", "Kept", id="promises.kept"),
        Binding("b", "broken", "Broken", id="promises.broken"),
    ]

    def sort_key(self, record: Record) -> Any:
        return (
            record["status"] != "open",
            record["due"] if record["status"] == "open" else "",
            record["due"],
        )

    def cells(self, row: Any) -> list[Cell]:
        today = self.rapport.ctx.today().isoformat()
        late = row["status"] == "open" and row["due"] < today
        status = f"{row['status']}{'!' if late else ''}"
        return [
            (row["due"], "bad" if late else None),
            row["what"],
            row["owner"],
            (status, "bad" if late else STATUS_STYLE[row["status"]]),
        ]

    def form(self, record: Record | None) -> RecordForm:
        today = self.rapport.ctx.today().isoformat()
        return self.schema_form(
            record,
            ("what", "due", "owner", "status", "made_on", "closed_on"),
            defaults={"owner": self.rapport.ctx.user, "made_on": today, "status": "open"},
        )

    def action_kept(self) -> None:
        self.set_status({"status": "kept"}, "Promise kept")

    def action_broken(self) -> None:
        self.set_status({"status": "broken"}, "Promise marked broken")
