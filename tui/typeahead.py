"""Keys typed ahead land where they were typed.

Over SSH a burst of keys often arrives in one read of the terminal: ``i H e l l o`` in one
go. Textual's App takes each key off its queue and *posts* it to whatever has the focus at
that moment (``App.on_event`` → ``focused._forward_event``). The key's work happens later,
in that widget's own task: it bubbles up widget by widget (each hop another post) to the
App, which runs the binding; a binding that opens a form only *appends* the form to the
screen stack, and the form mounts in its own task, then asks for the focus with
``Widget.focus()``, which is itself a callback posted behind everything already queued.
So by the time ``i`` has opened the form, ``Hello`` has long been handed to the list
underneath (and run as commands there), or to the new screen before anything in it had the
focus (and dropped).

:class:`TypeAhead` puts one key (or paste) through at a time. After handing a key on, it
follows the key's own path: it posts a probe to the widget the key went to and waits for it,
then to that widget's parent, and so on up to the App. Queues are first-in first-out and a
key moves up only when the widget below has handled it, so when the App's probe comes back
the key has been handled everywhere it could go, and any binding it ran has run. Then it
waits until what the key started has settled: the screen on top is mounted, the focus
callbacks it posted have run (on the App, and those waiting for the screen's next refresh),
and a round of that changes nothing. Only then does the next key go, to wherever the focus
now is. Keys arriving meanwhile wait in order; none is dropped. A key whose effects do not
settle within :data:`PATIENCE` seconds lets the next one go anyway (input never freezes).

This reads a few of Textual 8.2's internals (``Screen._callbacks``, ``_mounted_event``); the
tests in ``tests/test_typeahead.py`` drive bursts through the real app to catch a change.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ScreenStackError

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

PATIENCE = 2.0
"""Seconds one key may take to settle before the next is let through regardless."""
ROUNDS = 8
"""How many times to wait for a change to settle (a form mounting, then focusing a field)."""

Held = events.Key | events.Paste


class TypeAhead:
    """The App's gate for keys and pastes: one at a time, each to the focus of its moment."""

    def __init__(self, app: App[Any], *, wait_while: Callable[[Held], bool] | None = None):
        self.app = app
        self.held: deque[Held] = deque()
        self._busy = False
        self._released: Held | None = None
        self._current: Held | None = None
        self._wait_while = wait_while
        """Keys are also held while this says so (the data file still opening)."""
        self._task: asyncio.Task[None] | None = None

    @property
    def idle(self) -> bool:
        """No key waiting and none being followed."""
        return not self._busy and not self.held

    def admit(self, event: events.Event) -> bool:
        """Should the App handle ``event`` now? False: it is held and will come back."""
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return True
        if event is self._released:  # its turn: the gate stays shut until it has settled
            self._released = None
        elif self._busy or self.held or (self._wait_while and self._wait_while(event)):
            self.held.append(event)
            if not self._busy:  # held only for wait_while: look again shortly
                self._start(None)
            return False
        self._current = event
        self._busy = True
        return True

    def handed_on(self, event: events.Event, target: MessagePump | None) -> None:
        """The App has handed ``event`` to ``target``: wait for it before the next key."""
        if event is self._current:
            self._current = None
            self._start(target, event)

    def _start(self, target: MessagePump | None, event: Held | None = None) -> None:
        self._busy = True
        self._task = asyncio.create_task(self._settle(target, event), name="typeahead")

    async def _settle(self, target: MessagePump | None, event: Held | None) -> None:
        deadline = monotonic() + PATIENCE
        try:
            if target is not None and not self.app._closing:
                for node in [target, *getattr(target, "ancestors", ())]:
                    await _probe(node, deadline)
                    if event is not None and event._stop_propagation:
                        break  # handled here (a letter into a field): it went no further
                await self._until_settled(deadline)
            held_back = False
            while self.held and self._wait_while and self._wait_while(self.held[0]):
                held_back = True
                await asyncio.sleep(0.02)
            if held_back:  # what held them is over (the file open): let its screen settle
                await self._until_settled(monotonic() + PATIENCE)
        except ScreenStackError:
            pass  # the app is closing: no screen left to send keys to
        finally:
            self._busy = False
            self._release()

    async def _until_settled(self, deadline: float) -> None:
        app = self.app
        start = _state(app)
        for _ in range(ROUNDS):
            if monotonic() > deadline:
                return
            before = _state(app)
            screen = app.screen
            if not screen.is_mounted:
                try:
                    await asyncio.wait_for(
                        screen._mounted_event.wait(), max(0.0, deadline - monotonic())
                    )
                except TimeoutError:
                    return
            await _probe(screen, deadline)
            await _probe(app, deadline)  # Widget.focus() runs as a callback on the App
            # Callbacks waiting for the next refresh matter when one gives the focus
            # (call_after_refresh(table.focus) once the table is mounted), or when this key
            # changed the screen or the focus: wait for that refresh then. Else (a letter
            # typed into a field) the next key need not wait for the screen to be drawn.
            if screen._callbacks and (_state(app) != start or _focus_pending(screen)):
                await _after_refresh(screen, deadline)
                await _probe(app, deadline)
            if _state(app) == before and app.screen.is_mounted and not _focus_pending(app.screen):
                return

    def _release(self) -> None:
        """Let the next held key go: back through the App's queue, as if it had just arrived
        (keys arriving meanwhile are held behind it, so the order stays)."""
        if self.held:
            event = self.held.popleft()
            self._released = event
            self._busy = True
            if not self.app.post_message(event):  # the app is closing
                self._released = None
                self._busy = False


def _state(app: App[Any]) -> tuple[Any, ...]:
    screen = app.screen
    return (len(app.screen_stack), id(screen), screen.is_mounted, id(screen.focused))


def _focus_pending(screen: Any) -> bool:
    """Is a ``focus`` call among the callbacks waiting for the screen's next refresh?"""
    for callback, _sender in screen._callbacks:
        func = getattr(callback, "func", callback)  # call_after_refresh wraps it in a partial
        if getattr(func, "__name__", "") == "focus":
            return True
    return False


async def _probe(node: MessagePump, deadline: float) -> None:
    """Wait until ``node`` has handled everything posted to it before now."""
    done = asyncio.Event()
    if not node.is_running or not node.call_later(done.set):
        return
    await _wait(done, node, deadline)


async def _after_refresh(screen: Any, deadline: float) -> None:
    done = asyncio.Event()
    if screen.call_after_refresh(done.set):
        await _wait(done, screen, deadline)


async def _wait(done: asyncio.Event, node: MessagePump, deadline: float) -> None:
    while not done.is_set():
        left = deadline - monotonic()
        if left <= 0 or node._closing or node._closed:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), min(left, 0.05))
