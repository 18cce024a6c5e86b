"""Responses that come back by a survey kit's response code (the ``code`` column).

A code names the wave, the account, the contact (or the owner's mirror) and the respondent
at once, so a row by code may leave those columns out; if it gives them, they must agree
with the code. The rules:

* an unknown code, a text that cannot be a code, and a code of another wave than the
  file's (the wave of its first row by code) are refused by line;
* a code answers once: a row for a code whose respondent has answered already (by code,
  in the app or at the kiosk) and says something else is refused, with the first answer
  shown beside it, unless the import is told to replace (``--replace``); the same answer
  again is left alone; a second row for one code in the same file is refused;
* a row with a code and no answer at all (a form not returned yet, as the kit's blank
  ``responses.csv`` has them) is left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ..engine.store import Store
from ..records.codes import is_code, normalize, shown
from ..records.names import fold
from ..records.records import Record
from ..records.validate import FieldError, ValidationError, clean, show
from ..views.response_codes import answer_of
from .csv_formats import Row
from .import_plan import AccountIndex, Plan

RowKey = tuple[str, str, str | None, str]


class Rows(Protocol):
    """What the responses checker lends the code rows (``import_responses.ResponseRows``)."""

    store: Store
    plan: Plan
    accounts: AccountIndex
    columns: frozenset[str]
    plain: list[str]
    seen: dict[RowKey, int]

    def answers(
        self, cells: dict[str, str], wave: Any, errors: list[FieldError]
    ) -> dict[str, int]: ...

    def create(self, table: str, data: dict[str, Any], record_id: str | None = None) -> str: ...

    def update(self, table: str, record: Record, changes: dict[str, Any]) -> None: ...

    def _changes(self, record: Record, cleaned: dict[str, Any]) -> dict[str, Any]: ...

    def _refused_as_closed(self, key: RowKey, line: int) -> bool: ...


def answer_text(answer: Mapping[str, Any]) -> str:
    """An answer in one line, to show two side by side: ``trust 4, value 2; recommend 6;
    switch 3; comment "…"``."""
    scores = ", ".join(f"{k} {v}" for k, v in (answer.get("answers") or {}).items())
    parts = [scores or "no statement answered"]
    for name in ("recommend", "switch"):
        if answer.get(name) is not None:
            parts.append(f"{name} {answer[name]}")
    comment = str(answer.get("comment") or "")
    if comment:
        parts.append(f"comment {show(comment[:60] + ('…' if len(comment) > 60 else ''))!r}")
    return "; ".join(parts)


class CodeRows:
    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.codes = {c["code"]: c for c in rows.store.all("survey_codes")}
        self.first: tuple[Record, int] | None = None
        """The file's wave (that of its first row by code) and that row's line."""
        self.answered: dict[str, int] = {}
        """Lines by the code they answered."""
        self.not_returned = 0

    def takes(self, row: Row) -> bool:
        """Is this row one by code? A row with an empty code names its form the usual way,
        if the file has the columns for it."""
        named = {"wave", "account", "respondent"} <= self.rows.columns
        return bool(row.cells.get("code", "").strip()) or not named

    def check(self, row: Row) -> None:
        if not row.cells.get("code", "").strip():
            self.rows.plan.refuse(
                row.line, "code", "is required: this file has no wave, account and respondent"
            )
            return
        rows, plan, cells = self.rows, self.rows.plan, row.cells
        code = self._code(row)
        if code is None:
            return
        wave = rows.store.get("waves", code["wave"])
        account = rows.store.get("accounts", code["account"])
        contact = rows.store.get("contacts", code["contact"]) if code.get("contact") else None
        text = shown(code["code"])
        if wave is None or account is None or (code["respondent"] == "customer" and not contact):
            plan.refuse(row.line, "code", f"{text}: its form's wave, account or contact is gone")
            return
        if self.first is None:
            self.first = (wave, row.line)
        elif self.first[0]["id"] != wave["id"]:
            first, line = self.first
            plan.refuse(
                row.line,
                "code",
                f"{text} is a code of wave {wave['name']!r}; this file answers wave "
                f"{first['name']!r} (line {line})",
            )
            return
        errors = self._disagreements(cells, code, wave, account, contact)
        answers = rows.answers(cells, wave, errors)
        data: dict[str, Any] = {k: cells[k] for k in rows.plain}
        data.update(
            wave=wave["id"],
            account=account["id"],
            contact=code.get("contact"),
            respondent=code["respondent"],
            answers=answers,
        )
        try:
            cleaned = clean("responses", data)
        except ValidationError as e:
            errors.extend(e.errors)
        if errors:
            plan.refuse_all(row.line, errors)
            return
        if not answers and all(cleaned.get(k) in (None, "") for k in rows.plain):
            self.not_returned += 1
            plan.unchanged += 1
            return
        if code["code"] in self.answered:
            line = self.answered[code["code"]]
            plan.refuse(row.line, "code", f"{text} is answered on line {line} already")
            return
        self.answered[code["code"]] = row.line
        mirror = code["respondent"] == "employee"
        cleaned["staff"] = (code.get("staff") or account["owner"]) if mirror else ""
        cleaned["date"] = wave["date"]
        key: RowKey = (wave["id"], account["id"], code.get("contact"), code["respondent"])
        if code["respondent"] == "customer":
            if key in rows.seen:
                plan.refuse(row.line, "", f"is the same response as line {rows.seen[key]}")
                return
            rows.seen[key] = row.line
        self._save(row.line, code, key, cleaned)

    def _save(self, line: int, code: Record, key: RowKey, cleaned: dict[str, Any]) -> None:
        rows, plan = self.rows, self.rows.plan
        stored = answer_of(code, rows.store.for_account("responses", code["account"]))
        changes = rows._changes(stored, cleaned) if stored is not None else None
        if changes == {}:
            plan.unchanged += 1
            return
        if rows._refused_as_closed(key, line):
            return
        if stored is None:
            rows.create("responses", cleaned)
            plan.created += 1
            return
        if not plan.replace:
            plan.refuse(
                line,
                "code",
                f"{shown(code['code'])} is answered already: first answer ({stored.get('date') or '?'}): "
                f"{answer_text(stored)} | this line: {answer_text(cleaned)}; "
                "import with --replace to replace the first answer with this one",
            )
            return
        assert changes is not None
        rows.update("responses", stored, changes)
        plan.updated += 1

    def _code(self, row: Row) -> Record | None:
        typed = row.cells["code"]
        if not is_code(typed):
            self.rows.plan.refuse(
                row.line,
                "code",
                f"{show(typed)} is not a response code (6 letters and digits, such as K7M-4QX)",
            )
            return None
        code = self.codes.get(normalize(typed))
        if code is None:
            self.rows.plan.refuse(row.line, "code", f"no form has the code {shown(typed)}")
        return code

    @staticmethod
    def _disagreements(
        cells: dict[str, str],
        code: Record,
        wave: Record,
        account: Record,
        contact: Record | None,
    ) -> list[FieldError]:
        """The naming cells the row gives that say something else than its code."""
        expected = {
            "wave": wave["name"],
            "wave_date": wave["date"],
            "account": account["name"],
            "contact": contact["name"] if contact else "",
            "respondent": code["respondent"],
        }
        errors = []
        for column, value in expected.items():
            given = cells.get(column, "").strip()
            if given and fold(given) != fold(str(value)):
                said = f"{value!r}" if value else "no contact (the owner's mirror)"
                errors.append(
                    FieldError(
                        column, f"code {shown(code['code'])} is for {said}, not {show(given)!r}"
                    )
                )
        return errors

    def finish(self) -> None:
        if self.not_returned:
            n = self.not_returned
            self.rows.plan.notes.append(
                f"{n} row{'s' if n != 1 else ''} with a code and no answer left alone "
                "(forms not returned yet)"
            )
