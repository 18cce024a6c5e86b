"""Timeline: every interaction by anyone on our side, newest first, under the appointments
planned and the open follow-ups (x marks a follow-up done, or logs an appointment that was
held; c cancels an appointment). n logs an interaction; A (on the screen) schedules one."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding

from rapport.store import ChangeSet, Store
from rapport.store.actions import save_record
from rapport.store.records import INTERACTION_KINDS, Record

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
    BINDINGS = [
        Binding("x", "done", "Done / held", id="timeline.done"),
        Binding("c", "cancel", "Cancel appointment", show=False, id="timeline.cancel"),
    ]

    def load(self) -> list[Any]:
        store = self.store
        planned, cancelled = [], []
        for a in store.for_account("appointments", self.account_id):
            if a["status"] == "planned":
                planned.append({**a, "_type": "appointment"})
            elif a["status"] == "cancelled":
                cancelled.append({**a, "_type": "appointment", "created_at": ""})
        planned.sort(key=lambda a: (a["date"], a["time"]))
        followups = [
            {**f, "_type": "followup"}
            for f in store.for_account("followups", self.account_id)
            if f["status"] == "open"
        ]
        followups.sort(key=lambda f: f["due"])
        past = [
            {**i, "_type": "interaction"}
            for i in store.for_account("interactions", self.account_id)
        ]
        past.sort(key=lambda r: (r["date"], r["created_at"]), reverse=True)
        for a in sorted(cancelled, key=lambda a: a["date"], reverse=True):
            at = next((n for n, r in enumerate(past) if r["date"] <= a["date"]), len(past))
            past.insert(at, a)
        return planned + followups + past

    def cells(self, row: Any) -> list[Cell]:
        if row["_type"] == "appointment":
            return appointment_cells(row, self.rapport.ctx.today().isoformat())
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
        table = {"followup": "followups", "appointment": "appointments"}.get(
            row["_type"], "interactions"
        )
        return self.store.get(table, row["id"])

    def action_new(self) -> None:
        self.rapport.log_interaction(self.account_id, self.show_logged)

    def show_logged(self, result: ChangeSet | None) -> None:
        """Put the cursor on the interaction just logged (wherever its date puts it)."""
        if isinstance(result, ChangeSet) and self.populated:
            for interaction in result.created("interactions"):
                self.table.move_to(interaction["id"], when_shown=True)

    def form(self, record: Record | None) -> RecordForm | None:
        if record is None:
            return None
        if "due" in record:  # a follow-up
            return self._followup_form(record)
        if "time" in record:  # an appointment
            from ..modals.appointment_form import AppointmentForm

            return AppointmentForm(self.account_id, record)
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
        if row is not None and row["_type"] == "appointment":
            self._held(row)
            return
        if row is None or row["_type"] != "followup":
            self.notify("x marks a follow-up done: move to one first", timeout=3)
            return
        self.set_status({"status": "done"}, "Follow-up done")

    def _held(self, row: Any) -> None:
        from ..modals.log_interaction import LogInteraction

        record = self.record_of(row)
        if record is None or record["status"] != "planned":
            self.notify("That appointment is closed already", timeout=3)
            return
        self.app.push_screen(LogInteraction(self.account_id, appointment=record))

    def action_cancel(self) -> None:
        record = self.record_of(self.table.current)
        if record is None or "time" not in record or record["status"] != "planned":
            self.notify("c cancels a planned appointment: move to one first", timeout=3)
            return
        self.set_status({"status": "cancelled"}, "Appointment cancelled (kept as cancelled)")

    def table_of(self, record: Record) -> str:
        if "time" in record:
            return "appointments"
        return "followups" if "due" in record else "interactions"


def appointment_cells(row: Any, today: str) -> list[Cell]:
    """A planned appointment (its time; ``held?`` once its day has passed) or a cancelled one."""
    what = f"{row['kind']}: {row['summary']}" + (f" · at {row['place']}" if row["place"] else "")
    if row["status"] == "cancelled":
        return [(row["date"], "dim"), ("cancelled", "dim"), row["owner"], "", (what, "dim")]
    if row["date"] < today:
        return [(row["date"], "warn"), ("held?", "warn"), row["owner"], "", (what, "warn")]
    return [(row["date"], "accent"), (row["time"], "accent"), row["owner"], "", what]
