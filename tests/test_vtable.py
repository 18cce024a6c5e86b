"""The virtual list under every table: the cursor stays on its row and in view."""

from __future__ import annotations

from textual.app import App, ComposeResult

from rapport.tui.widgets.vtable import Column, VirtualTable


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("n", "N")], lambda row: [row], lambda row: row, id="list")


def in_view(table: VirtualTable[str]) -> bool:
    top = round(table.scroll_offset.y)
    return top < table.cursor + 1 < top + table.scrollable_content_region.height


async def test_the_cursor_row_stays_in_view_when_the_rows_change() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows([f"row {i:03}" for i in range(90, 100)])  # fits: nothing to scroll
        await pilot.pause()
        table.focus()
        await pilot.press("G")
        await pilot.pause()
        assert table.current == "row 099" and in_view(table)
        # everyone's agenda after only mine: the row is now far down a list that scrolls
        table.set_rows([f"row {i:03}" for i in range(120)])
        await pilot.pause()
        assert table.current == "row 099" and in_view(table)
        # the list grows and the row moves far down: the cursor follows it into view
        table.set_rows([f"row {i:03}" for i in range(400)][::-1])
        await pilot.pause()
        assert table.current == "row 099" and table.cursor == 300
        assert in_view(table)
        # the list shrinks and the row moves up
        table.set_rows([f"row {i:03}" for i in range(90, 110)])
        await pilot.pause()
        assert table.current == "row 099" and in_view(table)
