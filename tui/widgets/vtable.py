"""A table that renders only the rows on screen, so 20,000 accounts scroll and filter fast.

Rows are any objects; a ``cells`` function turns one into its cells. A cell is text, or
``(text, style)`` where style names one of the component classes below, so every theme
colours it. Every cell's text goes through :func:`~rapport.store.records.text.visible` and is drawn
as plain segments: nothing in the data is ever read as markup or reaches the terminal as
a control sequence.

A two-character gutter shows the cursor (``▶``) and marked rows (``*``), so neither is
shown by colour alone. Rows for which ``heading`` says so are headings: drawn across the
table (their first cell's text), and skipped by the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rapport.store.records import visible

Row = TypeVar("Row")
Cell = str | tuple[str, str | None]
GUTTER = 2


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int = 0
    """Cells wide; 0 means this column takes the width that is left."""
    align: str = "left"
    min_width: int = 8
    """For a column that takes what is left: what it needs to be of use (columns that may
    go are dropped before it gets less)."""
    drop: int = 0
    """0: always shown; else dropped when the table is too narrow, highest first."""
    max_width: int = 0
    """A fixed column may grow up to this when the table is wide (owner, stage)."""


ROOMY = 28
"""A column that takes what is left gets this much before fixed columns grow."""


def fit_columns(columns: Sequence[Column], available: int) -> list[int | None]:
    """Each column's width in ``available`` cells (each followed by a space), ``None`` for
    a column dropped to make room. Narrow: columns go (highest ``drop`` first) before a
    column that takes what is left falls below its ``min_width``. Wide: that column gets
    :data:`ROOMY`, then columns with a ``max_width`` grow, then it takes the rest."""
    shown = list(columns)
    flex = [c for c in columns if not c.width]

    def spare() -> int:
        fixed = sum(c.width + 1 for c in shown if c.width)
        return available - fixed - sum(c.min_width + 1 for c in flex if c in shown)

    while spare() < 0 and any(c.drop for c in shown):
        shown.remove(max((c for c in shown if c.drop), key=lambda c: c.drop))
    left = spare()
    widths = {c.key: c.width or c.min_width for c in shown}
    shown_flex = [c for c in flex if c in shown]
    for column in shown_flex:  # up to ROOMY first
        more = max(0, min(left // len(shown_flex), ROOMY - widths[column.key]))
        widths[column.key] += more
        left -= more
    for column in shown:  # then the columns that may grow
        if column.max_width > column.width:
            more = max(0, min(left, column.max_width - column.width))
            widths[column.key] += more
            left -= more
    if shown_flex and left > 0:  # the rest to the flexible ones
        for column in shown_flex:
            widths[column.key] += left // len(shown_flex)
    return [widths.get(c.key) if c in shown else None for c in columns]


class VirtualTable(ScrollView, Generic[Row], can_focus=True):
    COMPONENT_CLASSES = {
        "vtable--header",
        "vtable--cursor",
        "vtable--marked",
        "vtable--dim",
        "vtable--good",
        "vtable--warn",
        "vtable--bad",
        "vtable--accent",
        "vtable--heading",
    }
    DEFAULT_CSS = """
    VirtualTable { height: 1fr; background: $surface; scrollbar-size-vertical: 1; }
    VirtualTable > .vtable--header { background: $panel; color: $foreground; text-style: bold; }
    VirtualTable > .vtable--cursor { background: $block-cursor-blurred-background; }
    VirtualTable:focus > .vtable--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    VirtualTable > .vtable--marked { color: $text-accent; text-style: bold; }
    VirtualTable > .vtable--dim { color: $text-muted; }
    VirtualTable > .vtable--good { color: $text-success; }
    VirtualTable > .vtable--warn { color: $text-warning; }
    VirtualTable > .vtable--bad { color: $text-error; text-style: bold; }
    VirtualTable > .vtable--accent { color: $text-primary; }
    VirtualTable > .vtable--heading { color: $text-primary; text-style: bold; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="table.down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home,g", "first", "First", show=False, id="table.first"),
        Binding("end,G", "last", "Last", show=False, id="table.last"),
        Binding("space", "toggle_mark", "Mark", id="table.mark"),
        Binding("enter", "select", "Open", id="table.open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    """Index of the highlighted row in :attr:`rows`. A move redraws the two rows it
    changes, not the table (over SSH every redrawn row costs bytes)."""

    class _TableMessage(Message):
        """A message about the table; ``@on`` selectors match its id."""

        def __init__(self, table: VirtualTable[Any]) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> VirtualTable[Any]:
            return self.table

    class _RowMessage(_TableMessage):
        def __init__(self, table: VirtualTable[Any], row: Any) -> None:
            super().__init__(table)
            self.row = row

    class Selected(_RowMessage):
        """Enter was pressed on a row."""

    class Highlighted(_RowMessage):
        """The cursor moved to another row."""

    class MarksChanged(_TableMessage):
        """Rows were marked or unmarked."""

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[Row], Sequence[Cell]],
        key: Callable[[Row], str],
        *,
        markable: bool = True,
        heading: Callable[[Row], bool] | None = None,
        empty: str = "Nothing to show",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self._cells = cells
        self._key = key
        self.markable = markable
        self._heading = heading
        self.empty = empty
        self.rows: Sequence[Row] = []
        self.marked: set[str] = set()
        self.sort_key: str | None = None
        self.sort_reverse = False
        self._awaited: str | None = None
        """A row's key to put the cursor on when set_rows brings it (see move_to)."""
        self._widths: list[int | None] = []
        """Each column's width; ``None`` for one dropped (the table is too narrow)."""

    # -- data ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], *, keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on the row with key ``keep`` (or the same row) if present."""
        current = keep if keep is not None else self.current_key
        if self._awaited is not None and any(self._key(r) == self._awaited for r in rows):
            current, self._awaited = self._awaited, None
        self.rows = rows
        self._layout()
        if current is None or not self.move_to(current):
            self.cursor = 0
        self.refresh()
        # the new size is known after this refresh: only then can the cursor be scrolled to
        self.call_after_refresh(self._show_cursor)

    def move_to(self, key: str, *, when_shown: bool = False) -> bool:
        """Put the cursor on the row with ``key``; say whether there is one. With
        ``when_shown``, a row not there yet (just saved; the list not yet reloaded) gets
        the cursor when :meth:`set_rows` first brings it."""
        for i, row in enumerate(self.rows):
            if self._key(row) == key:
                self.cursor = i
                self._awaited = None
                return True
        if when_shown:
            self._awaited = key
        return False

    @property
    def current(self) -> Row | None:
        if 0 <= self.cursor < len(self.rows) and not self.is_heading(self.cursor):
            return self.rows[self.cursor]
        return None

    def is_heading(self, index: int) -> bool:
        return self._heading is not None and self._heading(self.rows[index])

    @property
    def current_key(self) -> str | None:
        row = self.current
        return None if row is None else self._key(row)

    def marked_rows(self) -> list[Row]:
        return [row for row in self.rows if self._key(row) in self.marked]

    def clear_marks(self) -> None:
        self.marked.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self))

    # -- layout ----------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self.call_after_refresh(self._show_cursor)  # a smaller window keeps the cursor's row

    def _layout(self) -> None:
        available = max(self.scrollable_content_region.width, 20) - GUTTER
        self._widths = fit_columns(self.columns, available)
        total = GUTTER + sum(w + 1 for w in self._widths if w is not None)
        self.virtual_size = Size(total, len(self.rows) + 1)

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("vtable--header")
            segments = [Segment(" " * GUTTER, style), *self._header_segments(style)]
            return Strip(segments).simplify().crop_extend(scroll_x, scroll_x + width, style)
        index = scroll_y + y - 1
        if index >= len(self.rows):
            if index == 0 and not self.rows:
                dim = base + self.get_component_rich_style("vtable--dim")
                return Strip([Segment(f"  {self.empty}", dim)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        row = self.rows[index]
        if self.is_heading(index):
            style = base + self.get_component_rich_style("vtable--heading")
            first = next(iter(self._cells(row)), "")
            title = visible(first if isinstance(first, str) else first[0])
            return Strip([Segment(" " * GUTTER + title, style)]).crop_extend(
                scroll_x, scroll_x + width, base
            )
        marked = self._key(row) in self.marked
        row_style = base
        if marked:
            row_style += self.get_component_rich_style("vtable--marked")
        is_cursor = index == self.cursor
        if is_cursor:
            row_style += self.get_component_rich_style("vtable--cursor")
        gutter = ("▶" if is_cursor else " ") + ("*" if marked else " ")
        segments = [Segment(gutter, row_style)]
        for cell, column, cell_width in zip(
            self._cells(row), self.columns, self._widths, strict=False
        ):
            if cell_width is None:
                continue
            text, style_name = (cell, None) if isinstance(cell, str) else cell
            style = row_style
            if style_name and not is_cursor:
                style = row_style + self.get_component_rich_style(f"vtable--{style_name}")
            segments.append(Segment(_fit(visible(text), cell_width, column.align) + " ", style))
        # cells of one style as one segment: one colour sequence each, not one per cell
        return Strip(segments).simplify().crop_extend(scroll_x, scroll_x + width, row_style)

    def _header_segments(self, style: Style) -> list[Segment]:
        segments = []
        for column, cell_width in zip(self.columns, self._widths, strict=False):
            if cell_width is None:
                continue
            title = column.title
            if column.key == self.sort_key:
                title = f"{title}{'▼' if self.sort_reverse else '▲'}"
            segments.append(Segment(_fit(title, cell_width, column.align) + " ", style))
        return segments

    # -- cursor and keys ---------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        """In the table, and never on a heading: past it the way the cursor was going
        (else back the other way, at the table's first or last row)."""
        value = max(0, min(value, len(self.rows) - 1))
        if self._heading is None or not self.rows:
            return value
        way = -1 if value < self.cursor else 1
        for step in (way, -way):
            index = value
            while 0 <= index < len(self.rows):
                if not self.is_heading(index):
                    return index
                index += step
        return value

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._show_cursor()
        if self.rows:
            self.post_message(self.Highlighted(self, self.rows[new]))

    def _show_cursor(self) -> None:
        """Scroll so that the cursor's row is in view (below the header)."""
        self.scroll_to_region(
            Region(self.scroll_offset.x, self.cursor + 1, 1, 1),
            spacing=Spacing(1, 0, 0, 0),
            animate=False,
            force=True,
        )

    def _rows_in_view(self) -> range:
        top = round(self.scroll_offset.y)
        return range(top, top + max(1, self.scrollable_content_region.height - 1))

    def on_key(self, event: events.Key) -> None:
        """Keys act on a row that can be seen: if the view was scrolled away from the cursor
        (the wheel, the scrollbar), the cursor first comes to the nearest row in view."""
        view = self._rows_in_view()
        if self.rows and self.cursor not in view:
            self.cursor = min(max(self.cursor, view.start), min(view.stop, len(self.rows)) - 1)

    def action_move(self, delta: int) -> None:
        self._awaited = None  # the user moved: theirs, not a row still to come
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self._awaited = None
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_first(self) -> None:
        self._awaited = None  # the user moved: theirs, not a row still to come
        self.cursor = 0

    def action_last(self) -> None:
        self._awaited = None  # the user moved: theirs, not a row still to come
        self.cursor = len(self.rows) - 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A list without marks neither shows nor takes the mark key."""
        return self.markable or action != "toggle_mark"

    def action_toggle_mark(self) -> None:
        row = self.current
        if row is None or not self.markable:
            return
        key = self._key(row)
        self.marked.symmetric_difference_update({key})
        self.refresh_line(self.cursor + 1)
        self.post_message(self.MarksChanged(self))
        self.cursor += 1

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor = self.scroll_offset.y + event.y - 1
            if event.chain == 2:
                self.action_select()


def _fit(text: str, width: int, align: str) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    if align == "right":
        return " " * (width - cell_len(text)) + text
    return set_cell_size(text, width)
