"""One account: its facts, its LoyaltyCard, and tabs of everything that happened with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Static

from rapport.store import ChangeSet, Touched

from ..formatting import BAD_NEWS, money, words
from ..panes.complaints import ComplaintsPane
from ..panes.contacts import ContactsPane
from ..panes.opportunities import OpportunitiesPane
from ..panes.plan import PlanPane
from ..panes.promises import PromisesPane
from ..panes.stages import StagesPane
from ..panes.surveys import SurveysPane
from ..panes.timeline import TimelinePane
from ..rapport_node import RapportNode
from ..render.relationship import relationship_facts
from ..safe import text
from ..widgets.card import CardView
from ..widgets.record_pane import RecordPane
from ..widgets.tab_strip import TabStrip
from .relationship_keys import RelationshipActions

PANES = (
    TimelinePane,
    PlanPane,
    ContactsPane,
    PromisesPane,
    ComplaintsPane,
    OpportunitiesPane,
    SurveysPane,
    StagesPane,
)


class AccountScreen(RelationshipActions, RapportNode, Screen[None]):
    AUTO_FOCUS = None  # the timeline takes the focus once it is filled (fewer footer redraws)
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="account.back"),
        Binding("i", "log", "Log", id="account.log"),
        Binding("t", "stage", "Stage", id="account.stage"),
        Binding("E", "edit_account", "Edit account", show=False, id="account.edit"),
        Binding("left_square_bracket", "tab(-1)", "Prev tab", show=False, id="account.prev_tab"),
        Binding("right_square_bracket", "tab(1)", "Next tab", show=False, id="account.next_tab"),
        Binding("z", "zoom_card", "Zoom card", show=False, id="account.zoom"),
        Binding("ctrl+g", "group", "Customer group", show=False, id="account.group"),
        Binding("A", "schedule", "Schedule an appointment", show=False, id="account.schedule"),
    ]
    DEFAULT_CSS = """
    AccountScreen #account-head { height: 2; padding: 0 1; background: $panel; }
    AccountScreen ContentSwitcher { height: 1fr; }
    AccountScreen RecordPane { height: 1fr; padding: 0; }
    AccountScreen.-zoomed #tab-strip, AccountScreen.-zoomed ContentSwitcher { display: none; }
    """
    TAB_ROWS = 5
    """Rows of the current tab kept in view under the card (its header comes on top)."""

    def __init__(self, account_id: str) -> None:
        super().__init__()
        self.account_id = account_id

    def compose(self) -> ComposeResult:
        yield Static(id="account-head")
        yield CardView(id="card")
        yield TabStrip([pane.TITLE for pane in PANES], id="tab-strip")
        with ContentSwitcher(id="tabs"):
            yield PANES[0](self.account_id)  # the others are made when first shown
        yield Footer()

    def on_mount(self) -> None:
        self._fit_card(self.app.size.height)
        self._show_account()
        first = self.pane(0)
        first.populate()
        self.call_after_refresh(first.table.focus)
        self.rapport.store_changed.subscribe(self, self._store_changed)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_card(event.size.height)

    def _fit_card(self, height: int) -> None:
        """The card takes what the head, the tab strip, the tab's header and TAB_ROWS rows,
        and the footer leave (at 80x24 that is the compact card, every factor in it)."""
        spare = height - 2 - 1 - (1 + self.TAB_ROWS) - 1 - 1  # head, strip, tab, footer, border
        self.query_one(CardView).room = max(3, spare)

    def _show_account(self) -> bool:
        store = self.rapport.store
        account = store.get("accounts", self.account_id) if store else None
        if store is None or account is None:
            return False
        today = self.rapport.ctx.today()
        head = account_head(account, relationship_facts(store, account, today))
        self.query_one("#account-head", Static).update(head)
        self.query_one(CardView).show(store, self.account_id, self.rapport.ctx.today())
        self.sub_title = account["name"]
        return True

    def pane(self, index: int) -> RecordPane:
        """The pane of tab ``index``, made and mounted the first time it is asked for."""
        switcher = self.query_one(ContentSwitcher)
        kind = PANES[index]
        found = [p for p in switcher.query_children(kind)]
        if found:
            return found[0]
        pane = kind(self.account_id)
        switcher.mount(pane)
        return pane

    @on(TabStrip.Changed, "#tab-strip")
    def _tab_shown(self, event: TabStrip.Changed) -> None:
        pane = self.pane(event.index)
        self.query_one(ContentSwitcher).current = pane.id
        if not pane.populated:
            pane.populate()
        self.call_after_refresh(pane.table.focus)

    def _store_changed(self, touched: Touched) -> None:
        if not (
            touched.everything
            or self.account_id in touched.accounts
            or touched.tables & {"waves", "questionnaires", "settings"}
        ):
            return
        if not self._show_account():
            self.notify("This account was deleted", severity="warning")
            self.dismiss()
            return
        for pane in self.query(RecordPane):
            if pane.populated:
                pane.table.set_rows(pane.load())

    def action_back(self) -> None:
        if self.has_class("-zoomed"):
            self.action_zoom_card()
            return
        self.dismiss()

    def key_account(self) -> str | None:
        return self.account_id

    def action_log(self) -> None:
        self.rapport.log_interaction(self.account_id, self._logged)

    def _logged(self, result: ChangeSet | None) -> None:
        """The timeline's cursor goes to the interaction just logged."""
        for pane in self.query(TimelinePane):
            pane.show_logged(result)

    def action_stage(self) -> None:
        from ..modals.stage_form import stage_form

        self.app.push_screen(stage_form(self.rapport, self.account_id))

    def action_edit_account(self) -> None:
        from ..modals.account_form import AccountForm

        self.app.push_screen(AccountForm(self.account_id))

    def action_tab(self, delta: int) -> None:
        strip = self.query_one(TabStrip)
        strip.active = (strip.active + delta) % len(PANES)

    def action_zoom_card(self) -> None:
        """The whole card over the tabs (the head, with the account's name, stays)."""
        card = self.query_one(CardView)
        zoom = not card.zoomed
        card.zoomed = zoom
        self.set_class(zoom, "-zoomed")
        if zoom:
            card.focus()
        else:
            card.scroll_home(animate=False)
            switcher = self.query_one(ContentSwitcher)
            panes = [p for p in self.query(RecordPane) if p.id == switcher.current]
            if panes and panes[0].populated:
                panes[0].table.focus()


def account_head(account: Any, relationship: Sequence[str] = ()) -> Text:
    """Two lines, never wrapped: the name with the relationship's facts (``relationship``:
    the group, the renewal, the value won), then the account's, those that matter most
    first."""
    head = Text(end="", no_wrap=True, overflow="ellipsis")
    head.append_text(text(account["name"], "bold"))
    if relationship:
        head.append_text(text("  " + " · ".join(relationship)))
    facts = [
        f"owner {account['owner']}",
        account["tier"],
        f"{money(account['value'])}/yr",
        words(account["stage"]),
        words(account["type"]),
    ]
    place = " / ".join(x for x in (account.get("region"), account.get("division")) if x)
    if place:
        facts.append(place)
    facts.append(BAD_NEWS.get(account["bad_news"], f"bad news travels {account['bad_news']}"))
    if account.get("b2c"):
        facts.append("private customer")
    head.append("\n")
    head.append_text(text(" · ".join(facts)))
    if account.get("tags"):
        head.append_text(text("  #" + " #".join(account["tags"])))
    return head
