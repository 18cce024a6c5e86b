"""The model: records, validation, the LoyaltyCard arithmetic, and the data file.

Only this package talks to TinyDB's file format, and it never imports Textual.
"""

from .context import Context
from .engine import Store
from .errors import ConflictError, NotFound, StoreBusy, StoreError, UnreadableFile
from .records import Record
from .transaction import Change, ChangeSet, Transaction
from .validate import FieldError, ValidationError

__all__ = [
    "Change",
    "ChangeSet",
    "ConflictError",
    "Context",
    "FieldError",
    "NotFound",
    "Record",
    "Store",
    "StoreBusy",
    "StoreError",
    "Transaction",
    "UnreadableFile",
    "ValidationError",
]
