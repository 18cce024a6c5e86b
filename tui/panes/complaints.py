"""Complaints: raised, escalated to whom, resolved how."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding

from rapport.store.records import Record

from ..modals.record_form import RecordForm
from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column

SEVERITY_STYLE = {"low": None, "medium": None, "high": "warn", "critical": "bad"}
STATUS_STYLE = {"open": "warn", "escalated": "bad", "resolved": "good"}
FIELDS = (
    "summary",
    "raised",
    "severity",
    "status",
    "escalated_to",
    "resolution",
    "resolved_on",
)


class ComplaintsPane(RecordPane):
    TABLE = "complaints"
    TITLE = "Complaints"
    NOUN = "complaint"
    EMPTY = "No complaints: n records one"
    COLUMNS: ClassVar = [
        Column("raised", "Raised", 10),
        Column("severity", "Severity", 8),
        Column("status", "Status", 9),
        Column("summary", "Summary", 0),
        Column("to", "Escalated to", 12),
    ]
    BINDINGS = [
        Binding("E", "escalate", "Escalate", id="complaints.escalate"),
        Binding("x", "resolve", "Resolve", id="complaints.resolve"),
    ]

    def sort_key(self, record: Record) -> Any:
        return (
            record["status"] == "resolved",
            "" if record["status"] == "resolved" else record["raised"],
            record["raised"],
        )

    def cells(self, row: Any) -> list[Cell]:
        return [
            row["raised"],
            (row["severity"], SEVERITY_STYLE[row["severity"]]),
            (row["status"], STATUS_STYLE[row["status"]]),
            row["summary"],
            row["escalated_to"],
        ]

    def form(self, record: Record | None) -> RecordForm:
        return self.schema_form(
            record,
            FIELDS,
            defaults={
                "raised": self.rapport.ctx.today().isoformat(),
                "status": "open",
                "severity": "medium",
            },
        )

    def _focused_form(self, status: str, focus: str, extra: dict[str, Any]) -> None:
        record = self.record_of(self.table.current)
        if record is None:
            return
        form = self.schema_form(
            {**record, "status": status, **extra},  # type: ignore[arg-type]
            FIELDS,
        )
        form.expect = record["version"]

        def focus_field() -> None:
            form.body.row(focus).editor.focus()

        self.app.push_screen(form)
        form.call_after_refresh(focus_field)

    def action_escalate(self) -> None:
        self._focused_form("escalated", "escalated_to", {})

    def action_resolve(self) -> None:
        self._focused_form(
            "resolved", "resolution", {"resolved_on": self.rapport.ctx.today().isoformat()}
        )
