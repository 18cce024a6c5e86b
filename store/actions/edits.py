"""What users do to the records, as single saves: log an interaction (with its follow-up
and promise), create an account, move it to another stage, delete it with everything
that belongs to it. The screens and the command line both call these, so a rule
(a stage change is kept in the history; a follow-up belongs to whoever logged the contact)
is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date as Date
from datetime import timedelta
from typing import Any

from ..engine.store import Store
from ..engine.transaction import ChangeSet, Transaction
from ..records.lifecycle import not_before, with_rules
from ..records.names import fold
from ..records.records import Record
from ..records.schema import ACCOUNT_TABLES, NOUNS, dependents
from ..records.validate import FieldError, Invalid, ValidationError, clean, parse_date


def _errors_of(
    table: str, data: Mapping[str, Any], today: Date
) -> tuple[dict[str, Any], list[FieldError]]:
    try:
        return clean(table, data, today=today), []
    except ValidationError as e:
        return {}, e.errors


def log_interaction(
    store: Store,
    account_id: str,
    *,
    summary: str,
    kind: str = "call",
    on: Date | str | None = None,
    staff: str | None = None,
    contacts: Iterable[str] = (),
    sentiment: int | str = 0,
    follow_up: Date | str | None = None,
    follow_up_what: str = "",
    promise: str = "",
    promise_due: Date | str | None = None,
    then: Callable[[Transaction, str], None] | None = None,
) -> ChangeSet:
    """Save an interaction, and with it its follow-up and the promise made, if any.
    ``then(tx, interaction_id)`` may save more in the same step (an appointment held).

    Every field is checked before anything is saved; a :class:`ValidationError` names each
    wrong field by the name the user gave it (``follow_up: 2026-02-30 is not a date``).
    """
    ctx = store.ctx
    staff = staff or ctx.user
    when = on if on not in (None, "") else ctx.today()
    interaction, errors = _errors_of(
        "interactions",
        {
            "account": account_id,
            "date": when,
            "kind": kind,
            "staff": staff,
            "contacts": list(contacts),
            "summary": summary,
            "sentiment": sentiment,
        },
        ctx.today(),
    )
    due = _optional_date("follow_up", follow_up, errors)
    promise_date = _optional_date("promise_due", promise_due, errors)
    if (
        promise.strip()
        and promise_date is None
        and not any(e.field == "promise_due" for e in errors)
    ):
        errors.append(FieldError("promise_due", "is required when a promise is made"))
    if promise_date and not promise.strip():
        errors.append(FieldError("promise", "is required when a promise is due"))
    for name, value in (("follow_up", due), ("promise_due", promise_date)):
        errors += not_before(name, value, "the interaction", interaction.get("date"))
    if errors:
        raise ValidationError(errors)
    with store.transaction(f"log a {interaction['kind']}") as tx:
        interaction_id = tx.create("interactions", interaction, checked=True)
        if due:
            tx.create(
                "followups",
                {
                    "account": account_id,
                    "due": due,
                    "owner": staff,
                    "what": follow_up_what.strip() or f"Follow up: {summary.strip()[:80]}",
                    "interaction": interaction_id,
                    "origin": "interaction",
                },
            )
        if promise.strip():
            tx.create(
                "promises",
                {
                    "account": account_id,
                    "what": promise.strip(),
                    "due": promise_date,
                    "owner": staff,
                    "made_on": interaction["date"],
                    "interaction": interaction_id,
                },
            )
        if then is not None:
            then(tx, interaction_id)
    assert tx.result is not None
    return tx.result


def thank_you_due(sale_date: str, days: int = 3) -> str:
    """When the thank-you after a sale is due (a few days after it)."""
    return (Date.fromisoformat(sale_date) + timedelta(days=days)).isoformat()


def _optional_date(name: str, value: Date | str | None, errors: list[FieldError]) -> str | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except Invalid as e:
        errors.append(FieldError(name, str(e)))
        return None


def _name_is_free(store: Store, name: str, account_id: str | None = None) -> None:
    """Refuse a name that another account has already (case and spacing folded): the
    command line, imports and merges find accounts by name."""
    wanted = fold(name)
    for other in store.all("accounts"):
        if other["id"] != account_id and fold(other["name"]) == wanted:
            raise ValidationError(
                [FieldError("name", f"an account named {other['name']!r} exists already")]
            )


def create_account(store: Store, data: Mapping[str, Any]) -> ChangeSet:
    """Create an account; its first stage opens the stage history."""
    record = clean("accounts", data)
    _name_is_free(store, record["name"])
    with store.transaction(f"create account {record['name']}") as tx:
        account_id = tx.create("accounts", record)
        tx.create(
            "stage_changes",
            {"account": account_id, "stage": record["stage"], "date": store.ctx.today()},
        )
    assert tx.result is not None
    return tx.result


def edit_account(
    store: Store, account_id: str, values: Mapping[str, Any], *, expect: int | None = None
) -> ChangeSet:
    """Change an account's fields; a new stage is kept in its history with today's date."""
    account = store.require("accounts", account_id)
    if values.get("name"):
        _name_is_free(store, str(values["name"]), account_id)
    with store.transaction(f"edit account {values.get('name') or account['name']}") as tx:
        _change_account(tx, account, values, expect=expect, on=store.ctx.today())
    assert tx.result is not None
    return tx.result


def change_accounts(
    store: Store,
    versions: Mapping[str, int],
    *,
    owner: str = "",
    add_tags: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
    stage: str | None = None,
    group: str | None = None,
) -> ChangeSet:
    """Change many accounts in one save (their ids and the versions they were seen at):
    a new owner, tags added and removed (case folded), a new stage kept in each history,
    a customer group (``""`` takes them out of theirs; None leaves it)."""
    add = [t.strip() for t in add_tags if t.strip()]
    remove = {t.strip().casefold() for t in remove_tags if t.strip()}
    if not (owner.strip() or add or remove or stage or group is not None):
        raise ValidationError(
            [FieldError("owner", "nothing to change: fill in at least one field")]
        )
    with store.transaction(f"change {len(versions)} accounts") as tx:
        for account_id, version in versions.items():
            account = store.require("accounts", account_id)
            changes: dict[str, Any] = {}
            if owner.strip():
                changes["owner"] = owner.strip()
            if add or remove:
                tags = [t for t in account["tags"] if t.casefold() not in remove]
                tags += [t for t in add if t.casefold() not in {x.casefold() for x in tags}]
                changes["tags"] = tags
            if stage and stage != account["stage"]:
                changes["stage"] = stage
            if group is not None and " ".join(group.split()) != account.get("group", ""):
                changes["group"] = " ".join(group.split())
            if changes:
                _change_account(tx, account, changes, expect=version, on=store.ctx.today())
    assert tx.result is not None
    return tx.result


def _change_account(
    tx: Transaction,
    account: Record,
    changes: Mapping[str, Any],
    *,
    expect: int | None,
    on: Date | str,
    note: str = "",
) -> None:
    """Update ``account`` in ``tx``; a new stage is kept in its history, dated ``on``."""
    tx.update("accounts", account["id"], changes, expect=expect)
    stage = changes.get("stage")
    if stage and stage != account["stage"]:
        tx.create(
            "stage_changes",
            {
                "account": account["id"],
                "stage": stage,
                "previous": account["stage"],
                "date": on,
                "note": note,
            },
        )


def change_stage(
    store: Store,
    account_id: str,
    stage: str,
    *,
    on: Date | str | None = None,
    note: str = "",
    expect: int | None = None,
) -> ChangeSet:
    """Move an account to ``stage``; the change is kept in its history with the date, which
    may not come before the last change (the history keeps its order)."""
    account = store.require("accounts", account_id)
    errors: list[FieldError] = []
    if stage == account["stage"]:
        errors.append(FieldError("stage", f"the account is in {stage} already"))
    when = _optional_date("date", on, errors) or store.ctx.today().isoformat()
    last = max((c["date"] for c in store.for_account("stage_changes", account_id)), default=None)
    errors += not_before("date", when, "the last stage change", last)
    if errors:
        raise ValidationError(errors)
    with store.transaction(f"move {account['name']} to {stage}") as tx:
        _change_account(tx, account, {"stage": stage}, expect=expect, on=when, note=note)
    assert tx.result is not None
    return tx.result


def belongings(store: Store, account_id: str) -> dict[str, int]:
    """How many records of each table belong to an account (what deleting it takes along)."""
    counts = {t: store.count_for(t, account_id) for t in ACCOUNT_TABLES}
    return {t: n for t, n in counts.items() if n}


def delete_account(store: Store, account_id: str, *, expect: int | None = None) -> ChangeSet:
    """Delete an account and every record that belongs to it, in one save (undoable)."""
    account = store.require("accounts", account_id)
    with store.transaction(f"delete account {account['name']}") as tx:
        for table in ACCOUNT_TABLES:
            for record in store.for_account(table, account_id):
                tx.delete(table, record["id"], expect=record["version"])
        tx.delete("accounts", account_id, expect=expect)
    assert tx.result is not None
    return tx.result


def delete_record(
    store: Store, table: str, record_id: str, *, expect: int | None = None
) -> ChangeSet:
    """Delete one record and keep the others sound: records that need it go too (a wave's
    responses), others just lose the reference (an interaction that named a deleted contact)."""
    if table == "accounts":
        return delete_account(store, record_id, expect=expect)
    record = store.require(table, record_id)
    account = record.get("account")
    with store.transaction(f"delete {NOUNS[table]}") as tx:
        for dep_table, dep_field in dependents(table):
            candidates = (
                store.for_account(dep_table, account)
                if account and dep_table in ACCOUNT_TABLES
                else store.all(dep_table)
            )
            for dep in candidates:
                value = dep.get(dep_field.name)
                if dep_field.kind == "ref" and value == record_id:
                    if dep_field.required:
                        tx.delete(dep_table, dep["id"], expect=dep["version"])
                    else:
                        tx.update(
                            dep_table, dep["id"], {dep_field.name: None}, expect=dep["version"]
                        )
                elif dep_field.kind == "refs" and value and record_id in value:
                    kept = [v for v in value if v != record_id]
                    tx.update(dep_table, dep["id"], {dep_field.name: kept}, expect=dep["version"])
        tx.delete(table, record_id, expect=expect)
    assert tx.result is not None
    return tx.result


def save_record(
    store: Store,
    table: str,
    values: Mapping[str, Any],
    *,
    record_id: str | None = None,
    expect: int | None = None,
    label: str | None = None,
) -> ChangeSet:
    """Create a record (``record_id`` None) or change one, as one save, with what its
    status brings and the rules it keeps (:func:`~rapport.store.lifecycle.with_rules`)."""
    noun = NOUNS[table]
    current = store.get(table, record_id) if record_id else None
    values = with_rules(table, current, values, store.ctx.today())
    with store.transaction(label or (f"edit {noun}" if record_id else f"add {noun}")) as tx:
        if record_id is None:
            tx.create(table, values)
        else:
            tx.update(table, record_id, values, expect=expect)
    assert tx.result is not None
    return tx.result
