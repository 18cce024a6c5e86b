"""The exports as they were written before they streamed (issue 13): every record decoded,
the whole table sorted at once, then written. The tests hold the streaming exporter to
exactly these bytes."""

from __future__ import annotations

import json
from typing import IO, Any

from rapport.store import Store
from rapport.store.engine.migrate import SCHEMA
from rapport.store.exchange.csv_formats import COLUMNS, FACTOR_KEYS, rows_text
from rapport.store.records import fold
from rapport.store.records.records import dumps
from rapport.store.records.schema import TABLES


def _account(store: Store, account_id: Any) -> str:
    account = store.get("accounts", account_id) if isinstance(account_id, str) else None
    return account["name"] if account else ""


def _number(value: Any) -> float:
    return -1 if value is None else float(value)


def _rows(store: Store, kind: str) -> list[list[Any]]:
    records = list(store.all(kind))
    contacts = {c["id"]: c["name"] for c in store.all("contacts")}

    def contact(contact_id: str | None) -> str:
        return contacts.get(contact_id, "") if contact_id else ""

    if kind == "accounts":
        records.sort(key=lambda a: (fold(a["name"]), a["name"], a["id"]))
        return [[a.get(c) for c in COLUMNS["accounts"]] for a in records]
    if kind == "contacts":
        rows = [(_account(store, c["account"]), c) for c in records]
        rows = [r for r in rows if r[0]]
        rows.sort(key=lambda r: (fold(r[0]), r[0], fold(r[1]["name"]), r[1]["email"], r[1]["id"]))
        return [[a, *(c.get(k) for k in COLUMNS["contacts"][1:])] for a, c in rows]
    if kind == "interactions":
        due: dict[str, str] = {}
        for f in store.all("followups"):
            i = f.get("interaction")
            if i and f.get("status") == "open" and f["due"] < due.get(i, "~"):
                due[i] = f["due"]
        rows = [(_account(store, i["account"]), i) for i in records]
        rows = [r for r in rows if r[0]]
        rows.sort(
            key=lambda r: (
                fold(r[0]),
                r[0],
                r[1]["date"],
                r[1]["kind"],
                r[1]["staff"],
                fold(r[1]["summary"]),
                r[1]["summary"],
                tuple(r[1].get("contacts") or ()),
                r[1]["id"],
            )
        )
        out = []
        for account, i in rows:
            names = [n for n in (contact(c) for c in i.get("contacts") or ()) if n]
            row = [account, i["date"], i["kind"], i["staff"], names, i["summary"]]
            out.append([*row, i.get("sentiment"), due.get(i["id"])])
        return out
    full = []
    for r in records:
        wave, account = store.get("waves", r["wave"]), _account(store, r["account"])
        if wave is not None and account:
            full.append((wave, account, contact(r.get("contact")), r))
    full.sort(
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
            x[3].get("comment") or "",
            x[3]["id"],
        )
    )
    return [
        [w["name"], w["date"], a, c, r["respondent"]]
        + [(r.get("answers") or {}).get(k) for k in FACTOR_KEYS]
        + [r.get("recommend"), r.get("switch"), r.get("comment") or ""]
        for w, a, c, r in full
    ]


def csv_reference(store: Store, kind: str) -> str:
    """``kind``'s whole-file CSV export, as text."""
    return rows_text(kind, _rows(store, kind))


def json_reference(store: Store, out: IO[str]) -> None:
    """``rapport export --format json``, everything."""
    head = {
        "format": "rapport-records",
        "schema": SCHEMA,
        "file": store.meta.get("file"),
        "exported_at": store.ctx.timestamp(),
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "tables": {')
    for n, table in enumerate(TABLES):
        out.write(("," if n else "") + f"\n{json.dumps(table)}: [")
        records = sorted(store.all(table), key=lambda r: r["id"])
        for i, record in enumerate(records):
            out.write(("," if i else "") + "\n" + dumps(record))
        out.write("\n]" if records else "]")
    out.write("\n}}\n")
