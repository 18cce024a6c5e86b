"""``decoding_many`` pauses the cyclic collector while many records are decoded, and gives
it back as it was: pauses nest and overlap across threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from rapport.store.records.many import decoding_many


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_back_after_nested_pauses(collector_on: None) -> None:
    with decoding_many():
        assert not gc.isenabled()
        with decoding_many():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer pause still runs"
    assert gc.isenabled()


def test_back_after_an_error(collector_on: None) -> None:
    with pytest.raises(ValueError), decoding_many():
        raise ValueError("a damaged record")
    assert gc.isenabled()


def test_overlapping_pauses_in_threads_end_enabled(collector_on: None) -> None:
    """One thread's pause ends while another's still runs: the collector stays paused until
    the last one ends."""
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with decoding_many():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with decoding_many():
        thread.start()
        assert inside.wait(5)
    assert not gc.isenabled(), "the other thread's pause still runs"
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_off_before_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with decoding_many():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
