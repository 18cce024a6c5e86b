"""The LoyaltyCard of an account, computed from the store's records (see loyalty.py for
the arithmetic)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..loyalty.card import Card, effective_settings, loyalty_card
from ..records.schema import SETTINGS_ID
from .reader import StoreReader


def stored_settings(store: StoreReader) -> Mapping[str, Any] | None:
    record = store.get("settings", SETTINGS_ID)
    return record["values"] if record else None


class Shared:
    """What every card needs that does not depend on the account (read once per pass)."""

    def __init__(self, store: StoreReader) -> None:
        self.waves = list(store.all("waves"))
        self.questionnaires = list(store.all("questionnaires"))
        self.settings = effective_settings(stored_settings(store))


def card_for(
    store: StoreReader,
    account_id: str,
    today: date,
    *,
    wave: str | None = None,
    shared: Shared | None = None,
) -> Card:
    shared = shared or Shared(store)
    account = store.require("accounts", account_id)
    return loyalty_card(
        account,
        today=today,
        waves=shared.waves,
        responses=store.for_account("responses", account_id),
        questionnaires=shared.questionnaires,
        contacts=store.for_account("contacts", account_id),
        interactions=store.interaction_dates(account_id),
        promises=store.for_account("promises", account_id),
        complaints=store.for_account("complaints", account_id),
        plan_items=store.for_account("plan_items", account_id),
        settings=shared.settings,
        wave=wave,
    )
