"""The one injectable place for "today", "now" and "who is working".

Everything that needs the date (engagement, overdue follow-ups, the agenda) or the
current user (audit trail, "mine" filters) takes it from a :class:`Context`, so tests,
snapshots and ``--as-of`` are reproducible.

Environment overrides (used by the command line and by tests):

* ``RAPPORT_TODAY=YYYY-MM-DD`` fixes the business date (as ``--as-of`` does).
* ``RAPPORT_USER=name`` names the current user instead of the OS account.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime


def os_user() -> str:
    """The OS account name, or "unknown" where the platform cannot tell."""
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Context:
    """Who is working, and what day it is for them."""

    user: str = field(default_factory=os_user)
    as_of: date | None = None
    """A fixed business date; ``None`` means the real date."""
    clock: Callable[[], datetime] = _utc_now
    """The wall clock for timestamps (``updated_at``); UTC-aware."""

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        if self.as_of is not None:
            return self.as_of
        return self.clock().astimezone().date()

    def timestamp(self) -> str:
        """``updated_at`` form: ISO 8601 UTC with seconds, e.g. 2026-11-23T09:15:02Z."""
        return self.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @classmethod
    def from_env(cls, *, as_of: date | None = None, user: str | None = None) -> Context:
        """Build a context from arguments, then ``RAPPORT_TODAY``/``RAPPORT_USER``, then the OS."""
        env_today = os.environ.get("RAPPORT_TODAY")
        if as_of is None and env_today:
            as_of = date.fromisoformat(env_today)
        env_user = os.environ.get("RAPPORT_USER")
        return cls(user=user or env_user or os_user(), as_of=as_of)
