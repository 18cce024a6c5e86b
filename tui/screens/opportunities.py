"""Every account's opportunities, value first (O from the accounts list): s shows only open,
passed, won or lost ones in turn, P passes one to sales, w and l close it won or lost,
enter opens its account."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from rapport.store import Touched
from rapport.store.records import Record, counted, fold
from rapport.store.views import OpportunityRow, opportunity_rows

from ..formatting import money
from ..modals.opportunity_form import close_opportunity, opportunity_form, pass_form
from ..rapport_node import RapportNode
from ..safe import text
from ..widgets.vtable import Cell, Column, VirtualTable

COLUMNS = [
    Column("value", "Value", 7, "right"),
    Column("what", "What", 0),
    Column("account", "Account", 0),
    Column("status", "Status", 6),
    Column("passed_to", "Passed to", 10),
    Column("since", "Since", 10),
]
FILTERS = (None, "open", "passed", "won", "lost")
STYLE = {"open": "accent", "passed": None, "won": "good", "lost": "dim"}


def opportunity_cells(row: OpportunityRow) -> list[Cell]:
    return [
        money(row.value),
        row.what,
        row.account,
        (row.status, STYLE.get(row.status)),
        row.passed_to,
        row.closed_on or row.passed_on or row.noticed,
    ]


class OpportunitiesScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="opps.back"),
        Binding("slash", "search", "Search", id="opps.search"),
        Binding("s", "status", "Status shown", id="opps.status"),
        Binding("P", "pass_to_sales", "Pass to sales", id="opps.pass"),
        Binding("w", "close('won')", "Won", id="opps.won"),
        Binding("l", "close('lost')", "Lost", id="opps.lost"),
        Binding("o", "close('open')", "Open again", show=False, id="opps.reopen"),
        Binding("e", "edit", "Edit", show=False, id="opps.edit"),
        Binding("i", "log", "Log", show=False, id="opps.log"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: str | None = None
        self._all: list[OpportunityRow] = []

    def compose(self) -> ComposeResult:
        yield Static(id="opps-title", classes="title-bar")
        yield Input(
            placeholder="/ search: account, what, whom", id="opps-search", classes="compact"
        )
        yield VirtualTable(
            COLUMNS,
            opportunity_cells,
            lambda r: r.id,
            markable=False,
            id="opps",
            empty="No opportunities yet: an account's Opps tab adds them",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.rapport.store_changed.subscribe(self, self._store_changed)
        self.query_one(VirtualTable).focus()
        self._load()

    def _store_changed(self, touched: Touched) -> None:
        if touched.everything or touched.tables & {"opportunities", "accounts"}:
            self._load()

    @work(thread=True, group="opps", exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        store = self.rapport.store
        if store is not None:
            rows = opportunity_rows(store, status=self.status, as_of=self.rapport.ctx.today())
            self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[OpportunityRow] | None = None) -> None:
        if rows is not None:
            self._all = rows
        words = fold(self.query_one("#opps-search", Input).value).split()
        shown = [r for r in self._all if all(w in r.search for w in words)]
        table = self.query_one(VirtualTable)
        if words:
            table.empty = "None match: escape, then / to search again"
        elif self.status:
            table.empty = f"No {self.status} opportunities: s shows the next status"
        else:
            table.empty = "No opportunities yet: an account's Opps tab adds them"
        table.set_rows(shown)
        which = self.status or "all"
        worth = sum(r.value for r in shown)
        self.query_one("#opps-title", Static).update(
            text(
                f"Opportunities · {which} · "
                f"{counted(len(shown), 'opportunity', 'opportunities')} worth {money(worth)}"
                " · s: status shown"
            )
        )

    @on(Input.Changed, "#opps-search")
    def _search(self) -> None:
        self._show()

    @on(Input.Submitted, "#opps-search")
    def _search_done(self) -> None:
        self.query_one(VirtualTable).focus()

    @on(VirtualTable.Selected, "#opps")
    def _open(self, event: VirtualTable.Selected) -> None:
        self.rapport.open_account(event.row.account_id)

    def _record(self) -> Record | None:
        row = self.query_one(VirtualTable).current
        store = self.rapport.store
        return store.get("opportunities", row.id) if row is not None and store else None

    def action_back(self) -> None:
        search = self.query_one("#opps-search", Input)
        if search.has_focus:
            self.query_one(VirtualTable).focus()
            return
        self.dismiss()

    def action_search(self) -> None:
        self.query_one("#opps-search", Input).focus()

    def action_status(self) -> None:
        self.status = FILTERS[(FILTERS.index(self.status) + 1) % len(FILTERS)]
        self._load()

    def action_pass_to_sales(self) -> None:
        record = self._record()
        if record is not None:
            pass_form(self.rapport, record)

    def action_close(self, status: str) -> None:
        record = self._record()
        if record is not None:
            close_opportunity(self.rapport, record, status)

    def action_edit(self) -> None:
        record = self._record()
        if record is not None:
            self.app.push_screen(opportunity_form(self.rapport, record["account"], record))

    def action_log(self) -> None:
        row = self.query_one(VirtualTable).current
        if row is not None:
            self.rapport.log_interaction(row.account_id)
