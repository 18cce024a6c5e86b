"""The customers' own words, drawn with Rich: a card's comments and the portfolio's list of
what unhappy customers said. Comments are customer text: every one goes through
``visible`` into a ``Text`` (never markup), line breaks kept."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.text import Text

from rapport.store.loyalty import Card, Comment
from rapport.store.records import visible

LIMIT = 8
"""Comments the portfolio lists by default; it says how many more there are."""


def _said(comment: Comment) -> Text:
    who = comment.contact if comment.respondent == "customer" else f"mirror · {comment.staff}"
    line = Text("  “")
    line.append(visible(comment.text, multiline=True))
    line.append("” — ")
    line.append(visible(who), style="dim" if comment.respondent != "customer" else "italic")
    if comment.recommend is not None and comment.respondent == "customer":
        line.append(f" (recommend {comment.recommend})", style="dim")
    return line


def card_comments(card: Card) -> RenderableType:
    """The comments of the card's wave, customers first."""
    wave = visible((card.wave or {}).get("name", ""))
    return Group(Text(f"Comments in {wave}", style="bold"), *(_said(c) for c in card.comments))


def unhappy_comments(
    said: Iterable[tuple[Card, Comment]], limit: int | None = LIMIT
) -> RenderableType:
    """What Defectors and customers who would not recommend us said, with their account."""
    said = list(said)
    shown = said[:limit] if limit else said
    parts: list[RenderableType] = [
        Text(
            "What unhappy customers said: comments of Defectors and of everyone who would "
            f"not recommend us ({len(shown)} of {len(said)})"
            if len(shown) < len(said)
            else f"What unhappy customers said ({len(said)})",
            style="bold",
        )
    ]
    if not said:
        parts.append(Text("No comment from a Defector or a detractor.", style="dim"))
    for card, comment in shown:
        head = Text("  ")
        head.append(visible(card.account.get("name", "")), style="bold")
        head.append(f" · {card.cls}", style="red" if card.cls == "Defector" else "dim")
        parts += [head, _said(comment)]
    return Group(*parts)
