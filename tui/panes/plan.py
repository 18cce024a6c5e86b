"""The action plan: what we will do for this account, who, by when, and which factor of
the next survey it should move (with a target score). x done, J/K move an item down/up."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding

from rapport.store import ChangeSet, Store
from rapport.store.records import Record
from rapport.store.views import factor_names, waves_newest_first

from ..modals.record_form import RecordForm
from ..widgets.record_pane import RecordPane
from ..widgets.vtable import Cell, Column

STATUS_STYLE = {"open": None, "doing": "accent", "done": "good", "dropped": "dim"}
FIELDS = ("what", "owner", "due", "status", "factor", "target", "wave", "done_on")


class PlanPane(RecordPane):
    TABLE = "plan_items"
    TITLE = "Plan"
    NOUN = "plan item"
    EMPTY = "No action plan yet: n adds the first item"
    COLUMNS: ClassVar = [
        Column("position", "#", 2, "right"),
        Column("what", "What", 0),
        Column("owner", "Owner", 8),
        Column("due", "Due", 10),
        Column("status", "Status", 7),
        Column("factor", "Factor", 10),
        Column("target", "Tgt", 3, "right"),
    ]
    BINDINGS = [
        Binding("x", "toggle_done", "Done", id="plan.done"),
        Binding("J", "move(1)", "Move down", id="plan.down"),
        Binding("K", "move(-1)", "Move up", id="plan.up"),
    ]

    def load(self) -> list[Any]:
        return sorted(
            self.store.for_account(self.TABLE, self.account_id),
            key=lambda r: (r["position"], r["created_at"]),
        )

    def cells(self, row: Any) -> list[Cell]:
        target = row.get("target")
        late = (
            row["status"] in ("open", "doing")
            and row.get("due")
            and row["due"] < self.rapport.ctx.today().isoformat()
        )
        return [
            f"{row['position']:g}",
            row["what"],
            row["owner"],
            (row.get("due") or "", "bad" if late else None),
            (row["status"] + ("!" if late else ""), "bad" if late else STATUS_STYLE[row["status"]]),
            row.get("factor") or "",
            f"{target:g}" if target is not None else "",
        ]

    def form(self, record: Record | None) -> RecordForm:
        factors = [(name, key) for key, name in factor_names(self.store).items()]
        waves = [(w["name"], w["id"]) for w in waves_newest_first(self.store)]
        rows = self.table.rows
        defaults = {
            "owner": self.store.require("accounts", self.account_id)["owner"],
            "status": "open",
            "position": (max((r["position"] for r in rows), default=0) + 1),
            "wave": waves[0][1] if waves else None,
        }
        form = self.schema_form(
            record,
            FIELDS,
            defaults=defaults,
            choices={"factor": factors, "wave": waves},
            titles={"factor": "moves factor", "target": "target score"},
        )
        if record is None:
            position = defaults["position"]
            save = form.save_fn
            form.save_fn = lambda store, values, expect: save(
                store, {**values, "position": position}, expect
            )
        return form

    def action_toggle_done(self) -> None:
        record = self.record_of(self.table.current)
        if record is None:
            return
        if record["status"] == "done":
            self.set_status({"status": "open"}, "Plan item reopened")
        else:
            self.set_status({"status": "done"}, "Plan item done")

    def action_move(self, delta: int) -> None:
        rows = list(self.table.rows)
        i = self.table.cursor
        j = i + delta
        if not (0 <= i < len(rows) and 0 <= j < len(rows)):
            return
        rows[i], rows[j] = rows[j], rows[i]
        order = [(r["id"], r["version"], n + 1) for n, r in enumerate(rows)]
        moved = rows[j]["id"]

        def renumber(store: Store) -> ChangeSet:
            with store.transaction("reorder the plan") as tx:
                for record_id, version, position in order:
                    if store.require("plan_items", record_id)["position"] != position:
                        tx.update("plan_items", record_id, {"position": position}, expect=version)
            assert tx.result is not None
            return tx.result

        def done(_: Any) -> None:
            self.table.set_rows(self.load(), keep=moved)

        self.rapport.save(renumber, done=done)
