"""vCard import: files as address books export them (Apple, Google, Outlook, old phones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import run_cli, write
from helpers import build_company, context

from rapport.store import Store
from rapport.store.exchange.vcard import import_vcards, parse_vcards, plan_vcards

# vCard 3.0 with CRLF, folded lines (a space or a tab starts a continuation), escaped
# commas and semicolons, a preferred email among two, grouped Apple properties.
APPLE_30 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//macOS 14.0//EN\r\n"
    "N:Buyer;Dana;;;\r\n"
    "FN:Dana Buyer\r\n"
    "ORG:Acme Corp;Purchasing\r\n"
    "TITLE:Head of Purchasing\\, EMEA \\; Africa\r\n"
    "item1.EMAIL;type=INTERNET;type=WORK:dana.old@acme.example\r\n"
    "item2.EMAIL;type=INTERNET;type=WORK;type=pref:dana@acme.exam\r\n"
    " ple\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+31 6 1234 5678\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17\r\n"
    "item3.X-ABDATE;type=pref:2012-09-01\r\n"
    "item3.X-ABLabel:_$!<Anniversary>!$_\r\n"
    "NOTE:A very long note that an address book folded over more than one line because\r\n"
    "\t it is longer than seventy-five octets\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
    " /2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQ=\r\n"
    "END:VCARD\r\n"
)

# vCard 4.0 (Google, Nextcloud): PREF=1, tel: URIs, basic dates, ANNIVERSARY; two cards.
GOOGLE_40 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:J\u00fcrgen M\u00fcl\n"
    " ler\n"
    "N:M\u00fcller;J\u00fcrgen;;Dr.;\n"
    "ORG:M\u00fcller Logistik GmbH\n"
    "ROLE:Fleet manager\n"
    "EMAIL;TYPE=work:juergen@mueller.example\n"
    'TEL;VALUE=uri;PREF=2;TYPE="voice,home":tel:+49-30-1111\n'
    'TEL;VALUE=uri;PREF=1;TYPE="voice,work":tel:+49-30-5555\n'
    "BDAY:19900517\n"
    "ANNIVERSARY:20090808T000000Z\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Nova;Nina;;;\n"
    "ORG:Nova Retail\\; Group;Stores\n"
    "BDAY:--0229\n"
    "END:VCARD\n"
)

# vCard 2.1 / 3.0 as older phones write it: QUOTED-PRINTABLE in a named charset with soft
# line breaks ("=" at a line's end), and bare parameters.
PHONE_QP = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller-=\r\n"
    "Schr=C3=B6der\r\n"
    "ORG;QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller Logistik GmbH\r\n"
    "TITLE;ENCODING=QUOTED-PRINTABLE;CHARSET=windows-1252:Eink=E4ufer =80 Budget\r\n"
    "EMAIL;INTERNET:joerg@mueller.example\r\n"
    "TEL;WORK;VOICE:030 555 12\r\n"
    "BDAY:1985-12-24\r\n"
    "END:VCARD\r\n"
)


@pytest.fixture
def company(db_path: Path) -> dict[str, str]:
    return build_company(db_path)


def contacts_by_name(store: Store) -> dict[str, dict]:
    return {c["name"]: dict(c) for c in store.all("contacts")}


def test_apple_30_card_updates_the_contact_it_matches_by_email(company, db_path: Path) -> None:
    with Store.open(db_path, context()) as store:
        plan = import_vcards(store, APPLE_30)
        assert (plan.rows, plan.created, plan.updated, plan.refused) == (1, 0, 1, [])
        dana = store.get("contacts", company["dana"])
        assert dana["name"] == "Dana Buyer"
        assert dana["role"] == "Head of Purchasing, EMEA ; Africa"
        assert dana["email"] == "dana@acme.example"  # the preferred one, unfolded
        assert dana["phone"] == "+31 6 1234 5678"
        assert dana["birthday"] == "--05-17"  # Apple's "no year" year
        assert dana["anniversary"] == "2012-09-01"  # the X-ABDATE labelled Anniversary
        assert dana["decision_maker"] is True  # not in the card: left alone
        again = import_vcards(store, APPLE_30)
        assert (again.unchanged, again.written) == (1, False)


def test_google_40_cards_with_uris_basic_dates_and_a_new_account(company, db_path: Path) -> None:
    with Store.open(db_path, context("mia")) as store:
        plan = import_vcards(store, GOOGLE_40.encode("utf-8"))
        assert (plan.rows, plan.created, plan.refused) == (2, 2, [])
        assert plan.also["accounts"] == 1
        assert plan.notes == [
            "account 'Nova Retail; Group' is new: created from ORG (line 14), owner mia"
        ]
        people = contacts_by_name(store)
        juergen = people["J\u00fcrgen M\u00fcller"]
        assert (juergen["role"], juergen["phone"], juergen["email"]) == (
            "Fleet manager",
            "+49-30-5555",
            "juergen@mueller.example",
        )
        assert (juergen["birthday"], juergen["anniversary"]) == ("1990-05-17", "2009-08-08")
        nina = people["Nina Nova"]  # no FN: the name is built from N
        assert nina["birthday"] == "--02-29"
        account = store.get("accounts", nina["account"])
        assert (account["name"], account["owner"]) == ("Nova Retail; Group", "mia")
        assert len(store.for_account("stage_changes", account["id"])) == 1
        assert juergen["account"] == company["muller"]


def test_quoted_printable_in_any_charset_with_soft_line_breaks(company, db_path: Path) -> None:
    with Store.open(db_path, context()) as store:
        plan = import_vcards(store, PHONE_QP.encode("utf-8"))
        assert (plan.created, plan.refused) == (1, [])
        joerg = contacts_by_name(store)["J\u00f6rg M\u00fcller-Schr\u00f6der"]
        assert joerg["role"] == "Eink\u00e4ufer \u20ac Budget"
        assert (joerg["email"], joerg["phone"], joerg["birthday"]) == (
            "joerg@mueller.example",
            "030 555 12",
            "1985-12-24",
        )
        assert joerg["account"] == company["muller"]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("1990-05-17", "1990-05-17"),
        ("19900517", "1990-05-17"),
        ("--0517", "--05-17"),
        ("--05-17", "--05-17"),
        ("1990-05-17T08:30:00Z", "1990-05-17"),
        ("20000229", "2000-02-29"),
    ],
)
def test_birthday_forms(company, db_path: Path, written: str, stored: str) -> None:
    card = f"BEGIN:VCARD\nVERSION:4.0\nFN:Bea\nORG:Beta Industries\nBDAY:{written}\nANNIVERSARY:{written}\nEND:VCARD\n"
    with Store.open(db_path, context()) as store:
        plan = import_vcards(store, card)
        assert plan.refused == []
        bea = contacts_by_name(store)["Bea"]
        assert (bea["birthday"], bea["anniversary"]) == (stored, stored)


def test_bad_cards_are_refused_with_their_line_and_property(company, db_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:No Org\nEND:VCARD\n"  # line 1
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bad Day\nORG:Acme Corp\nBDAY:1990-02-30\nEND:VCARD\n"  # 5
        "BEGIN:VCARD\nVERSION:4.0\nFN:Circa\nORG:Acme Corp\nBDAY;VALUE=text:circa 1800\nEND:VCARD\n"  # 11
        "BEGIN:VCARD\nVERSION:4.0\nORG:Acme Corp\nEMAIL:x@acme.example\nEND:VCARD\n"  # 17
        "BEGIN:VCARD\nVERSION:3.0\nFN:Dana Again\nORG:Acme Corp\nEMAIL:dana@acme.example\nEND:VCARD\n"  # 22
        "BEGIN:VCARD\nVERSION:3.0\nFN:Dana Thrice\nORG:Acme Corp\nEMAIL:DANA@acme.example\nEND:VCARD\n"  # 28
        "BEGIN:VCARD\nVERSION:3.0\nFN:Fine\nORG:Gamma Foods\nEND:VCARD\n"  # 34
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\nORG:Gamma Foods\n"  # 39
    )
    with Store.open(db_path, context()) as store:
        plan = plan_vcards(store, text)
    assert [(r.line, r.column, r.reason) for r in plan.refused] == [
        (1, "ORG", "names no organisation; a contact belongs to an account"),
        (5, "BDAY", "1990-02-30 is not a date"),
        (11, "BDAY", "circa 1800 is not a date"),
        (17, "FN", "the card has no name (FN or N)"),
        (28, "", "is the same contact as the card on line 22"),
        (39, "", "END:VCARD is missing at the end of the file"),
    ]
    assert (plan.created, plan.updated) == (1, 1)


def test_several_cards_and_line_numbers(company) -> None:
    cards = parse_vcards(APPLE_30 + GOOGLE_40 + PHONE_QP)
    assert [c.line for c in cards] == [1, 20, 33, 39]
    names = [c.first("FN").value if c.first("FN") else None for c in cards]
    assert names[0] == "Dana Buyer" and names[2] is None


def test_the_command(company, db_path: Path, tmp_path: Path) -> None:
    vcf = write(tmp_path / "book.vcf", GOOGLE_40)
    dry = run_cli("import", "vcards", vcf, "--dry-run", "--db", db_path)
    assert dry.returncode == 0, dry.stderr
    out = dry.stdout.decode()
    assert "2 cards: would create 2" in out and "account 'Nova Retail; Group' is new" in out
    done = run_cli("import", "vcards", vcf, "--db", db_path)
    assert done.returncode == 0
    bad = write(tmp_path / "bad.vcf", "BEGIN:VCARD\nFN:X\nEND:VCARD\n")
    assert run_cli("import", "vcards", bad, "--db", db_path).returncode == 1
    empty = write(tmp_path / "empty.vcf", "hello\n")
    done = run_cli("import", "vcards", empty, "--db", db_path)
    assert done.returncode == 1 and "holds no vCard" in done.stdout.decode()


def test_a_file_in_windows_1252_is_read_and_said_so(company, db_path: Path) -> None:
    data = "BEGIN:VCARD\r\nFN:Ren\u00e9e\r\nORG:Gamma Foods\r\nEND:VCARD\r\n".encode("cp1252")
    with Store.open(db_path, context()) as store:
        plan = import_vcards(store, data)
        assert plan.notes == ["the file is not UTF-8: read as Windows-1252"]
        assert "Ren\u00e9e" in contacts_by_name(store)
