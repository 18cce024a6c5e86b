"""Importing what ``rapport export --format json`` writes (``exporter.export_json``): every
record of every table, settings and questionnaire versions included, each with its
envelope (id, version, rev, when and by whom it last changed).

Every record is checked first; the accepted ones are saved in one transaction, after a
backup. A record is matched with this file's records:

1. by id (the same record, exported from this file or a copy of it);
2. else by its natural key, as the CSV import matches rows: an account or a survey wave
   by its name (case and spacing folded), a contact by its email or else its name within
   its account, an interaction by account, date, kind, staff and summary, a response by
   wave, account, respondent and contact (or, for a mirror, the member of staff), a
   questionnaire version by its number, and so on (:data:`KEYS`). A record matched by
   key keeps this file's id; records that point to it are pointed at that id.

A matched record takes the imported version when that version is the newer one (its
``updated_at``, then its version number); a record changed here since stays as it is
(the report counts them). A record matched nowhere is created with its id and envelope as
exported, so export -> import into an empty file -> export gives the same records, and
importing the same file again changes nothing.

Refused, by record, with the record named and why: a record that is not an object of a
table this version knows; a field the table does not have or a value it cannot hold; a
reference to a record neither here nor in the import (or one refused itself); settings
that are not sound; a questionnaire version that differs from this file's version of the
same number while waves here use it (versions are never changed, so old waves keep their
meaning). A new file's untouched default settings and unused default questionnaire are
not user data: the imported ones take their place.

Survey answers brought in this way do not close the loop again: the file's follow-ups
come with them. To bring back a laptop's work with its conflicts listed, use ``merge``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..engine.migrate import SCHEMA
from ..engine.store import Store
from ..records.schema import TABLES
from ..records.validate import ValidationError, show
from .csv_formats import FileRefused, decode
from .import_plan import Plan, Progress, Refusal
from .json_records import RecordImporter, lines_of

FORMAT = "rapport-records"


def _tables(document: Any) -> Iterator[tuple[str, Any]]:
    tables = document.get("tables")
    if not isinstance(tables, Mapping):
        raise FileRefused([(1, "tables", "is missing: this is not a Rapport JSON export")])
    known = [t for t in TABLES if t in tables]
    yield from ((t, tables[t]) for t in known)
    yield from ((t, tables[t]) for t in tables if t not in TABLES)


def plan_json_import(
    store: Store, data: str | bytes, *, source: str = "", progress: Progress | None = None
) -> Plan:
    """Check every record of a JSON export against the store; write nothing."""
    plan = Plan("json", source, revision=store.revision)
    try:
        text = decode(data) if isinstance(data, bytes) else data
        try:
            document = json.loads(text)
        except json.JSONDecodeError as e:
            raise FileRefused(
                [(e.lineno, "", f"is not JSON ({e.msg}, column {e.colno})")]
            ) from None
        if not isinstance(document, Mapping) or document.get("format") != FORMAT:
            raise FileRefused(
                [(1, "format", f"is not {FORMAT!r}: this is not a Rapport JSON export")]
            )
        schema = document.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA:
            raise FileRefused(
                [(1, "schema", f"is {show(schema)}: this Rapport reads schema {SCHEMA} or older")]
            )
        tables = list(_tables(document))
    except FileRefused as e:
        plan.refused.extend(Refusal(*p) for p in e.problems)
        return plan
    importer = RecordImporter(store, plan, lines_of(text))
    total = sum(len(records) for _, records in tables if isinstance(records, list))
    done = 0
    for table, records in tables:
        if table not in TABLES:
            count = len(records) if isinstance(records, list) else 0
            plan.refused.append(
                Refusal(0, table, f"is not a table of Rapport: its {count:,} records are refused")
            )
            plan.refused_rows += count
            plan.rows += count
            continue
        if not isinstance(records, list):
            plan.refused.append(Refusal(0, table, "is not a list of records"))
            continue
        for record in records:
            if progress is not None and done % 1000 == 0:
                progress("checking", done, total)
            importer.check(table, record)
            plan.rows += 1
            done += 1
    if progress is not None:
        progress("checking", total, total)
    for what in ("created", "updated", "unchanged"):
        parts = [
            f"{table.replace('_', ' ')} {per[what]:,}"
            for table, per in importer.counts.items()
            if per[what]
        ]
        if parts:
            plan.notes.append(f"{what}: {', '.join(parts)}")
    if importer.newer_here:
        plan.notes.append(
            f"{importer.newer_here:,} records were changed here after the export: kept as they are"
        )
    return plan


def import_json(
    store: Store,
    data: str | bytes,
    *,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Plan:
    """Check a JSON export and, unless ``dry_run``, save its accepted records in one
    transaction, after keeping a backup of the file."""
    plan = plan_json_import(store, data, source=source, progress=progress)
    if dry_run or not plan.ops:
        return plan
    with store.exclusive():
        store.refresh()
        if store.revision != plan.revision:
            plan = plan_json_import(store, data, source=source)
            if not plan.ops:
                return plan
        if progress is not None:
            progress("writing", 0, 1)
        plan.backup = str(store.backup("import-json"))
        try:
            store.commit(plan.ops, label="import json")
        except ValidationError as e:  # a reference the checks missed: nothing is written
            plan.refused.extend(Refusal(0, x.field, x.reason) for x in e.errors)
            return plan
        plan.written = True
        if progress is not None:
            progress("writing", 1, 1)
    return plan


__all__ = ["import_json", "plan_json_import"]
