"""Schedule (or change) an appointment: a meeting, call or visit with its day, time, length,
place and who comes. It shows in the agenda on its day with its time and in the iCalendar
file with an alarm; once its time has passed, x on it logs the interaction it became."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from rapport.store import ChangeSet, Store
from rapport.store.actions import save_record, schedule_appointment
from rapport.store.records import Record

from ..formatting import long_date
from ..safe import content
from ..widgets.form import FormField, schema_fields
from .record_form import RecordForm

FIELDS = ("summary", "date", "time", "minutes", "kind", "place", "owner")


class AppointmentForm(RecordForm):
    def __init__(self, account_id: str, record: Record | None = None) -> None:
        self.account_id = account_id
        self.record = record
        super().__init__("", [], {}, self._save, expect=record["version"] if record else None)

    def compose(self) -> Iterator[Any]:
        store = self.rapport.store
        assert store is not None
        account = store.require("accounts", self.account_id)
        verb = "Change the appointment" if self.record else "Schedule an appointment"
        self.form_title = f"{verb} with {account['name']}"
        specs = schema_fields("appointments", FIELDS, titles={"owner": "who", "minutes": "minutes"})
        for spec in specs:
            if spec.name == "time":
                spec.placeholder = "HH:MM, e.g. 09:30 or 14:00"
            if spec.name == "summary":
                spec.kind = "long"
            if spec.name == "owner":
                spec.placeholder = "who on our side goes"
        contacts = sorted(
            store.for_account("contacts", self.account_id), key=lambda c: c["name"].casefold()
        )
        if contacts:
            choices = [(c["name"], c["id"]) for c in contacts]
            specs.insert(5, FormField("contacts", "with", "multi", choices))
        self.specs = specs
        if self.record is not None:
            self.values = dict(self.record)
        else:
            self.values = {
                "date": (self.rapport.ctx.today() + timedelta(days=1)).isoformat(),
                "time": "10:00",
                "minutes": 60,
                "kind": "meeting",
                "owner": self.rapport.ctx.user,
            }
        yield from super().compose()

    def _save(self, store: Store, values: dict[str, Any], expect: int | None) -> ChangeSet:
        if self.record is None:
            return schedule_appointment(store, self.account_id, values)
        return save_record(
            store,
            "appointments",
            values,
            record_id=self.record["id"],
            expect=expect,
            label="change an appointment",
        )

    def _saved(self, result: ChangeSet) -> None:
        made = [c.after for c in result.changes if c.table == "appointments" and c.after]
        if made:
            a = made[0]
            self.app.notify(
                content(f"{a['kind'].capitalize()} on {long_date(a['date'])} at {a['time']}"),
                timeout=3,
            )
        super()._saved(result)
