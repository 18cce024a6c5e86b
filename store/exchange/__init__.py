"""Data in and out: the CSV and JSON exchange formats (import with a dry-run report, export),
vCards, the iCalendar agenda, and merging another data file (with its conflicts).

May use ``actions``, ``views``, ``engine`` and ``records``; never ``demo``.
"""

from .conflicts import is_tombstone, open_conflicts, resolve_conflict
from .csv_formats import KINDS
from .exporter import export_csv, export_json
from .icalendar import calendar
from .import_plan import Plan
from .importer import import_csv
from .json_import import import_json
from .merge import MergePlan, label, merge_file
from .vcard import import_vcards

__all__ = [
    "KINDS",
    "MergePlan",
    "Plan",
    "calendar",
    "export_csv",
    "export_json",
    "import_csv",
    "import_json",
    "import_vcards",
    "is_tombstone",
    "label",
    "merge_file",
    "open_conflicts",
    "resolve_conflict",
]
