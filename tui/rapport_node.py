"""Typed access to the running :class:`RapportApp` for screens, modals and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import RapportApp


class RapportNode:
    """Mixin: ``self.rapport`` is ``self.app``, typed as the Rapport app.

    (``textual.getters.app`` does the same but needs the app class at import time,
    which the app module cannot give the screens it imports.)
    """

    @property
    def rapport(self) -> RapportApp:
        return self.app  # type: ignore[attr-defined, no-any-return]
