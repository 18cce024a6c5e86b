"""The portfolio: class mix, NPS, mean strength and in-tune by owner, division, region or
tier; the high-value accounts that are weak or at risk, value first; and satisfaction
against loyalty as a chart. g changes the grouping."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import get_current_worker

from rapport.store import Touched
from rapport.store.views import GROUPINGS, PortfolioReport, portfolio

from ..rapport_node import RapportNode
from ..render.portfolio import portfolio_renderable
from ..safe import text


class Stop(Exception):
    """The screen closed while the cards were being worked out."""


class PortfolioScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="portfolio.back"),
        Binding("g", "regroup", "Group by next", id="portfolio.regroup"),
        Binding("r", "recompute", "Recompute", id="portfolio.recompute"),
    ]
    DEFAULT_CSS = """
    PortfolioScreen VerticalScroll { height: 1fr; padding: 0 1; }
    PortfolioScreen ProgressBar { margin: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.by = "owner"
        self.report: PortfolioReport | None = None
        self.stale = False

    def compose(self) -> ComposeResult:
        yield Static(id="portfolio-title", classes="title-bar")
        yield ProgressBar(id="progress", show_eta=False)
        with VerticalScroll(id="portfolio-body"):
            yield Static(id="portfolio")
        yield Footer()

    def on_mount(self) -> None:
        self.rapport.store_changed.subscribe(self, self._store_changed)
        self.query_one("#portfolio-body").focus()
        self._compute()

    def _store_changed(self, touched: Touched) -> None:
        self.stale = True
        self._title()

    def _title(self) -> None:
        state = "  · changed since: r recomputes" if self.stale else ""
        self.query_one("#portfolio-title", Static).update(text(f"Portfolio by {self.by}{state}"))

    @work(thread=True, group="portfolio", exclusive=True, exit_on_error=False)
    def _compute(self) -> None:
        store = self.rapport.store
        if store is None:
            return
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise Stop
            self.app.call_from_thread(self._progress, done, total)

        try:
            report = portfolio(store, self.rapport.ctx.today(), self.by, progress=progress)
        except Stop:
            return
        self.app.call_from_thread(self._show, report)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#portfolio-title", Static).update(
            text(f"Portfolio by {self.by} · working out {total:,} LoyaltyCards…")
        )

    def _show(self, report: PortfolioReport) -> None:
        self.report = report
        self.stale = False
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#portfolio", Static).update(portfolio_renderable(report))
        self._title()

    def action_back(self) -> None:
        self.workers.cancel_group(self, "portfolio")
        self.dismiss()

    def action_regroup(self) -> None:
        self.by = GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)]
        if self.report is not None:
            self._show(self.report.regrouped(self.by))

    def action_recompute(self) -> None:
        self._compute()
