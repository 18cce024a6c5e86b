"""A LoyaltyCard as the JSON ``rapport card --format json`` prints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from .card import Card
from .comments import comments_to_json


def _json(value: Any) -> Any:
    """Dataclasses, mappings and sequences as plain JSON data: floats to 2 decimals, dates ISO."""
    if is_dataclass(value) and not isinstance(value, type):
        named = {f.name: getattr(value, f.name) for f in fields(value)}
        return {("class" if k == "cls" else k): _json(v) for k, v in named.items()}
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return round(value, 2) if isinstance(value, float) else value


def card_to_json(card: Card) -> dict[str, Any]:
    """The card as JSON-ready data for ``rapport card --format json``: numbers rounded to 2
    decimals, dates ISO, the account and wave by name (their ids beside them)."""
    w, st = card.wave or {}, card.strength
    parts = [{**_json(p), "redistributed": p.redistributed} for p in st.parts]
    return {
        "account": card.account.get("name"),
        "account_id": card.account.get("id"),
        "wave": w.get("name"),
        "wave_id": w.get("id"),
        "wave_date": _json(w.get("date")),
        "as_of": card.as_of.isoformat(),
        "class": card.cls,
        "previous_class": card.previous_cls,
        **_json(
            {
                "satisfaction": card.satisfaction,
                "recommend": card.recommend,
                "switch": card.switch,
                "nps": card.nps,
                "respondents": {"customer": card.customers, "employee": card.employees},
                "strength": st.value,
                "band": st.band,
                "provisional": st.provisional,
                "strength_profile": st.profile,
                "strength_explanation": st.explanation,
                "in_tune": card.in_tune,
                "blind_spots": card.blind_spots,
                "factors": card.factors,
                "trend": card.trend,
                "sparkline": card.sparkline,
                "series": card.series,
                "plan_progress": card.plan_progress,
            }
        ),
        "strength_parts": parts,
        "comments": comments_to_json(card.comments, w.get("name")),
    }
