"""The Rapport app: opens the data file off the event loop, then shows the accounts.

The App stays thin: screens do the work. It owns the store, the one path for saves
(:meth:`RapportApp.save`, in a thread worker), the poll that brings in other processes'
saves, undo, themes and the user's key map.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal

from rapport.store import (
    ChangeSet,
    Context,
    Location,
    Store,
    StoreError,
    Touched,
    is_url,
    open_target,
)
from rapport.store.views import preview_accounts
from rapport.themes import DEFAULT_THEME, OFFERED, TCSS, THEMES

from .config import Config
from .palette import AccountsProvider, ActionsProvider, GroupsProvider
from .safe import content
from .saving import Saving
from .typeahead import TypeAhead
from .widgets.too_small import cover_if_too_small, too_small

T = TypeVar("T")


class RapportApp(Saving, App[int]):
    TITLE = "Rapport"
    CSS_PATH = [TCSS, Path(__file__).with_name("app.tcss")]
    COMMANDS = {AccountsProvider, ActionsProvider, GroupsProvider}
    """The palette's commands: accounts by name, and the screen's actions with Textual's
    system commands after them (:class:`ActionsProvider` yields those, in its order)."""
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("u", "undo", "Undo", show=False, id="app.undo"),
    ]

    def __init__(
        self,
        source: Path | str | Store,
        ctx: Context,
        config: Config | None = None,
        *,
        poll_seconds: float = 1.0,
    ) -> None:
        self.ctx = ctx
        self.config = config or Config.load()
        opened = not isinstance(source, str | Path)  # a store (a data file's or a database's)
        self.store: Store | None = source if opened else None  # type: ignore[assignment]
        self.path: Any = (
            source.path  # type: ignore[union-attr]
            if opened
            else Location(source)
            if is_url(source)
            else Path(source)
        )
        """The data file's path, or the database's :class:`Location` (its URL, no password)."""
        self.poll_seconds = poll_seconds
        self.exit_message = ""
        self.start_notes: list[str] = []
        """Said once the app has started (where the demo file is)."""
        self._polling = False
        self._poll_problem: str | None = None
        self.first_paint = threading.Event()
        """Set once the accounts list has been drawn (the opening worker waits for it)."""
        self.store_changed: Signal[Touched] = Signal(self, "store_changed")
        """Published after every save, ours or another process's, with what it touched."""
        super().__init__()
        self.typeahead = TypeAhead(self, wait_while=self._hold_keys)
        """Keys typed ahead go one at a time, each to where the focus is by then."""
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = self._initial_theme()
        for name in list(self.available_themes):
            if name not in OFFERED:  # the palette's Theme offers what the README names
                self.unregister_theme(name)
        self._keymap_problems: list[str] = []
        self._clashes_told: set[str] = set()
        if self.config.keymap:
            from .keymap import checked_keymap

            keymap, self._keymap_problems = checked_keymap(self.config.keymap)
            self.set_keymap(keymap)

    async def on_event(self, event: events.Event) -> None:
        if not self.typeahead.admit(event):
            return  # held: it comes back once the key before it has done its work
        try:
            target = self.focused or self.screen
        except Exception:  # no screen yet
            target = None
        try:
            await super().on_event(event)
        finally:
            self.typeahead.handed_on(event, target)

    def _hold_keys(self, event: events.Key | events.Paste) -> bool:
        """Hold keys while the file opens (for the accounts list; the loading screen's own
        keys pass: q gives up) and while the window is too small (ctrl+q passes)."""
        from .screens.loading import LoadingScreen

        screen = self.screen if self._screen_stack else None
        key = event.key if isinstance(event, events.Key) else None
        if self._too_small:
            return key != "ctrl+q"
        if not isinstance(screen, LoadingScreen) or screen.failed:
            return False
        return not (key is not None and screen.handles(key))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Name a key the key map gave a binding that another one here also answers to
        (once each): the two would fight over it."""
        if not self._keymap:
            return
        from .keymap import clashes

        self._tell_clashes(clashes(event.widget.ancestors_with_self, self._keymap))

    def _tell_clashes(self, clashes: list[str]) -> None:
        new = [c for c in clashes if c not in self._clashes_told]
        if new:
            self._clashes_told.update(new)
            self.notify(content("; ".join(new)), title="Key map", severity="warning", timeout=20)

    # -- the window's size -----------------------------------------------------------------------

    @property
    def _too_small(self) -> bool:
        return too_small(self.size)

    def on_resize(self, event: events.Resize) -> None:
        self.call_later(self._fit_window)

    def _fit_window(self, *_: Any) -> None:
        if self._screen_stack:
            cover_if_too_small(self.screen_stack, self.size)

    def _initial_theme(self) -> str:
        wanted = self.config.theme or DEFAULT_THEME
        return wanted if wanted in self.available_themes else DEFAULT_THEME

    def on_mount(self) -> None:
        for note in self.start_notes:
            self.notify(content(note), timeout=8)
        if self.config.problem:
            self.notify(content(self.config.problem), title="Config", severity="warning")
        if self._keymap_problems:
            self.notify(
                content(f"{self.config.path}: " + "; ".join(self._keymap_problems)),
                title="Key map",
                severity="warning",
                timeout=20,
            )
        if self.config.theme and self.config.theme not in self.available_themes:
            self.notify(
                content(f"Unknown theme {self.config.theme!r}; using {DEFAULT_THEME}"),
                severity="warning",
            )
        from .screens.loading import LoadingScreen

        self.screen_change_signal.subscribe(self, self._fit_window)
        self.push_screen(LoadingScreen(self.path))
        if self.store is None:
            self._open_store()
        else:
            self.call_after_refresh(self._store_ready, self.store)

    @work(thread=True, group="open", exit_on_error=False)
    def _open_store(self) -> None:
        on_disk = isinstance(self.path, Path) and self.path.exists()
        preview = preview_accounts(self.path) if on_disk else None
        if preview:
            self.call_from_thread(self._show_preview, preview)
            # Reading the rest holds the interpreter; let the first look reach the screen first.
            self.first_paint.wait(timeout=2)
        try:
            store = open_target(self.path, self.ctx)
        except StoreError as e:
            self.call_from_thread(self._cannot_open, str(e))
            return
        self.call_from_thread(self._store_ready, store)

    def _cannot_open(self, message: str) -> None:
        from .screens.loading import LoadingScreen

        self.exit_message = f"rapport: {message}"
        if isinstance(self.screen, LoadingScreen):
            self.screen.show_error(message)

    def _show_preview(self, rows: list[Any]) -> None:
        """The accounts as read from the file's start, while the rest of it opens."""
        from .screens.accounts import AccountsScreen
        from .screens.loading import LoadingScreen

        if isinstance(self.screen, LoadingScreen) and self.store is None:
            self.switch_screen(AccountsScreen(preview=rows))

    def _store_ready(self, store: Store) -> None:
        from .screens.accounts import AccountsScreen

        self.store = store
        for note in store.notes:
            self.notify(content(note), severity="warning", timeout=10)
        store.on_note = self._store_note  # later ones (a save's, a refresh's) as they come
        if store.read_only:
            self.notify(
                content(
                    f"{store.path} {store.read_only_reason}. You can look at everything; "
                    "nothing can be saved."
                ),
                title="Read-only",
                severity="warning",
                timeout=15,
            )
        if isinstance(self.screen, AccountsScreen) or any(
            isinstance(s, AccountsScreen) for s in self.screen_stack
        ):
            self.store_changed.publish(Touched(everything=True))
        else:
            self.switch_screen(AccountsScreen())
        self.set_interval(self.poll_seconds, self._poll, name="poll")

    def _store_note(self, note: str) -> None:
        """A note the store made (a save that never finished set aside, a file gone)."""
        if self._thread_id == threading.get_ident():
            self.notify(content(note), severity="warning", timeout=15)
        else:
            self.call_from_thread(self.notify, content(note), severity="warning", timeout=15)

    # -- other processes' saves --------------------------------------------------------------

    def _poll(self) -> None:
        if self.store is not None and not self._polling:
            self._polling = True
            self._refresh_store()

    @work(thread=True, group="poll", exit_on_error=False)
    def _refresh_store(self) -> None:
        try:
            touched = self.store.refresh() if self.store is not None else Touched()
        except StoreError as e:
            self.call_from_thread(self._poll_failed, str(e))
            return
        finally:
            self._polling = False
        if self._poll_problem is not None:
            self._poll_problem = None
            self.call_from_thread(self.notify, "The data file can be read again", timeout=5)
        if touched:
            self.call_from_thread(self.store_changed.publish, touched)

    def _poll_failed(self, problem: str) -> None:
        """Say once (not every second) that the file cannot be read; keep trying quietly.
        Nothing is written meanwhile: a save would be refused with the same message."""
        if problem != self._poll_problem:
            self._poll_problem = problem
            self.notify(
                content(f"{problem} Saving is not possible until it can be read again."),
                severity="error",
                timeout=15,
            )

    # -- navigation ----------------------------------------------------------------------------

    def open_account(self, account_id: str) -> None:
        from .screens.account import AccountScreen

        if self.store is None or self.store.get("accounts", account_id) is None:
            self.notify("That account no longer exists", severity="warning")
            return
        self.push_screen(AccountScreen(account_id))

    def log_interaction(
        self, account_id: str, done: Callable[[ChangeSet | None], Any] | None = None
    ) -> None:
        """Open the log form for the account; ``done`` hears what was saved (None if not)."""
        from .modals.log_interaction import LogInteraction

        if self.store is not None and self.store.get("accounts", account_id) is not None:
            self.push_screen(LogInteraction(account_id), done)

    # -- actions -------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .modals.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_undo(self) -> None:
        if self.store is None:
            return
        change = self.store.last_change
        if change is None:
            self.notify("Nothing to undo in this session")
            return

        def undone(_: Any) -> None:
            self.notify(content(f"Undone: {change.label}"))

        self.save(lambda store: store.undo(), done=undone)

    async def action_quit(self) -> None:
        """Fold the journal into the file (off the event loop), then leave."""
        if self.store is None:
            self.exit(1 if self.exit_message else 0)
            return
        self.notify("Saving…", timeout=30)
        self._close_and_exit()

    @work(thread=True, group="close", exit_on_error=False)
    def _close_and_exit(self) -> None:
        assert self.store is not None
        # What closing says (the journal could not be folded: the saves are kept in it) is
        # printed after the app has left the screen, where it can be read.
        self.store.on_note = None
        before = len(self.store.notes)
        try:
            self.store.close(fold=True)
        except StoreError as e:
            self.exit_message = f"rapport: {e}"
        said = [f"rapport: note: {note}" for note in self.store.notes[before:]]
        if said:
            self.exit_message = "\n".join([*said, self.exit_message]).strip()
        self.call_from_thread(self.exit, 0)

    def watch_theme(self, theme: str) -> None:
        if theme != self.config.theme and self.is_running:
            self.config.theme = theme
            self._save_config()

    @work(thread=True, group="config", exit_on_error=False)
    def _save_config(self) -> None:
        try:
            self.config.save()
        except OSError as e:
            self.call_from_thread(
                self.notify, content(f"Could not save the theme: {e}"), severity="warning"
            )

    LOCKED_ACTIONS = frozenset({"quit", "help", "undo", "command_palette", "help_quit"})
    """The app's own keys, off while a kiosk screen is shown (``KIOSK = True``): the
    customer's people at the keyboard reach nothing else of the file."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        locked = any(getattr(screen, "KIOSK", False) for screen in self.screen_stack)
        return not (locked and action in self.LOCKED_ACTIONS)

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """Textual's, less its key panel: the screen's own keys (Help, Undo, ...) are listed
        by the palette's actions already."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command


def make_app(
    source: Path | str | Store, ctx: Context, config: Config | None = None, **kwargs: Any
) -> RapportApp:
    """Build the app (the command line and the tests both come through here)."""
    return RapportApp(source, ctx, config, **kwargs)
