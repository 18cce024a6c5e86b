"""The records and their rules: the schema, validation, statuses and date order, ids, names
as people match them, dates as people type them, and text shown as text.

The lowest layer: may use ``context`` and ``errors`` only, and never the engine (it reads
records through the :class:`Reader` protocol).
"""

from .dates import parse_when
from .names import close_names, find_account, find_wave, fold, fold_search
from .records import Reader, Record, content, thaw
from .schema import (
    FIELDS,
    GESTURE_KINDS,
    INTERACTION_KINDS,
    NOUNS,
    SETTINGS_ID,
    STAGES,
    TABLES,
    Field,
)
from .text import counted, visible
from .validate import FieldError, Invalid, ValidationError, check_value, parse_number

__all__ = [
    "FIELDS",
    "GESTURE_KINDS",
    "INTERACTION_KINDS",
    "NOUNS",
    "SETTINGS_ID",
    "STAGES",
    "TABLES",
    "Field",
    "FieldError",
    "Invalid",
    "Reader",
    "Record",
    "ValidationError",
    "check_value",
    "close_names",
    "content",
    "counted",
    "find_account",
    "find_wave",
    "fold",
    "fold_search",
    "parse_number",
    "parse_when",
    "thaw",
    "visible",
]
