"""The store: one data file, shared safely by every process that opens it.

How a save works (see ``journal.py`` for the journal itself):

0. refuse at once if the file is read-only (``read_only_reason``): nothing is written;
1. take the file's write lock (``<data file>.lock``);
2. read what other processes appended to the journal since we last looked, and apply it;
3. check the changes against the records as they are now (versions, references);
4. append them to the journal as one line and sync it: the save is now durable (what can
   be checked first is: room on the disk, the journal writable; a write that fails anyway
   is taken back, so a refused save is absent);
5. apply them in memory and release the lock.

A save that reached step 4 is done whatever happens later: folding the journal into the
data file at close may fail (a full disk, a read-only folder) and only leaves a note.

Opening the file and catching up with other processes is in ``loading.py``; writing the
data file (checkpoints, backups, closing) in ``checkpoints.py``; undo in ``undo.py``.
"""

from __future__ import annotations

from typing import Any

from ..errors import NotSaved
from ..records.ids import new_id
from ..records.records import Record, dumps
from ..records.schema import AUDIT_TABLE
from . import osapi
from .checkpoints import Checkpoints
from .derived import Derived
from .durable import sibling_mode
from .loading import Touched
from .lock import WriteLock
from .lookups import Lookups
from .mapped_table import MappedTable
from .reads import TableReads
from .resolve import resolve
from .transaction import ChangeSet, Op, Transaction

__all__ = ["Store", "Touched"]


class Store(TableReads, Checkpoints):
    """All records of one data file, kept current with other processes' saves."""

    # -- saving --------------------------------------------------------------------------

    def transaction(self, label: str = "change", *, undoable: bool = True) -> Transaction:
        """``with store.transaction("log a call") as tx: tx.create(...)``: saved on exit."""
        return Transaction(self, label, undoable)

    def exclusive(self) -> WriteLock:
        """``with store.exclusive(): store.refresh(); ...; store.commit(...)``: no other
        process saves in between, so what was read is what the save is based on (imports
        and merges, which plan against many records at once). Reentrant."""
        return self._lock

    def commit(self, ops: list[Op], *, label: str = "change", undoable: bool = True) -> ChangeSet:
        if self.read_only:
            raise NotSaved(self.path, self.read_only_reason or "was opened read-only")
        if not ops:
            return ChangeSet(label, ())
        with self._lock:
            try:
                self._catch_up_locked(recover=True)
            except OSError as e:  # before anything of this save was written
                raise NotSaved(e.filename or self.path, osapi.problem(e)) from None
            stamp = self.ctx.timestamp()
            with self._mutex:
                found = Lookups(self._table, self._lookup)
                found.ask_for(ops)
                journal_ops, changes = resolve(
                    ops, found.get, self.ctx, label, stamp, exists=found.exists
                )
                found.ask((AUDIT_TABLE, r[1]) for r in journal_ops if r[0] == AUDIT_TABLE)
            if not journal_ops:
                return ChangeSet(label, ())
            entry: dict[str, Any] = {
                "tx": new_id(),
                "at": stamp,
                "by": self.ctx.user,
                "ops": journal_ops,
            }
            texts = [None if record is None else dumps(record) for _, _, record in journal_ops]
            # the save is durable when this returns, or absent and NotSaved raised
            self._joffset = self._journal.append(entry, self._joffset, texts)
            self._jline += 1
            self._jseen = (self._journal.inode, self._joffset)
            with self._mutex:
                self._apply(entry, texts=texts, absent=found.absent)
        result = ChangeSet(label, tuple(changes), entry["tx"])
        if undoable and result:
            self._undo.append(result)
        return result

    def _lookup(self, table: str, record_id: str) -> Record | None:
        return self._table(table).get(record_id)

    # -- what is derived from the records --------------------------------------------------

    def account_stamps(self) -> dict[str, str] | None:
        """{account id: a stamp that changes whenever the account or any record of it does}
        for every account, read from the index without decoding a record; None when the
        file is not read in place (then nothing derived is kept: see :attr:`derived`)."""
        table = self.tables.get("interactions")
        if not isinstance(table, MappedTable):
            return None
        with self._mutex:
            stamps = {a: str(s) for a, s in table.base.account_stamps().items()}
            for account, since in self._since_fold.items():
                stamps[account] = f"{stamps.get(account, '')}+{since}"
        return stamps

    def release_pages(self) -> None:
        """Let go of the pages of the data file mapped so far (``mapped.Base.release``): a
        long read calls it as it goes, so what it has read does not stay mapped."""
        bases = {id(t.base): t.base for t in self.tables.values() if isinstance(t, MappedTable)}
        for base in bases.values():
            base.release()

    @property
    def derived(self) -> Derived:
        """What is worked out from the records, kept beside the file (``derived.py``)."""
        if self._derived is None:
            self._derived = Derived(
                self.sibling(".cache"), writable=self._index_writable, mode=sibling_mode(self.path)
            )
        return self._derived

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
