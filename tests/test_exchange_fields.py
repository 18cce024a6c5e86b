"""What the CSV formats carry that they did not: a private customer (b2c), and birthdays
without a year in a form no spreadsheet takes for a formula (or for a date)."""

from __future__ import annotations

import csv
import io

from rapport.store import Store
from rapport.store.exchange.exporter import csv_text
from rapport.store.exchange.importer import import_csv

SPREADSHEET_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_accounts_csv_marks_a_private_customer_both_ways(store: Store) -> None:
    text = "name,owner,b2c\r\nJane Doe,tester,yes\r\nAcme,tester,no\r\nOld Style,tester,\r\n"
    plan = import_csv(store, "accounts", text)
    assert plan.refused == [] and plan.created == 3
    b2c = {a["name"]: a["b2c"] for a in store.all("accounts")}
    assert b2c == {"Jane Doe": True, "Acme": False, "Old Style": False}
    exported = {r["name"]: r["b2c"] for r in rows(csv_text(store, "accounts"))}
    assert exported == {"Acme": "no", "Jane Doe": "yes", "Old Style": "no"}
    again = import_csv(store, "accounts", "name,b2c\r\nAcme,true\r\n")
    assert again.updated == 1
    assert next(a for a in store.all("accounts") if a["name"] == "Acme")["b2c"] is True


def test_a_birthday_without_its_year_leaves_as_xxxx_mm_dd_and_comes_back(store: Store) -> None:
    with store.transaction() as tx:
        account = tx.create("accounts", {"name": "Acme", "owner": "tester"})
        tx.create(
            "contacts",
            {"account": account, "name": "Eva", "birthday": "--04-12", "anniversary": "2015-06-01"},
        )
    (row,) = rows(csv_text(store, "contacts"))
    assert (row["birthday"], row["anniversary"]) == ("XXXX-04-12", "2015-06-01")
    assert not row["birthday"].startswith(SPREADSHEET_FORMULA_STARTS)
    plan = import_csv(store, "contacts", csv_text(store, "contacts"))
    assert (plan.unchanged, plan.refused) == (1, [])


def test_import_reads_every_form_a_year_less_day_has_been_written_in(store: Store) -> None:
    import_csv(store, "accounts", "name,owner\r\nAcme,tester\r\n")
    text = (
        "account,name,birthday,anniversary\r\n"
        "Acme,New Form,XXXX-04-12,xxxx-12-31\r\n"
        "Acme,As Stored,--02-29,\r\n"
        "Acme,Old Export,'--07-01,\r\n"  # what earlier versions wrote (the formula guard)
        "Acme,Not A Day,XXXX-02-30,\r\n"
    )
    plan = import_csv(store, "contacts", text)
    assert [(r.line, r.column) for r in plan.refused] == [(5, "birthday")]
    assert "XXXX-02-30 is not a day of the year" in plan.refused[0].reason
    days = {c["name"]: (c["birthday"], c["anniversary"]) for c in store.all("contacts")}
    assert days == {
        "New Form": ("--04-12", "--12-31"),
        "As Stored": ("--02-29", None),
        "Old Export": ("--07-01", None),
    }
