"""Importing the responses CSV format: survey answers per wave, account and respondent.

A wave the file names that does not exist is created with the row's ``wave_date`` and the
newest questionnaire. Rows without a contact (employee-mirror rows, anonymous customer
rows) are matched by their order (see ``importer.py``); a mirror response is given the
account's owner as its ``staff``. Score columns are the default statements' keys and those
of the file's questionnaires (``trust_2``); a score for a statement the row's wave does not
ask is refused. A row may instead name its form by a survey kit's response ``code``
(``import_by_code.py``); ``comment`` is the respondent's comment, kept as written.
"""

from __future__ import annotations

from typing import Any

from ..engine.store import Store
from ..records.ids import new_id
from ..records.names import fold
from ..records.records import Record, thaw
from ..records.schema import Field
from ..records.validate import FieldError, Invalid, ValidationError, clean, parse_date, parse_field
from ..views.rows import current_questionnaire
from .csv_formats import COLUMNS, FACTOR_KEYS, IMPORT_ONLY, Row, header_name
from .import_by_code import CodeRows
from .import_plan import NO_ID, Checker, ContactIndex, Plan, changes_of, differs

SCORE = Field("score", "int", low=1, high=5)


def statement_columns(store: Store) -> tuple[str, ...]:
    """Score columns beyond the default ten: the statement keys of the file's questionnaires
    (``trust_2``), in the order the questionnaires ask them."""
    keys: dict[str, None] = {}
    for questionnaire in sorted(store.all("questionnaires"), key=lambda q: q["number"]):
        for statement in questionnaire["statements"]:
            key = str(statement["key"])
            known = (*COLUMNS["responses"], *IMPORT_ONLY["responses"])
            if key == header_name(key) and key not in known:  # a name a header can give
                keys.setdefault(key, None)
    return tuple(keys)


ResponseKey = tuple[str, str, str | None, str]


class ResponseRows(Checker):
    def __init__(self, store: Store, plan: Plan, columns: tuple[str, ...]) -> None:
        super().__init__(store, plan, columns)
        self.contacts = ContactIndex(store, self.accounts)
        self.waves: dict[str, list[Record]] = {}
        for wave in store.all("waves"):
            self.waves.setdefault(fold(wave["name"]), []).append(wave)
        self.new_waves: dict[str, dict[str, Any]] = {}
        self.questionnaire = current_questionnaire(store)
        self.scores = [k for k in (*FACTOR_KEYS, *statement_columns(store)) if k in self.columns]
        self.numbers = [k for k in ("recommend", "switch") if k in self.columns]
        self.plain = [*self.numbers, *(["comment"] if "comment" in self.columns else [])]
        """The fields a row sets as they are (the scores go into ``answers``)."""
        self.asked: dict[str, frozenset[str]] = {}
        self.by_code = CodeRows(self) if "code" in self.columns else None
        self.seen: dict[ResponseKey, int] = {}
        self.groups: dict[ResponseKey, list[tuple[dict[str, Any], int]]] = {}
        """Rows without a contact, with their line numbers, paired with stored ones at the end."""
        self._stored: dict[str, dict[ResponseKey, list[Record]]] = {}

    def check(self, row: Row) -> None:
        if self.by_code is not None and self.by_code.takes(row):
            self.by_code.check(row)
            return
        plan, cells = self.plan, row.cells
        errors: list[FieldError] = []
        wave = self._wave(row, errors)
        account, error = self.accounts.require(cells["account"])
        if error:
            errors.append(error)
        contact_id = None
        if account and cells.get("contact", "").strip():
            ref, reason = self.contacts.by_name(account["id"], cells["contact"])
            if ref is None:
                errors.append(FieldError("contact", str(reason)))
            else:
                contact_id = ref.id
        answers = self.answers(cells, wave, errors)
        data: dict[str, Any] = {k: cells[k] for k in self.plain}
        data.update(
            wave=wave["id"] if wave else NO_ID,
            account=account["id"] if account else NO_ID,
            contact=contact_id,
            respondent=cells["respondent"],
            answers=answers,
        )
        try:
            cleaned = clean("responses", data)
        except ValidationError as e:
            errors.extend(e.errors)
        else:
            if cleaned["respondent"] == "employee" and cells.get("contact", "").strip():
                errors.append(FieldError("contact", "an employee-mirror row leaves contact empty"))
        if errors or wave is None or account is None:
            plan.refuse_all(row.line, errors)
            return
        if isinstance(wave, dict):  # one this import creates (stored records are read-only)
            self._emit_wave(wave)
        cleaned["staff"] = account["owner"] if cleaned["respondent"] == "employee" else ""
        cleaned["date"] = wave["date"]
        key = (wave["id"], account["id"], contact_id, cleaned["respondent"])
        if contact_id is None:
            self.groups.setdefault(key, []).append((cleaned, row.line))
            return
        if key in self.seen:
            plan.refuse(row.line, "", f"is the same response as line {self.seen[key]}")
            return
        self.seen[key] = row.line
        stored = self._stored_for(account["id"]).get(key)
        changes = self._changes(stored[0], cleaned) if stored else None
        if (changes is None or changes) and self._refused_as_closed(key, row.line):
            return
        if not stored:
            self.create("responses", cleaned)
            plan.created += 1
            return
        if changes:
            self.update("responses", stored[0], changes)
            plan.updated += 1
        else:
            plan.unchanged += 1

    def answers(self, cells: dict[str, str], wave: Any, errors: list[FieldError]) -> dict[str, int]:
        """The row's scores by statement key; a score for a statement the wave's
        questionnaire does not ask is refused (it would count for nothing)."""
        asked = self._asked(wave) if wave is not None else None
        answers: dict[str, int] = {}
        for key in self.scores:
            if not cells[key].strip():
                continue
            if asked is not None and key not in asked:
                errors.append(FieldError(key, "is not a statement of this wave's questionnaire"))
                continue
            try:
                answers[key] = parse_field(SCORE, cells[key])
            except Invalid as e:
                errors.append(FieldError(key, str(e)))
        return answers

    def _asked(self, wave: Any) -> frozenset[str]:
        keys = self.asked.get(wave["id"])
        if keys is None:
            questionnaire = self.store.get("questionnaires", wave["questionnaire"])
            statements = (questionnaire or self.questionnaire or {}).get("statements") or ()
            keys = self.asked[wave["id"]] = frozenset(str(s["key"]) for s in statements)
        return keys

    def finish(self) -> None:
        """Pair the rows without a contact with stored responses (see the module docstring)."""
        if self.by_code is not None:
            self.by_code.finish()
        for key, rows in self.groups.items():
            free = list(self._stored_for(key[1]).get(key, []))
            left: list[dict[str, Any]] = []
            for cleaned, line in rows:
                same = next((r for r in free if not self._changes(r, cleaned)), None)
                if same is not None:
                    free.remove(same)
                    self.plan.unchanged += 1
                elif not self._refused_as_closed(key, line):
                    left.append(cleaned)
            for cleaned in left:
                if free:
                    record = free.pop(0)
                    self.update("responses", record, self._changes(record, cleaned))
                    self.plan.updated += 1
                else:
                    self.create("responses", cleaned)
                    self.plan.created += 1

    def _refused_as_closed(self, key: ResponseKey, line: int) -> bool:
        """Refuse (and say so) a row that would add or change an answer in a closed wave."""
        wave = self.store.get("waves", key[0])
        if wave is None or wave["status"] != "closed":
            return False
        reason = f"{wave['name']} is closed; reopen it to add or change responses"
        self.plan.refuse(line, "wave", reason)
        return True

    def _changes(self, record: Record, cleaned: dict[str, Any]) -> dict[str, Any]:
        changes = changes_of(record, cleaned, self.plain)
        if self.scores:
            answers = {k: v for k, v in thaw(record.get("answers") or {}).items()}
            for k in self.scores:
                answers.pop(k, None)
            answers.update(cleaned["answers"])
            if differs(record.get("answers") or {}, answers):
                changes["answers"] = answers
        return changes

    def _stored_for(self, account_id: str) -> dict[ResponseKey, list[Record]]:
        index = self._stored.get(account_id)
        if index is None:
            index = self._stored[account_id] = {}
            records = self.store.for_account("responses", account_id)
            for r in sorted(records, key=lambda r: (r.get("created_at", ""), r["id"])):
                key = (r["wave"], account_id, r.get("contact"), r["respondent"])
                index.setdefault(key, []).append(r)
        return index

    def _wave(self, row: Row, errors: list[FieldError]) -> dict[str, Any] | Record | None:
        """The wave the row names: stored, or one this import creates (first row's date)."""
        name, given = row.cells["wave"], row.cells.get("wave_date", "")
        if not name.strip():
            errors.append(FieldError("wave", "is required"))
            return None
        date = None
        if given.strip():
            try:
                date = parse_date(given)
            except Invalid as e:
                errors.append(FieldError("wave_date", str(e)))
                return None
        stored = self.waves.get(fold(name), [])
        if len(stored) > 1:
            errors.append(FieldError("wave", f"several waves are named {name!r}"))
            return None
        wave = stored[0] if stored else self.new_waves.get(fold(name))
        if wave is not None:
            if date and date != wave["date"]:
                errors.append(FieldError("wave_date", f"wave {name!r} is dated {wave['date']}"))
                return None
            return wave
        if date is None:
            errors.append(FieldError("wave_date", "is required for a new wave"))
            return None
        if self.questionnaire is None:
            errors.append(FieldError("wave", "the file has no questionnaire for a new wave"))
            return None
        try:
            data = clean(
                "waves", {"name": name, "date": date, "questionnaire": self.questionnaire["id"]}
            )
        except ValidationError as invalid:
            errors.extend(FieldError("wave", error.reason) for error in invalid.errors)
            return None
        wave = {**data, "id": new_id(), "line": row.line, "emitted": False}
        self.new_waves[fold(name)] = wave
        return wave

    def _emit_wave(self, wave: dict[str, Any]) -> None:
        if wave["emitted"]:
            return
        wave["emitted"] = True
        data = {k: v for k, v in wave.items() if k not in ("id", "line", "emitted")}
        self.create("waves", data, wave["id"])
        self.plan.also["waves"] += 1
        self.plan.notes.append(
            f"wave {wave['name']!r} ({wave['date']}) is new: created with questionnaire "
            f"{self.questionnaire['number'] if self.questionnaire else '?'} (line {wave['line']})"
        )
