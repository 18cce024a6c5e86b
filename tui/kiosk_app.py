"""``rapport survey kiosk WAVE --account NAME``: the app showing only the survey kiosk.

The Rapport app with the kiosk as its one screen: no accounts list while the file opens,
no command palette, none of the app's keys (the kiosk screen turns them off); leaving the
kiosk (the staff member's word) quits, folding the day's saves into the file.
"""

from __future__ import annotations

from typing import Any

from rapport.store import Context, Store

from .app import RapportApp
from .config import Config


class KioskApp(RapportApp):
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        store: Store,
        ctx: Context,
        wave_id: str,
        account_id: str,
        config: Config | None = None,
        **kwargs: Any,
    ) -> None:
        self.wave_id = wave_id
        self.account_id = account_id
        super().__init__(store, ctx, config, **kwargs)

    def _show_preview(self, rows: list[Any]) -> None:
        """Never the accounts list: the kiosk shows nothing else of the file."""

    def _store_ready(self, store: Store) -> None:
        from .screens.kiosk import KioskScreen

        self.store = store
        self.switch_screen(KioskScreen(self.wave_id, self.account_id, standalone=True))
        self.set_interval(self.poll_seconds, self._poll, name="poll")
