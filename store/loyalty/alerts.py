"""Alerts between waves: an account whose strength falls a band, or whose class worsens,
from one survey wave to the next gets a follow-up for its owner, once (as closing the loop
does: one with its ref is never made twice).

Pure: a card in, drafts out. The class worsening to Defector alone is left to closing the
loop (which follows up every account turning Defector); with a fall in band it is named too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from .followthrough import FollowUpDraft
from .settings import Settings, effective_settings
from .strength import band, whole

CLASS_RANK = {"Ambassador": 0, "Opportunist": 1, "Defector": 2}
"""Better classes first; Unsurveyed is no class to compare."""
BAND_RANK = {"strong": 0, "steady": 1, "weak": 2, "at risk": 3}


def wave_alerts(
    card: Any,
    *,
    followups: Iterable[Mapping[str, Any]],
    today: date,
    settings: Settings | None = None,
) -> list[FollowUpDraft]:
    """The alert the card's wave asks for (none, or one): its ref is
    ``alert:<wave id>:<account id>``, due ``closing_the_loop.due_days`` after ``today``.

    ``card`` is a :class:`~rapport.store.loyalty.card.Card` whose wave surveyed the account;
    it is compared with the wave before it in which the account was surveyed."""
    s = effective_settings(settings)
    series = card.series
    if card.wave is None or len(series) < 2 or series[-1].wave != str(card.wave["id"]):
        return []
    before, now = series[-2], series[-1]
    reasons: list[str] = []
    band_before, band_now = band(before.strength, s), band(now.strength, s)
    fell = (
        band_before is not None
        and band_now is not None
        and BAND_RANK[band_now] > BAND_RANK[band_before]
    )
    if fell:
        reasons.append(
            f"strength fell from {band_before} to {band_now} "
            f"({whole(before.strength)} to {whole(now.strength)})"
        )
    worse = (
        before.cls in CLASS_RANK
        and now.cls in CLASS_RANK
        and CLASS_RANK[now.cls] > CLASS_RANK[before.cls]
    )
    if worse:
        reasons.append(f"class went from {before.cls} to {now.cls}")
    if not fell and (not worse or now.cls == "Defector"):
        return []
    account_id, wave_id = str(card.account["id"]), str(card.wave["id"])
    ref = f"alert:{wave_id}:{account_id}"
    if any(f.get("ref") == ref for f in followups):
        return []
    days = timedelta(days=int(s["closing_the_loop"]["due_days"]))
    what = f"Alert: {' and '.join(reasons)} since {before.name}"
    owner = str(card.account.get("owner", ""))
    return [FollowUpDraft(account_id, owner, today + days, what, ref)]
