"""The command palette (ctrl+p): jump to any account by fuzzy name, and run any action of
the screen it was opened from (every binding is also a command, with its key shown)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from rapport.store.names import fold_search
from rapport.store.text import visible

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


class ActionsProvider(Provider):
    """Every binding of the screen the palette was opened from, as a command."""

    def _commands(self) -> list[tuple[str, str, Any, str]]:
        """(description, action, node, help) of each binding: the help says its key and
        its id (what a key map names to give it other keys)."""
        seen: set[str] = set()
        commands = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.system:
                continue
            seen.add(binding.action)
            shown = self.app.get_key_display(binding) or key
            about = f"key: {shown}" + (f" · id: {binding.id}" if binding.id else "")
            commands.append((binding.description, binding.action, active.node, about))
        return commands

    async def discover(self) -> Hits:
        for description, action, node, about in self._commands():
            yield DiscoveryHit(
                Content(description),
                partial(self._run, action, node),
                text=description,
                help=escape(about),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, node, about in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, description),
                    partial(self._run, action, node),
                    text=description,
                    help=escape(about),
                )

    async def _run(self, action: str, node: Any) -> None:
        await self.app.run_action(action, node)
