"""The LoyaltyCard area of the account screen: where the customer stands, in words and
numbers, each number with what it is made of. Focus it (tab) to scroll; z zooms it.

The card is drawn once into lines (again only when the width changes) and shown with
the Line API: laying out the screen never renders its tables again.
"""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rapport.store import Store
from rapport.store.records import counted
from rapport.store.views import (
    AccountRow,
    account_row,
    card_for,
    referrals_given,
    settings_of,
)

from ..formatting import long_date
from ..render.card import card_renderable
from ..render.relationship import referrals_text

GUTTER = 1
"""Columns kept for the scrollbar, always (``scrollbar-gutter: stable``), so the card's
width does not change when it starts to scroll."""


class CardView(ScrollView, can_focus=True):
    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    CardView {
        height: auto; max-height: 45%; border-top: solid $panel; padding: 0 1;
        scrollbar-gutter: stable; scrollbar-size-vertical: 1;
    }
    CardView:focus { border-top: solid $primary; }
    CardView.-maximized { max-height: 100%; height: 1fr; }
    """
    BINDINGS = [
        Binding("up,k", "scroll_up", "Up", show=False, id="card.up"),
        Binding("down,j", "scroll_down", "Down", show=False, id="card.down"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._renderable: RenderableType = Text("")
        self._lines: list[Strip] = []
        self._width = 0

    def show(self, store: Store, account_id: str, today: date) -> None:
        account = store.get("accounts", account_id)
        if account is None:
            return
        card = card_for(store, account_id, today)
        row = account_row(store, account, today, settings_of(store))
        referrals = referrals_given(store, account_id)
        parts = [card_renderable(card), self._touch(store, account_id, row)]
        if referrals.given:  # a line at 80x24 is dear: said only when there are some
            parts.append(referrals_text(referrals))
        self._renderable = Group(*parts)
        self._width = 0
        if self.scrollable_content_region.width:
            self._draw(self.scrollable_content_region.width)
        self.refresh(layout=True)

    def _draw(self, width: int) -> None:
        """Render the card into lines ``width`` cells wide (once per width)."""
        width = max(20, width)
        if width == self._width:
            return
        self._width = width
        console = self.app.console
        options = console.options.update_width(width)
        lines = console.render_lines(self._renderable, options, pad=False)
        self._lines = [Strip(Segment.adjust_line_length(line, width)) for line in lines]
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._draw(width - GUTTER)  # the lines are as wide as the region beside the scrollbar
        return len(self._lines)

    def on_resize(self, event: events.Resize) -> None:
        self._draw(self.scrollable_content_region.width)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        return self._lines[index].crop(
            self.scroll_offset.x, self.scroll_offset.x + self.scrollable_content_region.width
        )

    @staticmethod
    def _touch(store: Store, account_id: str, row: AccountRow) -> Text:
        if row.days_since is None:
            contact = "No interaction logged yet"
        else:
            status = {
                "ok": "",
                "losing": " ! past its cadence",
                "lost": " !! past twice its cadence",
            }[row.touch]
            contact = f"Last contact {row.days_since} days ago (cadence {row.cadence}){status}"
        open_promises = sum(
            1 for p in store.for_account("promises", account_id) if p["status"] == "open"
        )
        open_complaints = sum(
            1 for c in store.for_account("complaints", account_id) if c["status"] != "resolved"
        )
        follow = (
            f"next follow-up {long_date(row.next_follow_up)}"
            if row.next_follow_up
            else "no follow-up planned"
        )
        overdue = "! overdue · " if row.overdue else ""
        return Text(
            f"{contact} · {overdue}{follow} · {counted(open_promises, 'open promise')} · {counted(open_complaints, 'open complaint')}"
        )
