"""The command palette (ctrl+p): jump to any account or customer group by fuzzy name, and
run any action of the screen it was opened from (every binding is also a command, with its
key shown), or one of Textual's system commands (theme, screenshot, quit). Opened empty it
lists the screen's own actions first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from rapport.store.records import fold_search, visible

if TYPE_CHECKING:
    from .app import RapportApp


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate with the matched letters styled; never parsed as markup."""
    folded = fold_search(candidate)
    _score, offsets = matcher.fuzzy_search.match(
        matcher.query, folded if len(folded) == len(candidate) else candidate
    )
    result = Content(candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            result = result.stylize(matcher.match_style, offset, offset + 1)
    return result


class AccountsProvider(Provider):
    """ "Open ACME …": every account, by fuzzy name."""

    async def startup(self) -> None:
        app: RapportApp = self.app  # type: ignore[assignment]
        store = app.store
        self._accounts: list[tuple[str, str, str]] = []
        if store is not None:
            self._accounts = [
                (a["id"], visible(a["name"]), visible(a["owner"])) for a in store.all("accounts")
            ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold_search(query))
        for account_id, name, owner in self._accounts:
            score = matcher.match(fold_search(name))
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, name),
                    partial(self._open, account_id),
                    text=name,
                    help=escape(f"open account · owner {owner}"),
                )

    def _open(self, account_id: str) -> None:
        app: RapportApp = self.app  # type: ignore[assignment]
        app.open_account(account_id)


class GroupsProvider(Provider):
    """ "Group: Falcon Group": every customer group, by fuzzy name."""

    async def startup(self) -> None:
        from rapport.store.views import group_names

        app: RapportApp = self.app  # type: ignore[assignment]
        self._groups = list(group_names(app.store).items()) if app.store is not None else []

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold_search(query))
        for name, count in self._groups:
            shown = f"Group: {visible(name)}"
            score = matcher.match(fold_search(shown))
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, shown),
                    partial(self._open, name),
                    text=shown,
                    help=escape(f"open the customer group · {count} accounts"),
                )

    def _open(self, name: str) -> None:
        from .screens.group import open_group

        open_group(self.app, name=name)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Action:
    """One command of the palette: a binding of the screen, or one of Textual's own."""

    description: str
    run: Callable[[], Any]
    help: str
    """The key, or what the command does."""


class ActionsProvider(Provider):
    """Every binding of the screen the palette was opened from, as a command, and Textual's
    system commands (theme, screenshot, quit...). Opened empty, the palette lists them in
    this order: Rapport's keys the footer shows, then the screen's and the app's other
    keys, then those of the widget in focus (moving the cursor), then the system commands,
    and last the keys of Textual's own widgets (scrolling). One provider yields them all,
    so this is the order shown (the palette keeps the order hits arrive in)."""

    def _bindings(self) -> tuple[list[Action], list[Action]]:
        """Rapport's bindings (those the footer shows first) and Textual's widgets' own."""
        seen: set[str] = set()
        shown: list[Action] = []
        hidden: list[Action] = []
        moving: list[Action] = []
        textuals: list[Action] = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.system:
                continue
            seen.add(binding.action)
            if binding.id is None:
                group = textuals
            elif binding.show:
                group = shown
            else:
                group = hidden if active.node in (self.screen, self.app) else moving
            keys = self.app.get_key_display(binding) or key
            run = partial(self._run, binding.action, active.node)
            about = f"key: {keys}" + (f" · id: {binding.id}" if binding.id else "")
            group.append(Action(binding.description, run, about))
        return shown + hidden + moving, textuals

    def actions(self, *, discovering: bool = False) -> list[Action]:
        """Every command, in the order the palette lists them."""
        ours, textuals = self._bindings()
        system = [
            Action(c.title, c.callback, c.help)
            for c in self.app.get_system_commands(self.screen)
            if c.discover or not discovering
        ]
        return [*ours, *system, *textuals]

    async def discover(self) -> Hits:
        for action in self.actions(discovering=True):
            yield DiscoveryHit(
                Content(action.description),
                action.run,
                text=action.description,
                help=escape(action.help),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self.actions():
            score = matcher.match(action.description)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, action.description),
                    action.run,
                    text=action.description,
                    help=escape(action.help),
                )

    async def _run(self, action: str, node: Any) -> None:
        await self.app.run_action(action, node)
