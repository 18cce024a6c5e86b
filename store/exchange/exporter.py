"""Exporting: the four CSV formats (exactly what ``importer.py`` reads back) and the whole
file's records as JSON for other tools.

References are written as natural keys (an account by its name, a contact by its name,
a wave by its name and date). Text cells are guarded against spreadsheet formula
injection (see ``csv_formats.py``; the importer undoes the guard exactly).

What the CSV formats do not carry, and so a round trip does not bring back: an account's
``notes``; a contact's ``influence`` and ``notes``; answers to statements other
than the default questionnaire's ten (import reads them, by statement key, but export writes
the default columns only); a survey kit's response codes; a response's ``date`` and ``staff`` (set on import
from the wave's date and, for mirror rows, the account's owner); follow-ups that are done
(the ``follow_up`` column holds the due date of the interaction's earliest open follow-up).
A tag or a contact name holding ``;`` cannot be written to a ``;``-separated cell.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..engine.durable import write_private
from ..engine.migrate import SCHEMA
from ..engine.store import Store
from ..records.names import fold
from ..records.records import Record, dumps
from ..records.schema import TABLES
from .csv_formats import COLUMNS, FACTOR_KEYS, write_csv


def _records(store: Store, table: str, records_or_ids: Iterable[Any] | None) -> list[Record]:
    if records_or_ids is None:
        return list(store.all(table))
    out = []
    for item in records_or_ids:
        record = store.get(table, item) if isinstance(item, str) else item
        if record is not None:
            out.append(record)
    return out


class _Names:
    """Names of the records that rows refer to, looked up once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._contacts: dict[str, str] | None = None

    def account(self, account_id: str) -> str:
        account = self.store.get("accounts", account_id)
        return account["name"] if account else ""

    def contact(self, contact_id: str | None) -> str:
        if not contact_id:
            return ""
        if self._contacts is None:
            self._contacts = {c["id"]: c["name"] for c in self.store.all("contacts")}
        return self._contacts.get(contact_id, "")


def _open_follow_ups(store: Store) -> dict[str, str]:
    """Interaction id -> the due date of its earliest open follow-up."""
    due: dict[str, str] = {}
    for f in store.all("followups"):
        interaction = f.get("interaction")
        if interaction and f.get("status") == "open" and f["due"] < due.get(interaction, "~"):
            due[interaction] = f["due"]
    return due


def _interaction_order(i: Record) -> tuple[Any, ...]:
    contacts = tuple(i.get("contacts") or ())
    return (i["date"], i["kind"], i["staff"], fold(i["summary"]), i["summary"], contacts, i["id"])


def _number(value: Any) -> float:
    return -1 if value is None else float(value)


def export_rows(
    store: Store, kind: str, records_or_ids: Iterable[Any] | None = None
) -> Iterator[list[Any]]:
    """The rows of a CSV export, values in :data:`COLUMNS` order.

    With ``records_or_ids`` None every record is written, ordered by what its row holds
    (name, date, ...), so two files holding the same records export the same bytes;
    otherwise the given records (or ids), in the order given.
    """
    if kind not in COLUMNS:
        raise ValueError(f"no export format {kind!r} (formats: {', '.join(COLUMNS)})")
    records = _records(store, kind, records_or_ids)
    names = _Names(store)
    everything = records_or_ids is None
    if kind == "accounts":
        if everything:
            records.sort(key=lambda a: (fold(a["name"]), a["name"], a["id"]))
        for a in records:
            yield [a.get(c) for c in COLUMNS["accounts"]]
    elif kind == "contacts":
        rows = [(names.account(c["account"]), c) for c in records if names.account(c["account"])]
        if everything:
            rows.sort(
                key=lambda r: (fold(r[0]), r[0], fold(r[1]["name"]), r[1]["email"], r[1]["id"])
            )
        for account, c in rows:
            yield [account, *(c.get(k) for k in COLUMNS["contacts"][1:])]
    elif kind == "interactions":
        due = _open_follow_ups(store)
        rows = [(names.account(i["account"]), i) for i in records if names.account(i["account"])]
        if everything:
            rows.sort(key=lambda r: (fold(r[0]), r[0], *_interaction_order(r[1])))
        for account, i in rows:
            contacts = [n for n in (names.contact(c) for c in i.get("contacts") or ()) if n]
            yield [
                account,
                i["date"],
                i["kind"],
                i["staff"],
                contacts,
                i["summary"],
                i.get("sentiment"),
                due.get(i["id"]),
            ]
    else:
        yield from _response_rows(store, records, names, everything)


def _response_rows(
    store: Store, records: list[Record], names: _Names, everything: bool
) -> Iterator[list[Any]]:
    rows = []
    for r in records:
        wave = store.get("waves", r["wave"])
        account = names.account(r["account"])
        if wave is None or not account:
            continue
        rows.append((wave, account, names.contact(r.get("contact")), r))
    if everything:
        rows.sort(
            key=lambda x: (
                x[0]["date"],
                fold(x[0]["name"]),
                fold(x[1]),
                x[3]["respondent"],
                fold(x[2]),
                x[2],
                sorted((x[3].get("answers") or {}).items()),
                _number(x[3].get("recommend")),
                _number(x[3].get("switch")),
                x[3].get("comment") or "",  # ids are not exported: the order must not need them
                x[3]["id"],
            )
        )
    for wave, account, contact, r in rows:
        answers = r.get("answers") or {}
        yield [
            wave["name"],
            wave["date"],
            account,
            contact,
            r["respondent"],
            *(answers.get(k) for k in FACTOR_KEYS),
            r.get("recommend"),
            r.get("switch"),
            r.get("comment") or "",
        ]


def export_csv(
    store: Store,
    kind: str,
    records_or_ids: Iterable[Any] | None,
    out: str | Path | IO[str],
    *,
    bom: bool = False,
) -> int:
    """Write ``kind``'s CSV format to ``out``; return the number of rows written.

    ``records_or_ids``: the records (or their ids) to write, in that order (the app's
    filtered, sorted list), or None for all of them. ``out``: a path (written atomically
    as UTF-8, readable by its owner only, with a byte-order mark if ``bom``, for
    spreadsheets that want one) or an open text stream (opened with ``newline=""``).
    """
    rows = export_rows(store, kind, records_or_ids)
    if isinstance(out, str | Path):
        buffer = io.StringIO(newline="")
        count = write_csv(buffer, kind, rows)
        data = buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
        write_private(Path(out), data)  # atomically, and 0600 like the data file
        return count
    if bom:
        out.write("\ufeff")
    return write_csv(out, kind, rows)


def csv_text(store: Store, kind: str, records_or_ids: Iterable[Any] | None = None) -> str:
    """The CSV export as one string."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, kind, export_rows(store, kind, records_or_ids))
    return buffer.getvalue()


def export_json(store: Store, out: IO[str], tables: Iterable[str] | None = None) -> int:
    """Write every record of the data file (or of ``tables``) as one JSON document for
    other tools; return the number of records.

    ``{"format": "rapport-records", "schema": 1, "file": ..., "exported_at": ...,
    "tables": {"accounts": [{record}, ...], ...}}``: each record with its envelope (id,
    version, rev, created_at, updated_at, updated_by) and its fields, tables in schema
    order, records by id, one record per line.
    """
    names = list(tables) if tables is not None else list(TABLES)
    head = {
        "format": "rapport-records",
        "schema": SCHEMA,
        "file": store.meta.get("file"),
        "exported_at": store.ctx.timestamp(),
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "tables": {')
    count = 0
    for n, table in enumerate(names):
        out.write(("," if n else "") + f"\n{json.dumps(table)}: [")
        records = sorted(store.all(table), key=lambda r: r["id"])
        for i, record in enumerate(records):
            out.write(("," if i else "") + "\n" + dumps(record))
        out.write("\n]" if records else "]")
        count += len(records)
    out.write("\n}}\n")
    return count
