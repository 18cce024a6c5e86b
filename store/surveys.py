"""Survey work as single saves: record responses (closing the loop in the same save), open
and close waves, and change the questionnaire without changing what old waves meant."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .cards import Shared
from .engine import Store
from .errors import StoreError
from .followthrough import close_the_loop
from .ids import new_id
from .loyalty import loyalty_card
from .records import Record, thaw
from .transaction import ChangeSet, Transaction
from .validate import FieldError, ValidationError, clean
from .views import current_questionnaire


def loop_followups(
    store: Store,
    tx: Transaction,
    account_id: str,
    wave_id: str,
    added: Iterable[Mapping[str, Any]],
    today: date,
) -> None:
    """Add to ``tx`` the follow-ups closing the loop asks for, counting ``added`` responses
    (not saved yet) with the account's saved ones. Never twice for the same reason."""
    account = store.require("accounts", account_id)
    wave = store.require("waves", wave_id)
    shared = Shared(store)
    responses = [*store.for_account("responses", account_id), *added]
    contacts = store.for_account("contacts", account_id)
    followups = store.for_account("followups", account_id)
    card = loyalty_card(
        account,
        today=today,
        waves=shared.waves,
        responses=responses,
        questionnaires=shared.questionnaires,
        contacts=contacts,
        interactions=store.tables["interactions"].dates_for(account_id),
        promises=store.for_account("promises", account_id),
        complaints=store.for_account("complaints", account_id),
        settings=shared.settings,
        wave=wave_id,
    )
    drafts = close_the_loop(
        account,
        wave,
        responses,
        cls_now=card.cls,
        cls_before=card.previous_cls,
        followups=followups,
        today=today,
        contacts=contacts,
        settings=shared.settings,
    )
    for draft in drafts:
        tx.create("followups", draft.as_record())


def record_response(
    store: Store, data: Mapping[str, Any], *, today: date | None = None
) -> ChangeSet:
    """Save one survey response; a low recommend or an account turning Defector creates a
    follow-up for the owner in the same save (so undo takes both back)."""
    values = clean("responses", data)
    errors = []
    if values["respondent"] == "customer" and not values.get("contact"):
        errors.append(FieldError("contact", "a customer response names the contact who answered"))
    if values["respondent"] == "employee":
        values["contact"] = None
        if not values.get("staff"):
            errors.append(FieldError("staff", "an employee mirror names who on our side answered"))
    if not values["answers"] and values.get("recommend") is None and values.get("switch") is None:
        errors.append(FieldError("answers", "nothing was answered"))
    wave = store.get("waves", values["wave"]) if values.get("wave") else None
    if wave is not None and wave["status"] == "closed":
        errors.append(FieldError("wave", f"{wave['name']} is closed; reopen it to add responses"))
    if errors:
        raise ValidationError(errors)
    today = today or store.ctx.today()
    values["date"] = values.get("date") or today.isoformat()
    record_id = new_id()
    with store.transaction("record a survey response") as tx:
        tx.create("responses", values, id=record_id)
        loop_followups(
            store, tx, values["account"], values["wave"], [{**values, "id": record_id}], today
        )
    assert tx.result is not None
    return tx.result


def open_wave(store: Store, name: str, on: date | str, *, expect: int | None = None) -> ChangeSet:
    """Start a survey wave with the newest questionnaire."""
    questionnaire = current_questionnaire(store)
    if questionnaire is None:
        raise StoreError("there is no questionnaire to survey with")
    if any(w["name"].casefold() == name.strip().casefold() for w in store.all("waves")):
        raise ValidationError([FieldError("name", f"a wave named {name.strip()!r} exists already")])
    with store.transaction(f"open wave {name}") as tx:
        tx.create(
            "waves",
            {
                "name": name.strip(),
                "date": on,
                "status": "open",
                "questionnaire": questionnaire["id"],
            },
        )
    assert tx.result is not None
    return tx.result


def in_use(store: Store, questionnaire_id: str) -> bool:
    """Does any wave ask this version of the questionnaire?"""
    return any(w["questionnaire"] == questionnaire_id for w in store.all("waves"))


def edit_questionnaire(
    store: Store,
    *,
    statements: list[Mapping[str, Any]],
    factors: list[Mapping[str, Any]] | None = None,
    expect: int | None = None,
) -> ChangeSet:
    """Save the questionnaire's statements (and factors). When a wave already asked the
    current version, a new version is made and old waves keep the one they asked."""
    current = current_questionnaire(store)
    if current is None:
        raise StoreError("there is no questionnaire yet")
    factor_list = [dict(f) for f in (factors if factors is not None else thaw(current["factors"]))]
    known = {f["key"] for f in factor_list}
    keys: set[str] = set()
    errors = []
    for i, s in enumerate(statements, 1):
        if not str(s.get("text", "")).strip():
            errors.append(FieldError(f"statement {i}", "has no text"))
        if s.get("factor") not in known:
            errors.append(
                FieldError(
                    f"statement {i}",
                    f"factor {s.get('factor')!r} is not one of {', '.join(sorted(known))}",
                )
            )
        if s.get("key") in keys:
            errors.append(FieldError(f"statement {i}", f"key {s.get('key')!r} is used twice"))
        keys.add(str(s.get("key")))
    if errors:
        raise ValidationError(errors)
    body = {"factors": factor_list, "statements": [dict(s) for s in statements]}
    with store.transaction("edit the questionnaire") as tx:
        if in_use(store, current["id"]):
            tx.create(
                "questionnaires",
                {
                    **body,
                    "number": current["number"] + 1,
                    "name": current["name"],
                    "created": store.ctx.today(),
                },
            )
        else:
            tx.update("questionnaires", current["id"], body, expect=expect)
    assert tx.result is not None
    return tx.result


def statement_key(existing: Iterable[Record | Mapping[str, Any]], factor: str) -> str:
    """A new statement's key: the factor's key, or ``factor_2``, ``factor_3``..."""
    taken = {str(s.get("key")) for s in existing}
    if factor not in taken:
        return factor
    n = 2
    while f"{factor}_{n}" in taken:
        n += 1
    return f"{factor}_{n}"
