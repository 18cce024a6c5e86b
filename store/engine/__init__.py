"""The data file: the TinyDB JSON file, its journal of saves not yet folded, locks, checkpoints,
saving (validation, versions, conflicts), undo, migration, backups and ``check``.

May use ``records`` (and ``context``, ``errors``); never ``loyalty``, ``views``, ``actions``,
``exchange`` or ``demo``. The only part of Rapport that imports tinydb.
"""

from .check import check_file
from .checkpoints import FOLD_BYTES
from .durable import replace_atomically
from .store import Store, Touched
from .transaction import Change, ChangeSet, Op, Transaction

__all__ = [
    "FOLD_BYTES",
    "Change",
    "ChangeSet",
    "Op",
    "Store",
    "Touched",
    "Transaction",
    "check_file",
    "replace_atomically",
]
