"""The reference for the app's start-up: a bare Textual app showing a 50-row table.

Run in the same terminal as Rapport (``scale.py`` starts it in a tmux pane and waits for
its rows on the screen). It stays open until it is quit (``q``) or its terminal closes.
"""

from textual.app import App, ComposeResult
from textual.widgets import DataTable


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Account", "Owner", "Tier", "Stage")
        table.add_rows([(f"Account {i}", "owner", "key", "exploration") for i in range(50)])


if __name__ == "__main__":
    Bare().run()
