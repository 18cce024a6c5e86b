"""One parser for amounts (forms, command line, CSV): what people write is read as they
meant it, and what could be read two ways is refused with both readings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.store import Store
from rapport.store.exchange.exporter import csv_text
from rapport.store.exchange.importer import import_csv
from rapport.store.records.amounts import AmountError, amount_text, parse_amount
from rapport.store.records.validate import ValidationError, clean


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("250000", 250_000),
        ("1,5M", 1_500_000),
        ("1.5M", 1_500_000),
        ("1.5m", 1_500_000),
        ("50k", 50_000),
        ("50 K", 50_000),
        ("2,600,000", 2_600_000),
        ("2.600.000", 2_600_000),
        ("2 600 000", 2_600_000),
        ("2\u00a0600\u00a0000", 2_600_000),
        ("2'600'000", 2_600_000),
        ("1,234.56", 1234.56),
        ("1.234,56", 1234.56),
        ("1,5", 1.5),
        ("12.5", 12.5),
        ("0.500", 0.5),
        (".5", 0.5),
        ("€ 1.200,50", 1200.5),
        ("$80k", 80_000),
        ("EUR 2,5M", 2_500_000),
        ("2bn", 2_000_000_000),
        ("1,500.00", 1500),
        ("-3", -3),
        ("1_000", 1000),
    ],
)
def test_amounts_are_read_as_written(typed: str, meant: float) -> None:
    assert parse_amount(typed) == meant
    assert type(parse_amount(typed)) is type(meant)


@pytest.mark.parametrize(
    ("typed", "readings"),
    [("1,500", ("1500", "1.5")), ("1.500", ("1.5", "1500")), ("250,000", ("250000", "250"))],
)
def test_an_amount_that_reads_two_ways_is_refused_with_both_readings(
    typed: str, readings: tuple[str, str]
) -> None:
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)
    message = str(refused.value)
    assert typed in message
    for reading in readings:
        assert f" {reading} " in message or message.endswith(f" {reading}")


@pytest.mark.parametrize("typed", ["abc", "1,2,3", "12,34,567", "1.", "k", "1.000.5", "1,5,0M"])
def test_what_is_not_an_amount_is_refused(typed: str) -> None:
    with pytest.raises(AmountError, match="is not an amount"):
        parse_amount(typed)


def test_the_store_reads_an_account_value_with_the_same_parser() -> None:
    assert clean("accounts", {"name": "A", "owner": "o", "value": "1,5M"})["value"] == 1_500_000
    with pytest.raises(ValidationError) as refused:
        clean("accounts", {"name": "A", "owner": "o", "value": "1.500"})
    assert "value: 1.500 could be 1.5" in str(refused.value)


@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**12),
        st.decimals(min_value=0, max_value=10**9, places=3).map(float),
        st.decimals(min_value=0, max_value=10**6, places=6).map(float),
    )
)
def test_what_export_writes_reads_back_as_the_same_amount(value: float) -> None:
    assert parse_amount(amount_text(value)) == value


@given(st.integers(min_value=1_000_000, max_value=10**12))
def test_thousands_separators_of_any_kind_read_back(value: int) -> None:
    """Two groups or more can only be thousands, whatever the mark."""
    grouped = f"{value:,}"
    for mark in (",", ".", " ", "'"):
        assert parse_amount(grouped.replace(",", mark)) == value


def test_the_accounts_csv_takes_suffixes_and_refuses_what_reads_two_ways(store: Store) -> None:
    text = (
        "name,owner,value\r\n"
        "Big One,tester,1.5M\r\n"
        "Small One,tester,50k\r\n"
        'Grouped,tester,"2,600,000"\r\n'
        'Unclear,tester,"1,500"\r\n'
    )
    plan = import_csv(store, "accounts", text)
    assert [(r.line, r.column) for r in plan.refused] == [(5, "value")]
    assert "could be 1500" in plan.refused[0].reason and "or 1.5" in plan.refused[0].reason
    values = {a["name"]: a["value"] for a in store.all("accounts")}
    assert values == {"Big One": 1_500_000, "Small One": 50_000, "Grouped": 2_600_000}


def test_an_odd_amount_leaves_by_csv_and_comes_back_the_same(store: Store, tmp_path: Path) -> None:
    """1.125 would read two ways as a cell; export writes 1.1250, which does not."""
    with store.transaction() as tx:
        tx.create("accounts", {"name": "Odd", "owner": "tester", "value": 1.125})
    text = csv_text(store, "accounts")
    assert ",1.1250," in text
    assert import_csv(store, "accounts", text).unchanged == 1
