"""A customer group: one customer's accounts across divisions and regions side by side,
the group's value-weighted strength, its class mix and where its divisions differ most.
Reached with ctrl+g from an account of the group (or the accounts list) and from the palette."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from rapport.store import Touched
from rapport.store.loyalty import whole
from rapport.store.records import counted
from rapport.store.views import GroupMember, GroupReport, group_report

from ..formatting import BAND_WORDS, CLASS_BADGES, money
from ..rapport_node import RapportNode
from ..render.group import group_summary
from ..safe import text
from ..widgets.vtable import Cell, Column, VirtualTable

if TYPE_CHECKING:
    from ..app import RapportApp

COLUMNS = [
    Column("account", "Account", 0, min_width=10),
    Column("division", "Division", 12),
    Column("region", "Region", 8),
    Column("owner", "Owner", 9),
    Column("cls", "Cls", 3),
    Column("strength", "Str", 4, "right"),
    Column("band", "Band", 7),
    Column("in_tune", "Tune", 4, "right"),
    Column("value", "Value", 5, "right"),
]


def member_cells(m: GroupMember) -> list[Cell]:
    badge, style = CLASS_BADGES.get(m.cls, ("?", None))
    band, band_style = BAND_WORDS.get(m.band or "", ("-", "dim"))
    strength = "-" if m.strength is None else f"{whole(m.strength)}{'*' if m.provisional else ''}"
    return [
        m.account,
        m.division,
        m.region,
        m.owner,
        (badge, style),
        strength,
        (band, band_style),
        "-" if m.in_tune is None else str(whole(m.in_tune)),
        money(m.value),
    ]


def open_group(app: RapportApp, account_id: str | None = None, name: str | None = None) -> None:
    """Show the group of ``account_id`` (or the group ``name``); say so when it has none."""
    store = app.store
    if store is None:
        return
    if name is None and account_id is not None:
        account = store.get("accounts", account_id)
        name = str(account.get("group") or "").strip() if account else ""
        if not name:
            app.notify("This account is in no customer group: E edits it and its group", timeout=4)
            return
    if name:
        app.push_screen(GroupScreen(name))


class GroupScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="group.back"),
        Binding("i", "log", "Log", id="group.log"),
        Binding("E", "edit_account", "Edit account", show=False, id="group.edit"),
    ]
    DEFAULT_CSS = """
    GroupScreen #group-summary { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, group: str) -> None:
        super().__init__()
        self.group = group
        self.report: GroupReport | None = None

    def compose(self) -> ComposeResult:
        yield Static(text(f"Group · {self.group}"), id="group-title", classes="title-bar")
        yield Static(id="group-summary")
        yield VirtualTable(
            COLUMNS,
            member_cells,
            lambda m: m.account_id,
            markable=False,
            id="group-accounts",
            empty="Working out the group's LoyaltyCards…",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.rapport.store_changed.subscribe(self, self._store_changed)
        self.query_one(VirtualTable).focus()
        self._load()

    def _store_changed(self, _touched: Touched) -> None:
        self._load()

    @work(thread=True, group="group", exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        store = self.rapport.store
        if store is not None:
            report = group_report(store, self.group, self.rapport.ctx.today())
            self.app.call_from_thread(self._show, report)

    def _show(self, report: GroupReport) -> None:
        self.report = report
        table = self.query_one(VirtualTable)
        table.empty = "No account is in this group any more"
        table.set_rows(report.members)
        self.query_one("#group-summary", Static).update(group_summary(report))
        self.query_one("#group-title", Static).update(
            text(
                f"Group · {report.group} · {counted(len(report.members), 'account')} · "
                f"{money(report.value)}/yr · as of {report.as_of:%a %d %b %Y}"
            )
        )

    @on(VirtualTable.Selected, "#group-accounts")
    def _open(self, event: VirtualTable.Selected) -> None:
        self.rapport.open_account(event.row.account_id)

    def _current(self) -> GroupMember | None:
        return self.query_one(VirtualTable).current

    def action_back(self) -> None:
        self.dismiss()

    def action_log(self) -> None:
        row = self._current()
        if row is not None:
            self.rapport.log_interaction(row.account_id)

    def action_edit_account(self) -> None:
        from ..modals.account_form import AccountForm

        row = self._current()
        if row is not None:
            self.app.push_screen(AccountForm(row.account_id))
