"""Every account's LoyaltyCard for the portfolio, kept beside the file (:mod:`.kept`): a
card is worked out from the records once per change of its account, brought to a new day
from what moves with it (:func:`..loyalty.card.with_day`), and read as kept otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from ..loyalty.card import Card, with_day
from ..loyalty.card_day import DayInputs
from ..records.many import decoding_many
from ..records.names import fold
from .card_codec import card_data, day_data, detail_data, from_data, without_detail
from .cards import Shared, card_for
from .kept import Dated, Kept, json_of
from .reader import StoreReader

Progress = Callable[[int, int], None]
"""``progress(done, total)``; it may raise (e.g. a cancelled worker) to stop the pass."""

PROGRESS_EVERY = 100
"""Cards between two progress reports."""


def portfolio_cards(
    store: StoreReader,
    today: date,
    *,
    wave: str | None = None,
    progress: Progress | None = None,
    shared: Shared | None = None,
    whole: bool = True,
) -> list[Card]:
    """Every account's LoyaltyCard as of ``today`` (in wave ``wave``, an id, when given;
    else each account's newest surveyed wave), accounts by name. Waves, questionnaires and
    settings are read once (:class:`.cards.Shared`). ``progress(done, total)`` is called
    before the first card, every :data:`PROGRESS_EVERY` cards and once at the end. A card
    kept beside the file since its account last changed is read, not worked out (:mod:`.kept`).
    With ``whole`` false, the cards come :func:`.card_codec.without_detail` (what the
    portfolio reads: a kept card's detail is then not even decoded)."""
    shared = shared or Shared(store)
    with decoding_many():
        accounts = sorted(store.all("accounts"), key=lambda a: (fold(str(a["name"])), a["id"]))
    kept = Kept(store, f"card:{wave or ''}", wave)
    found = kept.values()
    waves = {w["id"]: w for w in shared.waves}
    day = today.isoformat()
    total = len(accounts)
    cards: list[Card] = []
    worked: list[tuple[str, Dated]] = []
    details: list[tuple[str, str]] = []
    worked_inputs: list[tuple[str, DayInputs | None]] = []
    if progress is not None:
        progress(0, total)
    with decoding_many():
        decoded = _decoded(found, kept.texts(DETAIL) if whole else None)
        for done, account in enumerate(accounts, 1):
            account_id = account["id"]
            got = decoded.get(account_id)  # None: not kept, or not kept as a card
            value = found[account_id] if got is not None else None
            inputs = kept.inputs(account_id) if value is not None and value.day != day else None
            if got is not None and value is not None and (value.day == day or inputs is not None):
                data, moving, detail = got
                card = from_data(data, moving, account, waves.get, inputs, detail)
                if value.day != day:  # kept on another day: what moves with the day only
                    card = with_day(card, today, shared.settings)
                    worked.append((account_id, value._replace(day=day, moving=_moving(card))))
            else:
                card = card_for(store, account_id, today, wave=wave, shared=shared)
                worked.append((account_id, Dated(day, _text(card), _moving(card))))
                worked_inputs.append((account_id, card.inputs))
                details.append((account_id, _detail(card)))
                card = card if whole else without_detail(card)
            cards.append(card)
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if progress is not None and total % PROGRESS_EVERY:
        progress(total, total)
    kept.keep(worked, worked_inputs)
    kept.keep_texts(DETAIL, details)
    return cards


DETAIL = "detail"
"""The part of a kept card that holds its detail (:func:`.card_codec.detail_data`), kept
apart: the portfolio neither reads nor rewrites it."""

Decoded = tuple[list[Any], list[Any], list[Any] | None]
"""A kept card's data, what of it moves with the day and its detail (None: not read)."""


def _decoded(found: dict[str, Dated], details: dict[str, str] | None) -> dict[str, Decoded]:
    """The kept cards' texts decoded, with their detail if ``details`` are given, for the
    accounts whose texts are all JSON lists."""
    decoded = {}
    for account_id, value in found.items():
        data, moving = json_of(value.text), json_of(value.moving)
        detail = None if details is None else json_of(details.get(account_id, ""))
        whole = details is None or isinstance(detail, list)
        if isinstance(data, list) and isinstance(moving, list) and whole:
            decoded[account_id] = (data, moving, detail)
    return decoded


def _moving(card: Card) -> str:
    return json.dumps(day_data(card), ensure_ascii=False)


def _text(card: Card) -> str:
    return json.dumps(card_data(card), ensure_ascii=False)


def _detail(card: Card) -> str:
    return json.dumps(detail_data(card), ensure_ascii=False)
