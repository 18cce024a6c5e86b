"""The model: records and their rules, the LoyaltyCard arithmetic, the data file, and what
users do with them. It never imports Textual; only ``engine`` talks to TinyDB's format.

This package is the public face of the data file for ``tui/`` and ``cli/`` (with the
subject packages' own faces: ``records``, ``loyalty``, ``views``, ``actions``, ``exchange``,
``demo``); they never reach into ``engine``. The sub-packages, lowest first:

* ``records``: the records and their rules (schema, validation, names, dates, shown text);
* ``engine``: the data file (journal, locks, checkpoints, saving, undo, migration, check);
* ``postgres``: the same store on a PostgreSQL database (a team server); the only part
  that imports psycopg, and only when a ``postgresql://`` URL is opened;
* ``loyalty``: the LoyaltyCard arithmetic, pure functions of records;
* ``views``: what screens and commands show (account rows, cards, agenda, portfolio);
* ``actions``: what users do (log, edit, change stage, survey responses);
* ``exchange``: CSV, JSON, vCard and iCalendar in and out, and merging files;
* ``demo``: the generated demo company.
"""

from .context import Context
from .engine import (
    FOLD_BYTES,
    Change,
    ChangeSet,
    Store,
    Touched,
    Transaction,
    check_file,
    replace_atomically,
)
from .engine.durable import Utf8Writer, write_private, writing_private
from .errors import ConflictError, NotFound, NotSaved, StoreBusy, StoreError, UnreadableFile
from .postgres import INSTALL as POSTGRES_INSTALL
from .postgres import Location, copy_to, exists, is_url, open_target, safe_url
from .records import FieldError, Record, ValidationError

__all__ = [
    "FOLD_BYTES",
    "POSTGRES_INSTALL",
    "Change",
    "ChangeSet",
    "ConflictError",
    "Context",
    "FieldError",
    "Location",
    "NotFound",
    "NotSaved",
    "Record",
    "Store",
    "StoreBusy",
    "StoreError",
    "Touched",
    "Transaction",
    "UnreadableFile",
    "Utf8Writer",
    "ValidationError",
    "check_file",
    "copy_to",
    "exists",
    "is_url",
    "open_target",
    "replace_atomically",
    "safe_url",
    "write_private",
    "writing_private",
]
