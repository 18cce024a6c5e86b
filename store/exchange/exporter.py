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
from typing import TYPE_CHECKING, Any

from ..engine.durable import writing_private
from ..engine.migrate import SCHEMA
from ..engine.store import Store
from ..records.names import fold
from ..records.records import Record, dumps, loads
from ..records.schema import TABLES
from .csv_formats import COLUMNS, FACTOR_KEYS, write_csv
from .export_order import (
    Names,
    accounts_in_order,
    by_account_in_order,
    paced,
    responses_in_order,
)

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def _given(store: Store, table: str, records_or_ids: Iterable[Any]) -> Iterator[Record]:
    for item in records_or_ids:
        record = store.get(table, item) if isinstance(item, str) else item
        if record is not None:
            yield record


def _open_follow_ups(store: Store) -> dict[str, str]:
    """Interaction id -> the due date of its earliest open follow-up."""
    due: dict[str, str] = {}
    for f in paced(store, store.all("followups")):
        interaction = f.get("interaction")
        if interaction and f.get("status") == "open" and f["due"] < due.get(interaction, "~"):
            due[interaction] = f["due"]
    return due


def _interaction_order(i: Record) -> tuple[Any, ...]:
    contacts = tuple(i.get("contacts") or ())
    return (i["date"], i["kind"], i["staff"], fold(i["summary"]), i["summary"], contacts, i["id"])


def _contact_order(c: Record) -> tuple[Any, ...]:
    return (fold(c["name"]), c["email"], c["id"])


def _number(value: Any) -> float:
    return -1 if value is None else float(value)


def export_rows(
    store: Store, kind: str, records_or_ids: Iterable[Any] | None = None
) -> Iterator[list[Any]]:
    """The rows of a CSV export, values in :data:`COLUMNS` order, made as they are asked for.

    With ``records_or_ids`` None every record is written, ordered by what its row holds
    (name, date, ...), so two files holding the same records export the same bytes (read
    one account at a time: ``export_order.py``); otherwise the given records (or ids), in
    the order given.
    """
    if kind not in COLUMNS:
        raise ValueError(f"no export format {kind!r} (formats: {', '.join(COLUMNS)})")
    names = Names(store)
    given = None if records_or_ids is None else _given(store, kind, records_or_ids)
    if kind == "accounts":
        for a in accounts_in_order(store, names) if given is None else given:
            yield [a.get(c) for c in COLUMNS["accounts"]]
    elif kind in ("contacts", "interactions"):
        rest = _contact_order if kind == "contacts" else _interaction_order
        if given is None:
            rows = by_account_in_order(store, kind, names, rest)
        else:
            rows = ((names.account(r["account"]), r) for r in given)
        if kind == "contacts":
            for account, c in rows:
                if account:
                    yield [account, *(c.get(k) for k in COLUMNS["contacts"][1:])]
        else:
            yield from _interaction_rows(store, rows, names)
    else:
        for wave, account, r in _responses(store, names, given):
            yield _response_row(wave, account, names.contact(r.get("contact")), r)


def _responses(
    store: Store, names: Names, given: Iterable[Record] | None
) -> Iterator[tuple[Record, str, Record]]:
    """``(wave, account name, response)`` of the responses whose wave exists and whose
    account has a name."""
    if given is None:
        yield from responses_in_order(store, names, _response_order(names))
        return
    for r in given:
        wave = store.get("waves", r["wave"])
        account = names.account(r["account"])
        if wave is not None and account:
            yield wave, account, r


def _interaction_rows(
    store: Store, rows: Iterable[tuple[str, Record]], names: Names
) -> Iterator[list[Any]]:
    due = _open_follow_ups(store)
    for account, i in rows:
        if not account:
            continue
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


def _response_order(names: Names) -> Any:
    """The order of a wave's responses to one account's name (folded), after the wave and
    the name: ids are not exported, so the order must not need them."""

    def rest(r: Record, account: str) -> tuple[Any, ...]:
        contact = names.contact(r.get("contact"))
        return (
            r["respondent"],
            fold(contact),
            contact,
            sorted((r.get("answers") or {}).items()),
            _number(r.get("recommend")),
            _number(r.get("switch")),
            r.get("comment") or "",
            r["id"],
        )

    return rest


def _response_row(wave: Record, account: str, contact: str, r: Record) -> list[Any]:
    answers = r.get("answers") or {}
    return [
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
    out: str | Path | SupportsWrite[str],
    *,
    bom: bool = False,
) -> int:
    """Write ``kind``'s CSV format to ``out`` as it is made; return the number of rows.

    ``records_or_ids``: the records (or their ids) to write, in that order (the app's
    filtered, sorted list), or None for all of them. ``out``: a path (written as UTF-8,
    readable by its owner only, with a byte-order mark if ``bom``, for spreadsheets that
    want one; it appears complete or not at all) or an open text stream (opened with
    ``newline=""``).
    """
    rows = export_rows(store, kind, records_or_ids)
    if isinstance(out, str | Path):
        with writing_private(Path(out)) as stream:  # atomically, and 0600 like the data file
            return _write_csv(stream, kind, rows, bom)
    return _write_csv(out, kind, rows, bom)


def _write_csv(out: SupportsWrite[str], kind: str, rows: Iterable[list[Any]], bom: bool) -> int:
    if bom:
        out.write("\ufeff")
    return write_csv(out, kind, rows)


def csv_text(store: Store, kind: str, records_or_ids: Iterable[Any] | None = None) -> str:
    """The CSV export as one string."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, kind, export_rows(store, kind, records_or_ids))
    return buffer.getvalue()


def export_json(store: Store, out: SupportsWrite[str], tables: Iterable[str] | None = None) -> int:
    """Write every record of the data file (or of ``tables``) as one JSON document for
    other tools, as it is made; return the number of records.

    ``{"format": "rapport-records", "schema": 1, "file": ..., "exported_at": ...,
    "tables": {"accounts": [{record}, ...], ...}}``: each record with its envelope (id,
    version, rev, created_at, updated_at, updated_by) and its fields, tables in schema
    order, records by id, one record per line. Only the ids are held: each record is
    read as it is written (decoded and encoded again, so it is written as every record is).
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
        written = 0
        for record_id in paced(store, sorted(store.ids(table))):
            text = store.text(table, record_id)
            if text is not None:  # as it is decoded, written again (the same as a record's)
                out.write(("," if written else "") + "\n" + dumps(loads(text)))
                written += 1
        out.write("\n]" if written else "]")
        count += written
    out.write("\n}}\n")
    return count
