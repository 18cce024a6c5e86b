"""The four CSV exchange formats (PRODUCT.md, "Exchange formats"): their columns, how a
file is read into rows with their line numbers, how cells are written, and the guard
against spreadsheet formula injection.

Files are UTF-8 (a byte-order mark is accepted and dropped) with a header row. Header names
are matched ignoring case and surrounding spaces, with ``-`` or a space taken as ``_``
(``Bad news`` is ``bad_news``). A column may be left out of the header: importing then
leaves that field of existing records alone and gives new records its default. A column
the format does not know refuses the whole file, by name, so a misspelt ``teir`` never
drops data silently.

**Formula guard.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or carriage return) as a formula, so data such as
``=HYPERLINK("http://evil.example")`` could act when an exported file is opened. Export
therefore prefixes such a cell with one apostrophe (``'=HYPERLINK(...)``), which a
spreadsheet shows as text. To make ``import(export(x)) == x`` exact, the rule is:

* export: a cell that starts with any number of apostrophes (zero or more) followed by one
  of ``= + - @ TAB CR`` gets one more apostrophe in front;
* import: a cell that starts with one or more apostrophes followed by one of those
  characters loses its first apostrophe; every other cell is kept exactly as written.

So ``'t Hooft`` (an apostrophe followed by ``t``) is never touched either way, ``-5 %`` is
written ``'-5 %`` and read back as ``-5 %``, and a value that really is ``'=x`` is written
``''=x`` and read back as ``'=x``. Cells of number columns (``value``, ``sentiment``, the
scores, ``recommend``, ``switch``) are numbers and never guarded: ``-1`` stays ``-1``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..records.amounts import amount_text
from ..records.defaults import DEFAULT_FACTORS

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

FACTOR_KEYS: tuple[str, ...] = tuple(f["key"] for f in DEFAULT_FACTORS)
"""The responses format's score columns: the default questionnaire's factor (and statement)
keys, stored as the keys of a response's ``answers``."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "name",
        "owner",
        "tier",
        "value",
        "division",
        "region",
        "type",
        "stage",
        "bad_news",
        "tags",
        "b2c",
        "group",
        "renewal",
    ),
    "contacts": (
        "account",
        "name",
        "role",
        "decision_maker",
        "email",
        "phone",
        "birthday",
        "anniversary",
    ),
    "interactions": (
        "account",
        "date",
        "kind",
        "staff",
        "contacts",
        "summary",
        "sentiment",
        "follow_up",
    ),
    "responses": (
        "wave",
        "wave_date",
        "account",
        "contact",
        "respondent",
        *FACTOR_KEYS,
        "recommend",
        "switch",
        "comment",
    ),
}
"""Each format's columns, in the order export writes them. A questionnaire whose statements
have keys of their own (``trust_2``) adds those as score columns, after the default ones."""

IMPORT_ONLY: dict[str, tuple[str, ...]] = {"responses": ("code",)}
"""Columns import reads but export does not write: a survey kit's response ``code`` names
the wave, account, contact and respondent at once (see ``import_responses.py``)."""

KINDS = tuple(COLUMNS)

KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": ("name",),
    "contacts": ("account", "name"),
    "interactions": ("account", "date", "kind", "staff", "summary"),
    "responses": ("wave", "account", "respondent"),
}
"""Columns a file must have: they name the record a row is about (a responses file with a
``code`` column may leave them out)."""

NUMBER_COLUMNS = frozenset({"value", "sentiment", "recommend", "switch", *FACTOR_KEYS})
"""Columns holding numbers: never guarded on export."""

AMOUNT_COLUMNS = frozenset({"value"})
"""Columns holding amounts: written so that import reads them back as exactly that amount
(``amounts.amount_text``)."""

DAY_OF_YEAR_COLUMNS = frozenset({"birthday", "anniversary"})
"""Columns that may hold a day without its year: written ``XXXX-MM-DD`` (ISO 8601-2's
"year not known"), which no spreadsheet takes for a formula or a date; import also reads
the stored ``--MM-DD``."""

_MONTHDAY = re.compile(r"^--(\d\d-\d\d)$")

_NEEDS_GUARD = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")

MAX_CELL = 16 << 20
"""The longest cell the reader accepts (fields' own limits are checked per row)."""


def guard(cell: str) -> str:
    """A text cell as export writes it (see the module's docstring)."""
    return "'" + cell if _NEEDS_GUARD.match(cell) else cell


def _may_be_guarded(text: str) -> bool:
    """Whether a cell of a file's ``text`` may start with an apostrophe: at the start of the
    text, after a comma, a line break or an opening quote (else :func:`unguard` would leave
    every cell as it is)."""
    return text.startswith("'") or any(s in text for s in (",'", "\n'", "\r'", "\"'"))


def unguard(cell: str) -> str:
    """A cell as import reads it: the inverse of :func:`guard`."""
    if not cell.startswith("'"):  # as most cells are: nothing to take off (asked first)
        return cell
    return cell[1:] if _GUARDED.match(cell) else cell


def header_name(text: str) -> str:
    """How a header cell is matched against the format's column names."""
    return "_".join(text.strip().lower().replace("-", " ").split())


class FileRefused(ValueError):
    """The file as a whole cannot be imported (not UTF-8, no header, an unknown column)."""

    def __init__(self, problems: Sequence[tuple[int, str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(
            "; ".join(
                f"line {line}" + (f", {column}" if column else "") + f": {reason}"
                for line, column, reason in self.problems
            )
        )


class Row(NamedTuple):
    line: int
    """The line of the file on which the row starts (the header is line 1)."""
    cells: dict[str, str]
    """The row's cells by column name (unguarded), for the columns the header names."""
    width: int
    """How many cells the row has (the importer refuses a row that differs from the header)."""


@dataclass(frozen=True)
class CsvFile:
    kind: str
    columns: tuple[str, ...]
    rows: list[Row]


def decode(data: bytes) -> str:
    """File bytes as text: UTF-8, a leading byte-order mark dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise FileRefused([(line, "", f"is not UTF-8 text (byte {e.start:,})")]) from None


def read_csv(kind: str, text: str, extra: Sequence[str] = ()) -> CsvFile:
    """Split a CSV file's text into rows of named cells; check the header. ``extra``:
    more columns this file may have (the statements of the data file's questionnaires).

    Raises :class:`FileRefused` for problems with the file as a whole (including quoting
    that cannot be read, such as a quote never closed). Blank lines are skipped.
    """
    known = (
        *COLUMNS[kind],
        *(c for c in extra if c not in COLUMNS[kind]),
        *IMPORT_ONLY.get(kind, ()),
    )
    if csv.field_size_limit() < MAX_CELL:
        csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise FileRefused([(1, "", f"is empty: the first line names the columns of {kind}")])
        names = [header_name(h) for h in header]
        problems: list[tuple[int, str, str]] = []
        for name, raw in zip(names, header, strict=True):
            if name not in known:
                problems.append(
                    (1, raw, f"is not a column of {kind} (columns: {', '.join(known)})")
                )
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.append((1, name, "is named twice in the header"))
        by_code = "code" in names and "code" in IMPORT_ONLY.get(kind, ())
        for name in () if by_code else KEY_COLUMNS[kind]:
            if name not in names:
                problems.append((1, name, "is missing: every row must name it"))
        if problems:
            raise FileRefused(problems)
        rows: list[Row] = []
        last = reader.line_num
        guarded = _may_be_guarded(text)
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not cells:
                continue
            if guarded:
                cells = [unguard(c) for c in cells]
            rows.append(Row(line, dict(zip(names, cells, strict=False)), len(cells)))
    except csv.Error as e:
        raise FileRefused([(reader.line_num, "", f"is not valid CSV ({e})")]) from None
    return CsvFile(kind, tuple(names), rows)


def cell(value: Any, column: str) -> str:
    """One value as export writes it: numbers plainly, yes/no, lists joined by ``;``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if column in AMOUNT_COLUMNS:
            return amount_text(value)
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    text = str(value)
    if column in DAY_OF_YEAR_COLUMNS and (day := _MONTHDAY.match(text)):
        return f"XXXX-{day.group(1)}"
    return text if column in NUMBER_COLUMNS else guard(text)


def write_csv(
    out: SupportsWrite[str],
    kind: str,
    rows: Iterable[Sequence[Any]],
    columns: Sequence[str] | None = None,
) -> int:
    """Write a header and ``rows`` (values in column order) to ``out``; return the row count.

    Lines end in CRLF (RFC 4180); a cell holding a line break, a comma or a quote is quoted.
    """
    columns = tuple(columns or COLUMNS[kind])
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for values in rows:
        writer.writerow([cell(v, c) for v, c in zip(values, columns, strict=True)])
        count += 1
    return count


def rows_text(kind: str, rows: Iterable[Sequence[Any]]) -> str:
    """The whole CSV file as text (tests and small exports)."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, kind, rows)
    return buffer.getvalue()


def split_list(cell: str) -> Iterator[str]:
    """The items of a ``;``-separated cell (tags, contact names), without empty ones."""
    for item in cell.split(";"):
        item = item.strip()
        if item:
            yield item
