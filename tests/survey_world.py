"""A small company with a questionnaire of its own (not the default one) for the survey-kit
tests: two accounts, three contacts, custom factors and statements."""

from __future__ import annotations

import random
from pathlib import Path

from helpers import context

from rapport.store import Store
from rapport.store.actions.edits import create_account
from rapport.store.actions.surveys import edit_questionnaire

FACTORS = [
    {"key": "care", "name": "they care"},
    {"key": "price", "name": "fair prices"},
    {"key": "speed", "name": "speed"},
]
STATEMENTS = [
    {
        "key": "care",
        "factor": "care",
        "text": "They look after us as if we were their only client.",
    },
    {"key": "care_2", "factor": "care", "text": "They call before we have to call them."},
    {"key": "price", "factor": "price", "text": "What we pay is fair for what we get."},
    {"key": "speed", "factor": "speed", "text": "Orders arrive when promised."},
]


def seeded(seed: int = 16):  # type: ignore[no-untyped-def]
    """A ``choose`` for issue_codes that gives the same codes every run."""
    return random.Random(seed).choice


def build_world(path: Path) -> dict[str, str]:
    """Returns ids by short name: the accounts ``north`` (owner ann) and ``south`` (owner
    bob), the contacts ``ines`` (decision maker) and ``omar`` at north, ``pia`` at south."""
    ids: dict[str, str] = {}
    with Store.open(path, context()) as store:
        edit_questionnaire(store, statements=STATEMENTS, factors=FACTORS)
        for key, name, owner in (
            ("north", "Nordwind Fähren", "ann"),
            ("south", "Südhang Wein", "bob"),
        ):
            ids[key] = create_account(store, {"name": name, "owner": owner}).created("accounts")[0][
                "id"
            ]
        with store.transaction("contacts") as tx:
            for key, account, name, dm in (
                ("ines", "north", "Ines Okafor", True),
                ("omar", "north", "Omar <b>Lindqvist</b>", False),
                ("pia", "south", "Pia Sørensen", True),
            ):
                ids[key] = tx.create(
                    "contacts", {"account": ids[account], "name": name, "decision_maker": dm}
                )
    return ids
