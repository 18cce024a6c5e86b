"""Timeline: every interaction by anyone on our side, newest first, under the open
follow-ups (x marks one done). n logs an interaction."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding

from rapport.store import Store
from rapport.store.actions import save_record
from rapport.store.records import Record
from rapport.store.schema import INTERACTION_KINDS

from ..formatting import sentiment
from ..modals.record_form import RecordForm
from ..widgets.form import FormField, schema_fields
from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column


class TimelinePane(RecordPane):
    TABLE = "interactions"
    TITLE = "Timeline"
    NOUN = "interaction"
    EMPTY = "No interactions yet: n (or i) logs one"
    COLUMNS: ClassVar = [
        Column("date", "Date", 10),
        Column("kind", "Kind", 9),
        Column("who", "Who", 8, max_width=16),
        Column("sentiment", "Mood", 4),
        Column("summary", "Summary", 0),
    ]
    BINDINGS = [Binding("x", "done", "Follow-up done", id="timeline.done")]

    def load(self) -> list[Any]:
        store = self.store
        followups = [
            {**f, "_type": "followup"}
            for f in store.for_account("followups", self.account_id)
            if f["status"] == "open"
        ]
        followups.sort(key=lambda f: f["due"])
        interactions = sorted(
            store.for_account("interactions", self.account_id),
            key=lambda r: (r["date"], r["created_at"]),
            reverse=True,
        )
        return followups + [{**i, "_type": "interaction"} for i in interactions]

    def cells(self, row: Any) -> list[Cell]:
        if row["_type"] == "followup":
            late = row["due"] < self.rapport.ctx.today().isoformat()
            style = "bad" if late else "warn"
            return [
                (row["due"], style),
                ("overdue!" if late else "follow up", style),
                row["owner"],
                "",
                (row["what"], style),
            ]
        return [
            row["date"],
            row["kind"],
            row["staff"],
            sentiment(row["sentiment"]).split()[0],
            row["summary"],
        ]

    def record_of(self, row: Any) -> Record | None:
        if row is None:
            return None
        table = "followups" if row["_type"] == "followup" else "interactions"
        return self.store.get(table, row["id"])

    def action_new(self) -> None:
        self.rapport.log_interaction(self.account_id)

    def form(self, record: Record | None) -> RecordForm | None:
        if record is None:
            return None
        if "due" in record:  # a follow-up
            return self._followup_form(record)
        contacts = self.contact_choices()
        specs = schema_fields("interactions", ("summary", "kind", "date", "staff", "sentiment"))
        specs[1] = FormField(
            "kind", "kind", "choice", [(k, k) for k in INTERACTION_KINDS], required=True
        )
        specs[4] = FormField(
            "sentiment", "sentiment", "choice", [(sentiment(v), v) for v in (0, 1, 2, -1, -2)]
        )
        if contacts:
            specs.insert(1, FormField("contacts", "with", "multi", contacts))
        record_id = record["id"]

        def save(store: Store, values: dict[str, Any], expect: int | None) -> Any:
            return save_record(store, "interactions", values, record_id=record_id, expect=expect)

        return RecordForm("Edit interaction", specs, dict(record), save, expect=record["version"])

    def _followup_form(self, record: Record) -> RecordForm:
        specs = schema_fields("followups", ("what", "due", "owner", "status", "done_on"))
        record_id = record["id"]

        def save(store: Store, values: dict[str, Any], expect: int | None) -> Any:
            return save_record(store, "followups", values, record_id=record_id, expect=expect)

        return RecordForm("Edit follow-up", specs, dict(record), save, expect=record["version"])

    def action_done(self) -> None:
        row = self.table.current
        if row is None or row["_type"] != "followup":
            self.notify("x marks a follow-up done: move to one first", timeout=3)
            return
        self.set_status({"status": "done"}, "Follow-up done")

    def table_of(self, record: Record) -> str:
        return "followups" if "due" in record else "interactions"
