"""Judging the blocks of records ``rapport check`` did not judge sound before
(``verdicts.py``): each record decoded and judged (``records/stored.py``), its references
looked up. What is found comes back block by block, in the order of the records.

Many records are judged by two processes where the machine has two cores or more: a child
forked after the file was read judges the second half of the blocks (it shares the records
read, and only reads them), and hands back what it found in a temporary file, while this
process judges the first half. A child that fails in any way only costs time: its blocks
are judged here.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..records.records import loads
from ..records.stored import stored_problems
from ..records.validate import pointing_nowhere, references
from .store import Store

PARALLEL_FROM = 40_000
"""Records to judge from which a second process is worth starting."""

Judged = tuple[list[str], dict[str, set[str]] | None]
"""What a block's records are found to be: the messages, and the references the block makes
if every record is sound (else None)."""


@dataclass
class Block:
    table: str
    referencing: bool
    ids: list[str]
    texts: list[str]
    stamp: str = ""


class Held:
    """The ids of each table's records (read once a table is asked about)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ids: dict[str, frozenset[str]] = {}

    def __call__(self, table: str) -> frozenset[str]:
        ids = self._ids.get(table)
        if ids is None:
            ids = self._ids[table] = frozenset(self._store.ids(table))
        return ids

    def exists(self, table: str, record_id: Any) -> bool:
        # A damaged file may hold ids that are not text: those are reported by
        # stored_problems, and not looked up.
        return not isinstance(record_id, str) or record_id in self(table)


def judge(block: Block, held: Held) -> Judged:
    """Judge each record of a block."""
    messages: list[str] = []
    sound = True
    made: dict[str, set[str]] = {}
    table = block.table
    for record_id, text in zip(block.ids, block.texts, strict=True):
        record = loads(text)
        name = f"{table} {record.get('id', '?')}"
        problems = stored_problems(table, record)
        messages.extend(f"{name}: {problem}" for problem in problems)
        sound = sound and not problems and record.get("id") == record_id
        if not block.referencing:
            continue
        try:  # a list that is not one is reported above, and not looked up
            refs = [(f.name, t, i) for f, t, i in references(table, record)]
        except TypeError:
            sound = False
            continue
        messages.extend(f"{name}: {error}" for error in pointing_nowhere(refs, held.exists))
        for _, t, i in refs:
            made.setdefault(t, set()).add(i)
    return messages, made if sound else None


def judge_all(blocks: list[Block], held: Held) -> list[Judged]:
    """Judge every block, in two processes if there are many records."""
    total = sum(len(b.ids) for b in blocks)
    if total < PARALLEL_FROM or not _cores_to_spare():
        return [judge(b, held) for b in blocks]
    cut, count = len(blocks), 0
    for n, block in enumerate(blocks):
        if count >= total // 2:
            cut = n
            break
        count += len(block.ids)
    theirs = _in_child(blocks[cut:], held)
    mine = [judge(b, held) for b in blocks[:cut]]
    return mine + theirs()


def _cores_to_spare() -> bool:
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2


def _in_child(blocks: list[Block], held: Held) -> Callable[[], list[Judged]]:
    """Start judging ``blocks`` in a forked child; what it found, once called."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by found(), after the child
    gc.freeze()  # the child's collector leaves the records read alone (no page copied)
    try:
        pid = os.fork()
    except OSError:
        pid = -1
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        code = 1
        try:
            marshal.dump([judge(b, held) for b in blocks], out)
            out.flush()
            code = 0
        finally:
            os._exit(code)
    gc.unfreeze()

    def found() -> list[Judged]:
        with out:
            if pid > 0:
                _, status = os.waitpid(pid, 0)
                if os.waitstatus_to_exitcode(status) == 0:
                    out.seek(0)
                    with contextlib.suppress(EOFError, ValueError, TypeError):
                        return marshal.load(out)  # type: ignore[no-any-return]
        return [judge(b, held) for b in blocks]  # the child failed: judged here

    return found
