"""The records and their rules: the schema, validation, statuses and date order, ids, names
as people match them, dates as people type them, and text shown as text.

The lowest layer: may use ``context`` and ``errors`` only, and never the engine (it reads
records through the :class:`Reader` protocol).
"""

from .codes import is_code
from .codes import normalize as normalize_code
from .codes import shown as shown_code
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
    TIERS,
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
    "TIERS",
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
    "is_code",
    "normalize_code",
    "parse_number",
    "parse_when",
    "shown_code",
    "thaw",
    "visible",
]
