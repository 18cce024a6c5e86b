"""Response codes as the screens, the import and the kiosk read them: which code is which
form (wave, account, contact or the owner's mirror), and the answer a code already has.

A code stands for one respondent in one wave: a customer contact of an account, or the
account's owner answering the employee mirror. Its answer is that respondent's response in
that wave, however it arrived (by code, typed in the app, at the kiosk), so a code answers
once whichever way its answer came.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.store import Store
from ..records.codes import normalize, shown
from ..records.names import fold
from ..records.records import Record


@dataclass(frozen=True)
class CodeInfo:
    """A code with what it names, resolved for showing."""

    code: Record
    wave: Record | None
    account: Record | None
    contact: Record | None

    @property
    def text(self) -> str:
        return shown(self.code["code"])

    @property
    def who(self) -> str:
        """The respondent in words: the contact's name, or "mirror · OWNER"."""
        if self.code["respondent"] == "employee":
            return f"mirror · {self.code.get('staff') or '?'}"
        return self.contact["name"] if self.contact else "(contact removed)"

    def describe(self) -> str:
        """``K7M-4QX: Dana Buyer at Acme Corp, wave Winter 2026``."""
        account = self.account["name"] if self.account else "(account removed)"
        wave = self.wave["name"] if self.wave else "(wave removed)"
        return f"{self.text}: {self.who} at {account}, wave {wave}"


def find_code(store: Store, typed: str) -> Record | None:
    """The stored code ``typed`` is (any case, with or without the dash), or None."""
    wanted = normalize(typed)
    if not wanted:
        return None
    return next((c for c in store.all("survey_codes") if c["code"] == wanted), None)


def code_info(store: Store, code: Record) -> CodeInfo:
    contact = store.get("contacts", code["contact"]) if code.get("contact") else None
    return CodeInfo(
        code, store.get("waves", code["wave"]), store.get("accounts", code["account"]), contact
    )


def codes_of_wave(store: Store, wave_id: str) -> list[Record]:
    return [c for c in store.all("survey_codes") if c["wave"] == wave_id]


def same_respondent(code: Mapping[str, Any], response: Mapping[str, Any]) -> bool:
    """Is ``response`` the answer of the respondent ``code`` stands for? For a mirror code,
    the mirror of the member of staff it was issued to (another colleague's is theirs)."""
    if (response["wave"], response["account"], response["respondent"]) != (
        code["wave"],
        code["account"],
        code["respondent"],
    ):
        return False
    if code["respondent"] == "customer":
        return bool(code.get("contact")) and response.get("contact") == code["contact"]
    return fold(str(response.get("staff") or "")) == fold(str(code.get("staff") or ""))


def answer_of(code: Mapping[str, Any], responses: Iterable[Mapping[str, Any]]) -> Any:
    """The response among ``responses`` that answers ``code`` (the newest), or None."""
    found = [r for r in responses if same_respondent(code, r)]
    return max(found, key=lambda r: (r.get("updated_at", ""), r["id"])) if found else None


def stored_answer(store: Store, code: Mapping[str, Any]) -> Record | None:
    """The stored response that answers ``code``, or None."""
    answer: Record | None = answer_of(code, store.for_account("responses", code["account"]))
    return answer
