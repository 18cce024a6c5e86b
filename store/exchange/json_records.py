"""One record of a JSON export on its way in (``json_import.py``): the natural key it
is matched by, which version of it is newer, and :class:`RecordImporter`, which checks each
record, points its references at this file's ids and plans its creation or update.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ..engine.store import Store
from ..engine.transaction import Op
from ..loyalty.settings import validate_settings
from ..records.defaults import DEFAULT_FACTORS, DEFAULT_SETTINGS, DEFAULT_STATEMENTS
from ..records.ids import is_id, new_id
from ..records.names import fold
from ..records.records import Record, content, rev_of, thaw
from ..records.schema import ENVELOPE, FIELDS, NOUNS, SETTINGS_ID, TABLES
from ..records.validate import ValidationError, clean, show
from .import_plan import Plan, Refusal, changes_of, email_key

KeyFn = Callable[[Mapping[str, Any]], Any]


def _mirror_or_contact(r: Mapping[str, Any]) -> Any:
    who = r.get("contact") if r.get("respondent") == "customer" else fold(r.get("staff") or "")
    return (r.get("wave"), r.get("account"), r.get("respondent"), who)


KEYS: dict[str, KeyFn] = {
    "accounts": lambda r: fold(r["name"]),
    "stage_changes": lambda r: (r["account"], r["stage"], r.get("previous"), r["date"]),
    "contacts": lambda r: (r["account"], fold(r["name"])),
    "interactions": lambda r: (
        r["account"],
        r["date"],
        r["kind"],
        r["staff"],
        fold(r["summary"]),
    ),
    "followups": lambda r: (r["account"], r["due"], fold(r["what"]), r.get("origin")),
    "promises": lambda r: (r["account"], fold(r["what"]), r["due"]),
    "complaints": lambda r: (r["account"], r["raised"], fold(r["summary"])),
    "opportunities": lambda r: (r["account"], fold(r["what"]), r["noticed"]),
    "questionnaires": lambda r: r["number"],
    "waves": lambda r: fold(r["name"]),
    "responses": _mirror_or_contact,
    "plan_items": lambda r: (r["account"], fold(r["what"])),
    "settings": lambda r: SETTINGS_ID,
    "conflicts": lambda r: (
        r["table"],
        r["record"],
        (r.get("kept") or {}).get("rev"),
        (r.get("other") or {}).get("rev"),
    ),
}
"""Per table, the natural key a record is matched by when its id is not in this file
(computed on the record with its references already pointed at this file's ids)."""

_LINE_ID = re.compile(r'^\s*,?\s*\{"id":\s*"([0-9a-z]{12})"')


def lines_of(text: str) -> dict[str, int]:
    """Record id -> the line it starts on (the export writes one record per line)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        match = _LINE_ID.match(line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def _label(record: Mapping[str, Any]) -> str:
    for key in ("name", "summary", "what", "number", "date"):
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
            return show(value)
    return ""


def _newer(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether version ``a`` of a record is newer than ``b`` (changed later, then a higher
    version number)."""

    def order(r: Mapping[str, Any]) -> tuple[str, int]:
        version = r.get("version")
        return (str(r.get("updated_at") or ""), version if isinstance(version, int) else 0)

    return order(a) > order(b)


def _envelope_ok(record: Mapping[str, Any]) -> bool:
    version = record.get("version")
    return (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version >= 1
        and all(isinstance(record.get(k), str) for k in ("rev", "created_at", "updated_at"))
        and isinstance(record.get("updated_by"), str)
    )


class RecordImporter:
    """Checks the records of one import, one by one in table order (so what a record
    points to is settled before it), and adds what they need to the plan."""

    def __init__(self, store: Store, plan: Plan, lines: dict[str, int]) -> None:
        self.store = store
        self.plan = plan
        self.lines = lines
        self.ids: dict[str, str] = {}
        """Imported id -> this file's id, for records matched by key (or given a new id)."""
        self.present: dict[str, set[str]] = {t: set() for t in TABLES}
        """Per table, ids that will exist after the import (accepted or matched)."""
        self.refused: set[str] = set()
        self.claimed: set[str] = set()
        self._index: dict[str, dict[Any, list[Record]]] = {}
        self._emails: dict[tuple[str, str], list[Record]] = {}
        self.counts: dict[str, dict[str, int]] = {}
        self.newer_here = 0
        self._used_questionnaires: set[str] | None = None
        self.replaced: set[str] = set()
        """Stored ids the import puts another record in place of (an unused default)."""

    # -- reporting -----------------------------------------------------------------------

    def count(self, table: str, what: str) -> None:
        per = self.counts.setdefault(table, {"created": 0, "updated": 0, "unchanged": 0})
        per[what] += 1
        setattr(self.plan, what, getattr(self.plan, what) + 1)

    def refuse(self, table: str, record: Mapping[str, Any], reasons: list[str]) -> None:
        record_id = str(record.get("id") or "")
        label = _label(record)
        column = f"{NOUNS.get(table, table)} {record_id or '(no id)'}"
        column += f" ({label})" if label else ""
        self.plan.refused.append(Refusal(self.lines.get(record_id, 0), column, "; ".join(reasons)))
        self.plan.refused_rows += 1
        if record_id:
            self.refused.add(record_id)

    # -- matching ------------------------------------------------------------------------

    def _exists(self, table: str, record_id: str) -> bool:
        return record_id in self.present[table] or (
            record_id not in self.replaced and self.store.contains(table, record_id)
        )

    def _by_key(self, table: str, key: Any) -> list[Record]:
        index = self._index.get(table)
        if index is None:
            index = self._index[table] = {}
            for record in self.store.all(table):
                try:
                    index.setdefault(KEYS[table](record), []).append(record)
                except (KeyError, TypeError, AttributeError):
                    continue
                if table == "contacts" and (record.get("email") or "").strip():
                    mail = (record["account"], email_key(record["email"]))
                    self._emails.setdefault(mail, []).append(record)
        return [r for r in index.get(key, []) if r["id"] not in self.claimed]

    def match(self, table: str, cleaned: Mapping[str, Any]) -> Record | None:
        """The stored record (not yet matched by another) this record is by its key."""
        if table == "contacts" and (cleaned.get("email") or "").strip():
            self._by_key(table, None)  # builds the email index too
            mail = (cleaned["account"], email_key(cleaned["email"]))
            hits = [r for r in self._emails.get(mail, []) if r["id"] not in self.claimed]
            if hits:
                return hits[0]
            named = self._by_key(table, KEYS[table](cleaned))
            named = [r for r in named if not (r.get("email") or "").strip()]
            return named[0] if named else None
        try:
            key = KEYS[table](cleaned)
        except (KeyError, TypeError):
            return None
        hits = self._by_key(table, key)
        return hits[0] if hits else None

    def in_use(self, questionnaire_id: str) -> bool:
        if self._used_questionnaires is None:
            self._used_questionnaires = {w["questionnaire"] for w in self.store.all("waves")}
        return questionnaire_id in self._used_questionnaires

    def is_seed(self, table: str, record: Record) -> bool:
        """A new file's untouched default settings, or its unused default questionnaire."""
        if record.get("version") != 1:
            return False
        if table == "settings":
            return thaw(record.get("values")) == DEFAULT_SETTINGS
        if table == "questionnaires":
            return (
                record.get("number") == 1
                and thaw(record.get("factors")) == DEFAULT_FACTORS
                and thaw(record.get("statements")) == DEFAULT_STATEMENTS
                and not self.in_use(record["id"])
            )
        return False

    def changes_a_version(self, table: str, stored: Record, cleaned: Mapping[str, Any]) -> bool:
        """Whether ``cleaned`` would change a questionnaire version that waves here use."""
        return (
            table == "questionnaires"
            and not self.is_seed(table, stored)
            and self.in_use(stored["id"])
            and (
                thaw(stored["factors"]) != cleaned["factors"]
                or thaw(stored["statements"]) != cleaned["statements"]
            )
        )

    # -- one record ----------------------------------------------------------------------

    def references(self, table: str, body: dict[str, Any]) -> list[str]:
        """Point ``body``'s references at this file's ids; the problems with them."""
        problems = []
        for f in FIELDS[table].values():
            if f.kind not in ("ref", "refs") or f.ref is None or not body.get(f.name):
                continue
            values = [body[f.name]] if f.kind == "ref" else list(body[f.name])
            mapped = []
            for value in values:
                if not isinstance(value, str):
                    mapped.append(value)  # clean() names it
                    continue
                target = self.ids.get(value, value)
                if self._exists(f.ref, target):
                    pass
                elif value in self.refused:
                    problems.append(f"{f.name}: its {NOUNS[f.ref]} {value} was refused")
                else:
                    problems.append(f"{f.name}: no {NOUNS[f.ref]} {value} here or in the import")
                mapped.append(target)
            body[f.name] = mapped[0] if f.kind == "ref" else mapped
        if table == "conflicts" and isinstance(body.get("record"), str):
            body["record"] = self.ids.get(body["record"], body["record"])
        return problems

    def check(self, table: str, record: Any) -> None:
        if not isinstance(record, Mapping):
            self.refuse(table, {}, [f"is not a record (an object), but {show(record)}"])
            return
        record_id = record.get("id")
        if not isinstance(record_id, str) or not record_id:
            self.refuse(table, record, ["has no id"])
            return
        if record_id in self.ids or any(record_id in ids for ids in self.present.values()):
            self.refuse(table, record, ["its id is given to another record of the import"])
            return
        body = thaw(content(record))
        problems = self.references(table, body)
        try:
            cleaned = clean(table, body, formats=False)
        except ValidationError as e:
            problems += [str(x) for x in e.errors]
            cleaned = {}
        if table == "settings":
            if record_id != SETTINGS_ID:
                problems.append(f"id: the settings record's id is {SETTINGS_ID}")
            problems += validate_settings(cleaned.get("values")) if cleaned else []
        if problems:
            self.refuse(table, record, problems)
            return
        stored = self.store.get(table, record_id) if is_id(record_id) else None
        by_key = stored is None
        if stored is None:
            stored = self.match(table, cleaned)
        if stored is not None and self.changes_a_version(table, stored, cleaned):
            self.refuse(
                table,
                record,
                [
                    f"questionnaire version {cleaned['number']} here is different and used "
                    "by survey waves; a version is never changed (old waves keep their "
                    "meaning): give the imported one its own number"
                ],
            )
            return
        if stored is not None and self.is_seed(table, stored) and stored["id"] != record_id:
            # A default nobody touched: the imported record takes its place, id and all.
            self.plan.ops.append(Op("delete", table, stored["id"], None, stored["version"]))
            self.replaced.add(stored["id"])
            self.claimed.add(stored["id"])
            stored = None
            by_key = False
        if stored is None:
            self.create(table, record, cleaned)
            return
        self.claimed.add(stored["id"])
        self.present[table].add(stored["id"])
        if by_key:
            self.ids[record_id] = stored["id"]
        self.update(table, stored, record, cleaned, same_id=not by_key)

    def create(self, table: str, record: Mapping[str, Any], cleaned: dict[str, Any]) -> None:
        record_id = str(record["id"])
        tomb = self.store.get("_deleted", record_id) if is_id(record_id) else None
        if not is_id(record_id):
            self.ids[record_id] = record_id = new_id()
        if tomb is not None or not _envelope_ok(record):
            self.plan.ops.append(Op("create", table, record_id, cleaned))
            if tomb is not None:
                self.plan.also["deleted here, brought back"] += 1
        else:
            whole = {k: record[k] for k in ENVELOPE if k != "id"}
            whole = {"id": record_id, **whole, **cleaned}
            if thaw(content(record)) != cleaned:  # references re-pointed, defaults filled in
                whole["rev"] = rev_of(cleaned, int(record["version"]))
            self.plan.ops.append(Op("put", table, record_id, whole))
        self.present[table].add(record_id)
        self.count(table, "created")

    def update(
        self,
        table: str,
        stored: Record,
        record: Mapping[str, Any],
        cleaned: dict[str, Any],
        *,
        same_id: bool,
    ) -> None:
        changes = changes_of(stored, cleaned, cleaned)
        whole_ok = same_id and _envelope_ok(record) and thaw(content(record)) == cleaned
        if self.is_seed(table, stored) and whole_ok:
            if any(stored.get(k) != record.get(k) for k in ENVELOPE):
                if (stored["version"], stored["rev"]) == (record["version"], record["rev"]):
                    # The store takes the same version as no change: replace the default.
                    self.plan.ops.append(Op("delete", table, stored["id"], None, stored["version"]))
                self.put_whole(table, stored["id"], record, cleaned)
                self.count(table, "updated")
            else:
                self.count(table, "unchanged")
            return
        if not changes:
            self.count(table, "unchanged")
            return
        if not _newer(record, stored):
            self.newer_here += 1
            self.count(table, "unchanged")
            return
        if whole_ok:
            self.put_whole(table, stored["id"], record, cleaned)
        else:
            self.plan.ops.append(Op("update", table, stored["id"], changes, stored["version"]))
        self.count(table, "updated")

    def put_whole(
        self, table: str, record_id: str, record: Mapping[str, Any], cleaned: dict[str, Any]
    ) -> None:
        """The imported version as it is, envelope and all (the same record, newer)."""
        whole = {"id": record_id, **{k: record[k] for k in ENVELOPE if k != "id"}}
        self.plan.ops.append(Op("put", table, record_id, {**whole, **cleaned}))
