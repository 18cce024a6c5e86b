"""The file as it stood on a day (``--as-of``): the survey waves dated on or before it.

What the views of issue 15 (groups, the agenda's new items, opportunities) share: cards
taken "as of" a day see no wave dated after it.
"""

from __future__ import annotations

from datetime import date

from ..engine.store import Store
from .cards import Shared


def shared_as_of(store: Store, today: date) -> Shared:
    """:class:`Shared` with only the waves dated on or before ``today``."""
    shared = Shared(store)
    day = today.isoformat()
    shared.waves = [w for w in shared.waves if str(w["date"]) <= day]
    return shared
