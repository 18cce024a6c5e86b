"""Decoding many records at once without the cyclic garbage collector walking them all.

Decoding makes millions of small objects and no reference cycles (JSON data, frozen
mappings, the card's dataclasses). Python's cyclic collector runs every 700 new objects and,
every so often, walks every object still alive: while 20,000 kept cards are read it finds
nothing and takes more than half the time. :func:`decoding_many` pauses it meanwhile; what
is made stays collected by reference counting as usual, and the collector runs again after.
Pauses may nest and overlap across threads: it is enabled again when the last one ends,
and only if it was enabled before the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def decoding_many() -> Iterator[None]:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                # what was made meanwhile is young to the collector, which would walk all
                # of it at its next run: filed as old instead (freeze, then unfreeze into
                # the oldest generation), it is walked only by a full collection
                gc.freeze()
                gc.unfreeze()
                gc.enable()
