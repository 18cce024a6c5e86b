"""Helpers shared by the tests: a small company with hostile text in it, and ways to drive
and read the app."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rapport.store import Context, Store
from rapport.store.actions.edits import create_account, log_interaction

TODAY = date(2026, 11, 23)

HOSTILE = {
    "markup_close": "Smith [/bar] & Sons",
    "click": "[@click=app.quit]Click Ltd[/]",
    "link": "[link=https://evil.example]Link Corp[/link]",
    "osc52": "Clip\x1b]52;c;UFdORUQ=\x07 AG",
    "csi8": "Clear\x9b2J Inc",
    "title": "Title\x1b]0;pwned\x07 plc",
    "bidi": "Backwards \u202eevil\u202c Co",
}
"""Account names that would crash, act, link or write to the terminal if treated as markup or bytes."""


def context(user: str = "tester") -> Context:
    return Context(user=user, as_of=TODAY, clock=lambda: datetime(2026, 11, 23, 9, 30, tzinfo=UTC))


def build_company(
    path: Path, ctx: Context | None = None, *, hostile: bool = False
) -> dict[str, str]:
    """A small company: returns account ids by short name."""
    ctx = ctx or context()
    ids: dict[str, str] = {}
    with Store.open(path, ctx) as store:
        accounts = [
            ("acme", "Acme Corp", "tester", "key", 250_000, "North", "Retail"),
            ("beta", "Beta Industries", "bob", "growth", 80_000, "South", "Industry"),
            ("gamma", "Gamma Foods", "tester", "standard", 12_000, "North", "Food"),
            ("muller", "Müller Logistik GmbH", "carol", "key", 400_000, "East", "Industry"),
        ]
        if hostile:
            accounts += [
                (k, v, "tester", "standard", 1000, "West", "Hostile") for k, v in HOSTILE.items()
            ]
        for key, name, owner, tier, value, region, division in accounts:
            change = create_account(
                store,
                {
                    "name": name,
                    "owner": owner,
                    "tier": tier,
                    "value": value,
                    "region": region,
                    "division": division,
                },
            )
            ids[key] = change.created("accounts")[0]["id"]
        with store.transaction("contacts") as tx:
            ids["dana"] = tx.create(
                "contacts",
                {
                    "account": ids["acme"],
                    "name": "Dana Buyer",
                    "decision_maker": True,
                    "email": "dana@acme.example",
                },
            )
        log_interaction(
            store,
            ids["acme"],
            summary="Quarterly review",
            kind="meeting",
            on="2026-11-16",
            staff="tester",
        )
        log_interaction(
            store, ids["acme"], summary="Support call", kind="call", on="2026-11-10", staff="bob"
        )
        log_interaction(
            store, ids["beta"], summary="Sent the offer", kind="email", on="2026-08-01", staff="bob"
        )
        log_interaction(
            store,
            ids["gamma"],
            summary="Checked in",
            kind="call",
            on="2026-10-01",
            staff="tester",
            follow_up="2026-11-20",
        )
    return ids


def screen_text(app: Any) -> str:
    """What the active screen shows (with any modal over it), as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def shows(pilot: Any, wanted: str, tries: int = 60) -> bool:
    """Whether the screen comes to show ``wanted`` (as a person waits for a dialog to draw:
    under load a screen pushed from a worker may take a few frames)."""
    for _ in range(tries):
        if wanted in screen_text(pilot.app):
            return True
        await pilot.pause(0.05)
    return False


async def settle(pilot: Any, delay: float = 0.05) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def tab_to(pilot: Any, field: str, limit: int = 12) -> None:
    """Press tab until the form field ``field`` has the focus (as a person watching would)."""
    for _ in range(limit):
        focused = pilot.app.focused
        if focused is not None and focused.id == f"field-{field}":
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {field}; focus is on {pilot.app.focused}")


def key_event(key: str) -> Any:
    """The Key event a terminal sends for ``key`` (a character or a key name, as Pilot takes)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def burst(pilot: Any, *keys: str, settle_after: bool = True) -> None:
    """Send ``keys`` as one read of the terminal over SSH delivers them: all queued at once,
    before the app has handled the first. (``pilot.press`` waits for the app to go idle after
    every key, so it never shows what a burst does.)"""
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    if settle_after:
        await typed(pilot)


async def typed(pilot: Any, limit: float = 5.0) -> None:
    """Wait until every key sent has been handled (the app's type-ahead has drained)."""
    gate = pilot.app.typeahead
    waited = 0.0
    while not gate.idle or waited < 0.05:
        await pilot.pause(0.01)
        waited += 0.01
        assert waited < limit, f"keys still waiting after {limit}s: {list(gate.held)}"
    await settle(pilot)


def counting_cards(monkeypatch: Any) -> list[str]:
    """The accounts whose LoyaltyCard the portfolio works out from the records from now on
    (``kept_cards.card_for`` counted; the real one is its ``__wrapped__``)."""
    import functools

    from rapport.store.views import kept_cards

    worked: list[str] = []
    real = kept_cards.card_for

    @functools.wraps(real)
    def counted(store: Any, account_id: str, *args: Any, **kwargs: Any) -> Any:
        worked.append(account_id)
        return real(store, account_id, *args, **kwargs)

    monkeypatch.setattr(kept_cards, "card_for", counted)
    return worked
