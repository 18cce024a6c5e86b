"""Accounts, the home screen: one row per account, search as you type, filters, sort, marks."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from rapport.store import Touched
from rapport.store.records import counted
from rapport.store.views import (
    PENDING,
    AccountRow,
    CardSummary,
    account_rows,
    class_counts,
    list_rows,
    with_card,
)

from .. import account_query as aq
from ..formatting import CLASS_BADGES
from ..rapport_node import RapportNode
from ..safe import content, text
from ..widgets.account_cells import COLUMNS, account_cells
from ..widgets.one_line import OneLineInput
from ..widgets.vtable import VirtualTable
from .relationship_keys import RelationshipActions

CLASSES = ("Ambassador", "Opportunist", "Defector", "Unsurveyed")

SORT_COLUMNS = [c.key for c in COLUMNS]
CARD_CHUNK = 400
EVERY_CARD = frozenset({"settings", "waves"})
"""Tables whose change can move every account's card (thresholds, weights, wave dates)."""


class AccountsScreen(RelationshipActions, RapportNode, Screen[None]):
    BINDINGS = [
        Binding("slash", "search", "Search", id="accounts.search"),
        Binding("i", "log", "Log", id="accounts.log"),
        Binding("f", "filters", "Filter", id="accounts.filters"),
        Binding("m", "toggle('is:mine')", "Mine", id="accounts.mine"),
        Binding("o", "toggle('is:overdue')", "Overdue only", show=False, id="accounts.overdue"),
        Binding("s", "sort", "Sort by next column", show=False, id="accounts.sort"),
        Binding("S", "reverse", "Reverse sort", show=False, id="accounts.reverse"),
        Binding("c", "bulk", "Change marked", show=False, id="accounts.bulk"),
        Binding("asterisk", "mark_all", "Mark all shown", show=False, id="accounts.mark_all"),
        Binding("n", "new", "New account", show=False, id="accounts.new"),
        Binding("e", "edit", "Edit account", show=False, id="accounts.edit"),
        Binding("d", "delete", "Delete account", show=False, id="accounts.delete"),
        Binding("a", "agenda", "Agenda", id="accounts.agenda"),
        Binding("w", "surveys", "Surveys", show=False, id="accounts.surveys"),
        Binding("p", "portfolio", "Portfolio", show=False, id="accounts.portfolio"),
        Binding("O", "opportunities", "Opportunities", show=False, id="accounts.opportunities"),
        Binding("ctrl+g", "group", "Customer group", show=False, id="accounts.group"),
        Binding("A", "schedule", "Schedule an appointment", show=False, id="accounts.schedule"),
        Binding("C", "conflicts", "Conflicts from merges", show=False, id="accounts.conflicts"),
        Binding("X", "export", "Export these accounts to CSV", show=False, id="accounts.export"),
        Binding("escape", "clear", "Clear search", show=False, id="accounts.clear"),
        Binding("q", "app.quit", "Quit", id="accounts.quit"),
    ]
    DEFAULT_CSS = """
    AccountsScreen #search { margin: 0 0; }
    AccountsScreen #search-problems { color: $text-warning; display: none; }
    AccountsScreen #search-problems.-shown { display: block; }
    """

    def __init__(self, preview: list[AccountRow] | None = None) -> None:
        super().__init__()
        self._preview = preview
        """Rows read from the file's start while it opens (the store replaces them)."""
        self._pending_open: str | None = None
        self._rows: dict[str, AccountRow] = {}
        self._sorted: tuple[str, bool, aq.Finder] | None = None
        """Every row sorted by (column, reversed), kept until a row changes: a keystroke
        in the search only filters them."""
        self._loads = 0
        """How many row loads were asked for (each is numbered by it)."""
        self._all_load = 0
        """The number of the newest load of every row."""
        self._asked: dict[str, int] = {}
        """Account id -> the number of the newest load asked for that row alone."""

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="title-bar")
        yield Static(id="summary", classes="summary")
        yield OneLineInput(
            placeholder="/ search: words, owner:NAME, class:def, band:weak, is:mine …",
            id="search",
            classes="compact",
        )
        yield Static(id="search-problems", classes="summary")
        yield VirtualTable(
            COLUMNS, account_cells, lambda r: r.id, id="accounts", empty="Loading the accounts…"
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.table
        table.sort_key = "name"
        self.query_one("#title", Static).update(text(self._title()))
        self.rapport.store_changed.subscribe(self, self._store_changed)
        table.focus()
        if self._preview is not None and self.rapport.store is None:
            self._replace_rows(self._preview)
            self.call_after_refresh(self.rapport.first_paint.set)
        else:
            self._load_rows(None)

    def _title(self) -> str:
        ctx = self.rapport.ctx
        title = f"Rapport · {self.rapport.path.name} · {ctx.user} · {ctx.today():%a %d %b %Y}"
        store = self.rapport.store
        return title + (" · READ-ONLY" if store is not None and store.read_only else "")

    @property
    def table(self) -> VirtualTable[AccountRow]:
        return self.query_one("#accounts", VirtualTable)

    @property
    def search_text(self) -> str:
        return self.query_one("#search", Input).value

    # -- rows --------------------------------------------------------------------------------

    def _load_rows(self, ids: set[str] | None) -> None:
        """Recompute the rows of ``ids`` (None: every row) in a worker. Each load is
        numbered: a row computed by an older load never replaces one from a newer load, so
        the list never mixes numbers from before and after a change."""
        self._loads += 1
        if ids is None:
            self._all_load = self._loads
            self._load_all(self._loads)
        else:
            self._asked.update(dict.fromkeys(ids, self._loads))
            self._load_some(ids, self._loads)

    def _newer_than(self, account_id: str, load: int) -> bool:
        """Has a load newer than ``load`` been asked for this account's row?"""
        return max(self._asked.get(account_id, 0), self._all_load) > load

    @work(thread=True, group="row-updates", exit_on_error=False)
    def _load_some(self, ids: set[str], load: int) -> None:
        store = self.rapport.store
        if store is not None:
            rows = account_rows(store, self.rapport.ctx.today(), ids)
            self.app.call_from_thread(self._update_rows, ids, rows, load)

    @work(thread=True, group="rows", exclusive=True, exit_on_error=False)
    def _load_all(self, load: int) -> None:
        """Every row at once, kept ones whole and the others without their cards, then the
        cards in chunks (they take ~1 ms each): the list is usable at once and its class
        and strength fill in (``views.list_rows``)."""
        store = self.rapport.store
        if store is None:
            return
        worker = get_current_worker()
        for rows, cards in list_rows(store, self.rapport.ctx.today(), CARD_CHUNK):
            if worker.is_cancelled:
                return
            if rows:
                self.app.call_from_thread(self._replace_rows, rows, load)
            if cards:
                self.app.call_from_thread(self._fill_cards, cards, load)

    def _replace_rows(self, rows: list[AccountRow], load: int = 0) -> None:
        if load < self._all_load:
            return  # a newer load of every row is on its way
        kept = {i: r for i, r in self._rows.items() if self._asked.get(i, 0) > load}
        self._rows = {r.id: kept.pop(r.id, r) for r in rows}
        self._sorted = None
        self.table.empty = (
            "No accounts match: escape clears the search" if rows else "No accounts yet: n adds one"
        )
        self._show()

    def _update_rows(self, ids: set[str], rows: list[AccountRow], load: int) -> None:
        fresh = {i for i in ids if not self._newer_than(i, load)}
        for account_id in fresh:
            self._rows.pop(account_id, None)
        self._rows.update((r.id, r) for r in rows if r.id in fresh)
        self._sorted = None
        self._show()

    def _fill_cards(self, cards: dict[str, CardSummary], load: int) -> None:
        if load != self._all_load:
            return  # cards worked out before a newer change: that load brings its own
        for account_id, card in cards.items():
            row = self._rows.get(account_id)
            if row is not None and row.cls == PENDING:
                self._rows[account_id] = with_card(row, card)
        self._sorted = None
        self._show()

    def ready(self) -> bool:
        """True once the whole file is open; else says so (the list is a first look)."""
        if self.rapport.store is not None:
            return True
        self.notify("Still opening the file…", timeout=2)
        return False

    def _store_changed(self, touched: Touched) -> None:
        if touched.everything:  # the store came (or came back): it may be read-only
            self.query_one("#title", Static).update(text(self._title()))
        if self._pending_open and self.rapport.store is not None:
            account_id, self._pending_open = self._pending_open, None
            self.rapport.open_account(account_id)
        if touched.everything or touched.tables & EVERY_CARD:
            self._load_rows(None)
        elif touched.accounts:
            self._load_rows(set(touched.accounts))

    def _show(self) -> None:
        query = aq.parse(self.search_text)
        table = self.table
        order = (table.sort_key or "name", table.sort_reverse)
        if self._sorted is None or self._sorted[:2] != order:
            every = aq.ordered(list(self._rows.values()), *order)
            self._sorted = (*order, aq.Finder(every, self.rapport.ctx.user))
        finder = self._sorted[2]
        problems = query.problems + finder.unmatched(query)
        if table.marked:
            table.marked &= set(self._rows)
        shown = finder.chosen(query)
        table.set_rows(shown)
        said = self.query_one("#search-problems", Static)
        said.update(text("; ".join(problems)))  # what in the search is no filter, and why
        said.set_class(bool(problems), "-shown")
        self._summarise(shown, finder.counts(query))

    def _summarise(self, shown: list[AccountRow], counts: dict[str, int] | None = None) -> None:
        counts = counts or class_counts(shown)
        if self.size.width >= 100:
            names = ("Ambassadors", "Opportunists", "Defectors", "unsurveyed")
            parts = [f"{counts[c]} {n}" for c, n in zip(CLASSES, names, strict=True)]
        else:  # the badges of the Cls column
            parts = [f"{CLASS_BADGES[c][0]} {counts[c]}" for c in CLASSES]
        line = " · ".join(parts) + f"  │ {len(shown)} of {len(self._rows)}"
        if counts[PENDING]:
            line += f" · cards for {counts[PENDING]} still coming"
        if self.table.marked:
            line += f" · {len(self.table.marked)} marked"
        store = self.rapport.store
        unsettled = sum(1 for c in store.all("conflicts") if not c.get("resolved")) if store else 0
        if unsettled:
            line += f"  │ {counted(unsettled, 'conflict')} from a merge: C settles them"
        self.query_one("#summary", Static).update(text(line))

    # -- search --------------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self._show()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        """Enter: the one account found opens; else the list takes the keys."""
        rows = self.table.rows
        if len(rows) == 1 and self.search_text.strip():
            self.table.cursor = 0
            self.table.focus()
            self.table.action_select()
            return
        self.table.focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.table.focus()
        elif search.value:
            search.value = ""
        elif self.table.marked:
            self.table.clear_marks()

    def action_toggle(self, token: str) -> None:
        search = self.query_one("#search", Input)
        search.value = aq.toggle(search.value, token)

    def action_sort(self) -> None:
        table = self.table
        index = SORT_COLUMNS.index(table.sort_key or "name")
        table.sort_key = SORT_COLUMNS[(index + 1) % len(SORT_COLUMNS)]
        table.sort_reverse = False
        self._show()
        self.notify(f"Sorted by {table.sort_key}", timeout=2)

    def action_reverse(self) -> None:
        self.table.sort_reverse = not self.table.sort_reverse
        self._show()

    # -- rows' actions -------------------------------------------------------------------------

    @on(VirtualTable.Selected, "#accounts")
    def _open(self, event: VirtualTable.Selected) -> None:
        if self.rapport.store is None:
            self._pending_open = event.row.id  # opened as soon as the file is
            self.notify("Opening it as soon as the file is open…", timeout=2)
            return
        self.rapport.open_account(event.row.id)

    @on(VirtualTable.MarksChanged, "#accounts")
    def _marks_changed(self) -> None:
        self._summarise(list(self.table.rows))

    def action_mark_all(self) -> None:
        table = self.table
        keys = {r.id for r in table.rows}
        table.marked = set() if keys <= table.marked else table.marked | keys
        table.refresh()
        self._summarise(list(table.rows))

    def key_account(self) -> str | None:
        row = self.table.current
        return row.id if row is not None and self.ready() else None

    def action_log(self) -> None:
        if not self.ready():
            return
        row = self.table.current
        if row is not None:
            self.rapport.log_interaction(row.id)

    def action_filters(self) -> None:
        from ..modals.filters import FiltersModal

        def apply(value: str | None) -> None:
            if value is not None:
                self.query_one("#search", Input).value = value

        self.app.push_screen(FiltersModal(self.search_text, list(self._rows.values())), apply)

    def action_bulk(self) -> None:
        if not self.ready():
            return
        from ..modals.bulk import BulkChange

        table = self.table
        ids = sorted(table.marked) or ([table.current.id] if table.current else [])
        if not ids:
            return

        def done(changed: Any) -> None:
            if changed:
                table.clear_marks()

        self.app.push_screen(BulkChange(ids), done)

    def action_new(self) -> None:
        if not self.ready():
            return
        from ..modals.account_form import AccountForm

        self.app.push_screen(AccountForm(None))

    def action_edit(self) -> None:
        if not self.ready():
            return
        from ..modals.account_form import AccountForm

        row = self.table.current
        if row is not None:
            self.app.push_screen(AccountForm(row.id))

    def action_delete(self) -> None:
        if not self.ready():
            return
        from ..modals.delete_account import confirm_delete_account

        row = self.table.current
        if row is not None:
            confirm_delete_account(self.rapport, row.id)

    def action_agenda(self) -> None:
        if not self.ready():
            return
        from .agenda import AgendaScreen

        self.app.push_screen(AgendaScreen())

    def action_surveys(self) -> None:
        if not self.ready():
            return
        from .surveys import SurveysScreen

        self.app.push_screen(SurveysScreen())

    def action_portfolio(self) -> None:
        if not self.ready():
            return
        from .portfolio import PortfolioScreen

        self.app.push_screen(PortfolioScreen())

    def action_conflicts(self) -> None:
        if not self.ready():
            return
        from .conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen())

    def action_export(self) -> None:
        """Export the accounts shown (filtered and sorted as they are) to a CSV file."""
        if not self.ready():
            return
        from ..modals.export_form import export_form

        def written(result: Any) -> None:
            if result:
                target, count = result
                self.notify(content(f"Wrote {counted(count, 'account')} to {target}"), timeout=5)

        today = self.rapport.ctx.today()
        self.app.push_screen(export_form([row.id for row in self.table.rows], today), written)
