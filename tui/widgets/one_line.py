"""A one-line field that keeps all of a pasted text: Textual's Input keeps only the first
line of a paste; this one joins the lines with spaces and says so."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def one_line(text: str) -> tuple[str, int]:
    """``text`` on one line (its lines joined by single spaces), and how many lines it had."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    return " ".join(lines), len(lines)


class OneLineInput(Input):
    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # not Input's own, which keeps the first line only
        event.stop()
        if not event.text:
            return
        line, count = one_line(event.text)
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)
        if count > 1:
            self.notify(f"Pasted {count} lines as one, joined by spaces", timeout=4)
