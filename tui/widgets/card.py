"""The LoyaltyCard area of the account screen: where the customer stands, in words and
numbers, each number with what it is made of. Focus it (tab) to scroll; z zooms it.

The whole card is shown when it fits in :attr:`CardView.room` (the lines the screen can
spare above the tabs); else the compact card (:mod:`..render.card_compact`), which at 80x24
still shows every factor. Zoomed, it is always the whole card, scrolling if need be.

The card is drawn once into lines (again only when the width or the room changes) and
shown with the Line API: laying out the screen never renders its tables again.
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
from ..render.card_compact import compact_card
from ..render.relationship import referrals_text

GUTTER = 1
"""Columns kept for the scrollbar, always (``scrollbar-gutter: stable``), so the card's
width does not change when it starts to scroll."""


class CardView(ScrollView, can_focus=True):
    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    CardView {
        height: auto; border-top: solid $panel; padding: 0 1;
        scrollbar-gutter: stable; scrollbar-size-vertical: 1;
        overflow-x: hidden; scrollbar-size-horizontal: 0;
    }
    CardView:focus { border-top: solid $primary; }
    CardView.-zoomed { height: 1fr; }
    """
    BINDINGS = [
        Binding("up,k", "scroll_up", "Up", show=False, id="card.up"),
        Binding("down,j", "scroll_down", "Down", show=False, id="card.down"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._full: RenderableType = Text("")
        self._compact: RenderableType = Text("")
        self._lines: list[Strip] = []
        self._drawn: tuple[int, int | None, bool] | None = None
        self._room: int | None = None
        self.compact = False
        """Is the compact card shown (the whole one did not fit)?"""

    @property
    def room(self) -> int | None:
        """Lines the card may take (``None``: as many as it needs)."""
        return self._room

    @room.setter
    def room(self, lines: int | None) -> None:
        if lines != self._room:
            self._room = lines
            self._apply_room()

    @property
    def zoomed(self) -> bool:
        return self.has_class("-zoomed")

    @zoomed.setter
    def zoomed(self, on: bool) -> None:
        self.set_class(on, "-zoomed")
        self._apply_room()

    def _apply_room(self) -> None:
        limit = None if self.zoomed or self._room is None else self._room + 1  # + the border
        self.styles.max_height = limit
        self._drawn = None
        if self.scrollable_content_region.width:
            self._draw(self.scrollable_content_region.width)
        self.refresh(layout=True)

    def show(self, store: Store, account_id: str, today: date) -> None:
        account = store.get("accounts", account_id)
        if account is None:
            return
        card = card_for(store, account_id, today)
        row = account_row(store, account, today, settings_of(store))
        touch = self._touch(store, account_id, row)
        referrals = referrals_given(store, account_id)
        # a line at 80x24 is dear: referrals are said only when there are some, and in the
        # whole card (the compact one keeps its lines for the factors)
        extra = [referrals_text(referrals)] if referrals.given else []
        self._full = Group(card_renderable(card), Text(touch), *extra)
        self._compact = compact_card(card, touch)
        self._drawn = None
        if self.scrollable_content_region.width:
            self._draw(self.scrollable_content_region.width)
        self.refresh(layout=True)

    def _draw(self, width: int) -> None:
        """Render the card into lines ``width`` cells wide (once per width and room)."""
        width = max(20, width)
        key = (width, self._room, self.zoomed)
        if key == self._drawn:
            return
        self._drawn = key
        lines = self._render(self._full, width)
        self.compact = not self.zoomed and self._room is not None and len(lines) > self._room
        if self.compact:
            lines = self._render(self._compact, width)
        self._lines = lines
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _render(self, renderable: RenderableType, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update_width(width)
        lines = console.render_lines(renderable, options, pad=False)
        while lines and not any(segment.text.strip() for segment in lines[-1]):
            lines.pop()  # the last line's newline
        return [Strip(Segment.adjust_line_length(line, width)) for line in lines]

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
    def _touch(store: Store, account_id: str, row: AccountRow) -> str:
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
        promises = counted(open_promises, "open promise")
        complaints = counted(open_complaints, "open complaint")
        return f"{contact} · {overdue}{follow} · {promises} · {complaints}"
