"""What a status brings with it (store/lifecycle.py), however the status is changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_company, context

from rapport.store import Store
from rapport.store.actions.edits import (
    change_stage,
    create_account,
    edit_account,
    log_interaction,
    save_record,
)
from rapport.store.records.validate import ValidationError


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    company = build_company(db_path)
    with Store.open(db_path, context()) as store:
        store.company = company  # type: ignore[attr-defined]
        yield store


def add(store: Store, table: str, values: dict) -> str:  # type: ignore[type-arg]
    values = {"account": store.company["acme"], **values}  # type: ignore[attr-defined]
    (record,) = save_record(store, table, values).created(table)
    return str(record["id"])


def test_closing_stamps_today_and_reopening_clears_it(store: Store) -> None:
    item = add(store, "plan_items", {"what": "Site visit"})
    save_record(store, "plan_items", {"status": "done"}, record_id=item)
    assert store.require("plan_items", item)["done_on"] == "2026-11-23"
    save_record(store, "plan_items", {"status": "open"}, record_id=item)
    assert store.require("plan_items", item)["done_on"] is None


def test_a_closing_date_given_is_kept(store: Store) -> None:
    promise = add(store, "promises", {"what": "Send the quote", "due": "2026-11-30"})
    save_record(store, "promises", {"status": "kept", "closed_on": "2026-11-20"}, record_id=promise)
    assert store.require("promises", promise)["closed_on"] == "2026-11-20"
    save_record(store, "promises", {"what": "Send the signed quote"}, record_id=promise)
    assert store.require("promises", promise)["closed_on"] == "2026-11-20"


@pytest.mark.parametrize(
    ("table", "values", "status", "field"),
    [
        (
            "followups",
            {"what": "Call back", "due": "2026-11-30", "owner": "tester"},
            "done",
            "done_on",
        ),
        ("promises", {"what": "Send the quote", "due": "2026-11-30"}, "broken", "closed_on"),
        (
            "complaints",
            {"summary": "Late", "raised": "2026-11-02", "resolution": "Credited the fee"},
            "resolved",
            "resolved_on",
        ),
    ],
)
def test_every_closing_status_is_dated(
    store: Store,
    table: str,
    values: dict,
    status: str,
    field: str,  # type: ignore[type-arg]
) -> None:
    record_id = add(store, table, {**values, "status": status})
    assert store.require(table, record_id)[field] == "2026-11-23"


def test_a_resolved_complaint_says_how_it_was_resolved(store: Store) -> None:
    complaint = add(store, "complaints", {"summary": "Invoices wrong", "raised": "2026-11-10"})
    with pytest.raises(ValidationError) as caught:
        save_record(store, "complaints", {"status": "resolved"}, record_id=complaint)
    assert str(caught.value) == "resolution: is required when the complaint is resolved"
    assert store.require("complaints", complaint)["status"] == "open"
    save_record(
        store, "complaints", {"status": "resolved", "resolution": "Re-issued"}, record_id=complaint
    )
    assert store.require("complaints", complaint)["resolved_on"] == "2026-11-23"


def test_an_escalated_complaint_names_whom_it_went_to(store: Store) -> None:
    complaint = add(store, "complaints", {"summary": "Invoices wrong", "raised": "2026-11-10"})
    with pytest.raises(ValidationError) as caught:
        save_record(store, "complaints", {"status": "escalated"}, record_id=complaint)
    assert str(caught.value) == "escalated_to: is required when the complaint is escalated"
    assert store.require("complaints", complaint)["status"] == "open"
    save_record(
        store, "complaints", {"status": "escalated", "escalated_to": "Ines"}, record_id=complaint
    )
    assert store.require("complaints", complaint)["escalated_to"] == "Ines"


@pytest.mark.parametrize(
    ("table", "values", "field", "message"),
    [
        (
            "complaints",
            {"summary": "Late", "raised": "2026-11-20", "resolved_on": "2026-11-13"},
            "resolved_on",
            "2026-11-13 is before the day it was raised (2026-11-20)",
        ),
        (
            "promises",
            {"what": "Quote", "made_on": "2026-11-23", "due": "2026-11-18"},
            "due",
            "2026-11-18 is before the day it was made (2026-11-23)",
        ),
    ],
)
def test_dates_keep_their_order(
    store: Store,
    table: str,
    values: dict,
    field: str,
    message: str,  # type: ignore[type-arg]
) -> None:
    with pytest.raises(ValidationError) as caught:
        add(store, table, values)
    assert caught.value.for_field(field) == message


def test_a_follow_up_is_not_before_the_interaction(store: Store) -> None:
    acme = store.company["acme"]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as caught:
        log_interaction(
            store,
            acme,
            summary="Call",
            follow_up="2026-01-01",
            promise="x",
            promise_due="2026-11-01",
        )
    assert (
        caught.value.for_field("follow_up") == "2026-01-01 is before the interaction (2026-11-23)"
    )
    assert (
        caught.value.for_field("promise_due") == "2026-11-01 is before the interaction (2026-11-23)"
    )


def test_two_accounts_may_not_share_a_name(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        create_account(store, {"name": "  acme   CORP ", "owner": "tester"})
    assert str(caught.value) == "name: an account named 'Acme Corp' exists already"
    (beta,) = [a for a in store.all("accounts") if a["name"] == "Beta Industries"]
    with pytest.raises(ValidationError):
        edit_account(store, beta["id"], {"name": "ACME corp"})
    edit_account(store, beta["id"], {"name": "beta industries"})  # its own name, recased
    assert store.require("accounts", beta["id"])["name"] == "beta industries"


def test_a_stage_change_changes_the_stage_and_keeps_the_history_in_order(store: Store) -> None:
    acme = store.require("accounts", store.company["acme"])  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as caught:
        change_stage(store, acme["id"], acme["stage"])
    assert caught.value.for_field("stage") == f"the account is in {acme['stage']} already"
    with pytest.raises(ValidationError) as caught:
        change_stage(store, acme["id"], "dissolution", on="2020-01-01")
    assert caught.value.for_field("date") is not None
    assert "2020-01-01 is before the last stage change" in str(caught.value)
    change_stage(store, acme["id"], "dissolution", on="2026-11-23")
    assert store.require("accounts", acme["id"])["stage"] == "dissolution"


def test_limits_an_account_manager_would_expect(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        create_account(store, {"name": "Huge", "owner": "tester", "value": 1e300})
    assert str(caught.value).endswith("is above 1,000,000,000,000")
    with pytest.raises(ValidationError) as caught:
        add(store, "contacts", {"name": "Baby", "birthday": "2026-11-26"})
    assert str(caught.value) == "birthday: 2026-11-26 is after today (2026-11-23)"
    add(store, "contacts", {"name": "Ann", "birthday": "--11-26"})  # no year: every year
