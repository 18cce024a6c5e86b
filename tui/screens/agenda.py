"""The agenda: overdue and upcoming follow-ups, promises and plan items, escalated
complaints, accounts losing touch, birthdays and anniversaries; most urgent first, under
the headings Overdue (by value at risk), Today, This week and Later (by day)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from rapport.store import Store, Touched
from rapport.store.actions import save_record
from rapport.store.records import counted, fold
from rapport.store.views import HEADINGS, AgendaItem, agenda

from ..rapport_node import RapportNode
from ..safe import text
from ..widgets.one_line import OneLineInput
from ..widgets.vtable import Cell, Column, VirtualTable
from .agenda_actions import RELATIONSHIP_KINDS, cancel_appointment, relationship_done

COLUMNS = [
    Column("when", "When", 10),
    Column("kind", "What", 14),  # "losing touch!!" whole
    Column("account", "Account", 18, max_width=30),
    Column("what", "Details", 0),
    Column("owner", "Who", 8, drop=1, max_width=16),
]
DONE = {
    "followups": ("done", "Follow-up done"),
    "promises": ("kept", "Promise kept"),
    "plan_items": ("done", "Plan item done"),
}
"""What x does to each kind of item: its new status (the store dates it)."""


@dataclass(frozen=True)
class Heading:
    """The row that heads one of the agenda's groups (the cursor passes over it)."""

    name: str
    count: int


def with_headings(items: list[AgendaItem]) -> list[AgendaItem | Heading]:
    """The items (in the agenda's order) under a heading row for each group they fill."""
    rows: list[AgendaItem | Heading] = []
    for name in HEADINGS:
        group = [i for i in items if i.heading == name]
        if group:
            rows.append(Heading(name, len(group)))
            rows.extend(group)
    return rows


def row_key(row: AgendaItem | Heading) -> str:
    if isinstance(row, Heading):
        return f"heading:{row.name}"
    return f"{row.kind}:{row.record_id or row.account_id}:{row.when}"


def agenda_cells(item: AgendaItem | Heading) -> list[Cell]:
    if isinstance(item, Heading):
        return [f"{item.name} · {counted(item.count, 'item')}"]
    style = {"red": "bad", "amber": "warn"}.get(item.severity or "")
    mark = {"red": "!!", "amber": "!"}.get(item.severity or "", "")
    kind = f"appt {item.time}" if item.time else item.kind
    return [(item.when, style), (f"{kind}{mark}", style), item.account, item.what, item.owner]


class AgendaScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="agenda.back"),
        Binding("slash", "search", "Search", id="agenda.search"),
        Binding("m", "toggle_mine", "Mine/all", id="agenda.mine"),
        Binding("x", "done", "Done", id="agenda.done"),
        Binding("i", "log", "Log", id="agenda.log"),
        Binding("c", "cancel_appointment", "Cancel appointment", show=False, id="agenda.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mine = True
        self._items: list[AgendaItem] = []

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-title", classes="title-bar")
        yield OneLineInput(placeholder="/ search the agenda", id="agenda-search", classes="compact")
        yield VirtualTable(
            COLUMNS,
            agenda_cells,
            row_key,
            markable=False,
            heading=lambda row: isinstance(row, Heading),
            id="agenda",
            empty="Nothing needs you: well done",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.rapport.store_changed.subscribe(self, self._store_changed)
        self.query_one(VirtualTable).focus()
        self._load()

    @work(thread=True, group="agenda", exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        store = self.rapport.store
        if store is None:
            return
        me = self.rapport.ctx.user
        today = self.rapport.ctx.today()
        mine = self.mine
        items = agenda(store, today, owner=me if mine else None)
        if mine and not items and not any(a["owner"] == me for a in store.all("accounts")):
            mine = False  # and it stays everyone's until m, not shrinking when one comes in
            items = agenda(store, today)
            self.app.call_from_thread(
                self.notify, f"{me} owns no accounts: showing everyone's agenda", timeout=4
            )
        self.app.call_from_thread(self._show, items, mine)

    def _store_changed(self, _touched: Touched) -> None:
        self._load()

    def _show(self, items: list[AgendaItem], mine: bool | None = None) -> None:
        self.mine = self.mine if mine is None else mine
        self._items = items
        words = fold(self.query_one("#agenda-search", Input).value).split()
        shown = [
            i
            for i in items
            if all(w in fold(f"{i.kind} {i.account} {i.what} {i.owner}") for w in words)
        ]
        self.query_one(VirtualTable).set_rows(with_headings(shown))
        overdue = sum(1 for i in shown if i.overdue)
        who = f"{self.rapport.ctx.user}'s" if self.mine else "everyone's"
        self.query_one("#agenda-title", Static).update(
            text(
                f"Agenda · {who} · {counted(len(shown), 'item')}, {overdue} overdue · {self.rapport.ctx.today():%a %d %b %Y}"
            )
        )

    @on(Input.Changed, "#agenda-search")
    def _search(self) -> None:
        self._show(self._items)

    @on(Input.Submitted, "#agenda-search")
    def _search_done(self) -> None:
        self.query_one(VirtualTable).focus()

    @on(VirtualTable.Selected, "#agenda")
    def _open(self, event: VirtualTable.Selected) -> None:
        self.rapport.open_account(event.row.account_id)

    def action_back(self) -> None:
        search = self.query_one("#agenda-search", Input)
        if search.has_focus:
            self.query_one(VirtualTable).focus()
            return
        self.dismiss()

    def action_search(self) -> None:
        self.query_one("#agenda-search", Input).focus()

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self._load()

    def action_log(self) -> None:
        item = self.query_one(VirtualTable).current
        if item is not None:
            self.rapport.log_interaction(item.account_id)

    def action_done(self) -> None:
        item: AgendaItem | None = self.query_one(VirtualTable).current
        if item is not None and item.kind in RELATIONSHIP_KINDS:
            relationship_done(self.rapport, item)
            return
        if item is None or item.table not in DONE or item.record_id is None:
            self.notify(
                "x completes follow-ups, promises and plan items; log an interaction (i) for the rest",
                timeout=4,
            )
            return
        status, message = DONE[item.table]
        table, record_id = item.table, item.record_id

        def complete(store: Store) -> Any:
            record = store.require(table, record_id)
            return save_record(
                store,
                table,
                {"status": status},
                record_id=record_id,
                expect=record["version"],
                label=message.lower(),
            )

        self.rapport.save(complete, done=lambda _: self.notify(message, timeout=3))

    def action_cancel_appointment(self) -> None:
        item = self.query_one(VirtualTable).current
        if item is None or item.kind != "appointment":
            self.notify("c cancels an appointment: move to one first", timeout=3)
            return
        cancel_appointment(self.rapport, item)
