"""The customers' own words: the comments of a wave's responses, for the LoyaltyCard (every
comment of the card's wave) and the portfolio (those of Defectors and of everyone who would
not recommend us). Pure, like the rest of the card's arithmetic."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Record = Mapping[str, Any]


@dataclass(frozen=True)
class Comment:
    """One respondent's comment in one wave."""

    contact: str | None
    """The contact's name; None for an employee mirror (then ``staff`` says who)."""
    respondent: str
    staff: str
    text: str
    recommend: int | None


def wave_comments(
    responses: Iterable[Record], contacts: Iterable[Record], wave: str | None
) -> tuple[Comment, ...]:
    """The comments given in wave ``wave`` (an id): customers first, by name, then mirrors."""
    if wave is None:
        return ()
    names = {str(c["id"]): str(c.get("name", "")) for c in contacts if "id" in c}
    found = []
    for r in responses:
        text = str(r.get("comment") or "").strip()
        if not text or str(r.get("wave")) != wave:
            continue
        customer = r.get("respondent", "customer") == "customer"
        contact = names.get(str(r.get("contact")), "(contact removed)") if customer else None
        found.append(
            Comment(
                contact,
                "customer" if customer else "employee",
                str(r.get("staff") or ""),
                text,
                r.get("recommend"),
            )
        )
    return tuple(sorted(found, key=lambda c: (c.respondent != "customer", c.contact or c.staff)))


def unhappy(comment: Comment, cls: str, detractor_max: float) -> bool:
    """A comment the portfolio lists: a customer's, from a Defector account or from someone
    who would not recommend us (recommend at most ``detractor_max``, 6 by default)."""
    if comment.respondent != "customer":
        return False
    return cls == "Defector" or (
        comment.recommend is not None and comment.recommend <= detractor_max
    )


def comments_to_json(comments: Iterable[Comment], wave: str | None) -> list[dict[str, Any]]:
    """``[{contact, wave, text, respondent, staff}]`` (contact None for a mirror)."""
    return [
        {
            "contact": c.contact,
            "wave": wave,
            "text": c.text,
            "respondent": c.respondent,
            "staff": c.staff,
        }
        for c in comments
    ]
