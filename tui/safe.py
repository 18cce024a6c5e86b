"""Data on screen is text, always: the one way a string from the data file reaches a widget.

Textual parses plain strings as markup in Static, Label, Button, DataTable, OptionList,
tab titles and notifications; ``Smith [/bar]`` would crash the app and
``[@click=app.quit]`` would run an action. Wrapping data in :class:`~rich.text.Text` or
:class:`~textual.content.Content` shows it as typed, and :func:`visible` first turns
control characters into visible symbols.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from rapport.store.records import visible


def text(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """Data as a Rich ``Text`` (for DataTable cells, Static, Select prompts)."""
    return Text(visible(value, multiline=multiline), style=style, end="")


def content(value: object, *, multiline: bool = False) -> Content:
    """Data as Textual ``Content`` (for Label, Button, tab titles, notifications, palette hits)."""
    return Content(visible(value, multiline=multiline))
