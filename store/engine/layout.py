"""The data file on disk: a plain TinyDB JSON file, written one record per line.

TinyDB stores ``{table: {doc_id: document}}``. Rapport writes exactly that, with a layout
of its own choosing inside the JSON: a first line holding the ``_rapport`` table (schema
version, generation), then each table's records one per line. Any JSON reader, and
``tinydb.TinyDB(path)``, reads it as usual; Rapport reads it line by line, so opening a large
file never holds the whole JSON document in memory at once.

The last table, ``_check``, holds a CRC-32 of every record's text and their number. When
they match on reading, the file is exactly as Rapport wrote it, so its records are known to
be sound JSON and are indexed from the start of their text without being decoded (fast
and light at 400,000 records). When they do not (the file was edited or damaged outside
Rapport), every record is decoded and checked, and a damaged one is refused by name.

A file in another layout (written by TinyDB itself, or by hand) is read through TinyDB's
own storage and rewritten in this layout at the next save.

Only Rapport's own files are opened (issue 12): a file whose ``_rapport`` table holds a
meta record with a schema number, or an *empty TinyDB file* (``{"_default": {}}``, tables
holding no record at all, none of them another program's), which Rapport adopts. Anything
else (``null``, ``{}``, another program's TinyDB file, a schema that is not a number) is
refused by :func:`read` before anything is written beside it.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb.storages import JSONStorage

from ..errors import UnreadableFile
from ..records.ids import id_of_key, is_id, key_of
from ..records.records import dumps
from ..records.schema import ALL_TABLES, META_TABLE
from . import osapi
from .lines import _HEAD, _RECORD, CHECK_TABLE, LineScan, meta_line

LAYOUT = "lines"
"""A record line as Rapport writes it: key, the record's text, its id."""


@dataclass
class FileContents:
    """What a data file holds: its meta record and, per table, ``(id, json_text)`` rows."""

    meta: dict[str, Any]
    tables: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    canonical: bool = True
    verified: bool = False
    """Every record's text is known to be a sound JSON object (the check matched, or the
    file was parsed whole); otherwise each must be decoded and checked."""
    empty_tinydb: bool = False
    """An empty TinyDB file without Rapport's meta: it holds nothing, Rapport may adopt it."""

    @property
    def checked(self) -> bool:
        """Exactly as Rapport wrote it (its layout, and the check matched): every record is
        one Rapport wrote, so none needs checking on opening."""
        return self.canonical and self.verified


ADOPTABLE_TABLES = frozenset({"_default", *ALL_TABLES})
"""The tables an empty TinyDB file may have for Rapport to adopt it (none of them holding a
record): TinyDB's default table and Rapport's own."""


def meta_problem(meta: Any) -> str | None:
    """What makes ``meta`` (the record in ``_rapport``) not Rapport's, or None."""
    if not isinstance(meta, dict):
        return f"has the wrong shape: the record in table {META_TABLE!r} is not an object"
    if "schema" not in meta:
        return f"is not a Rapport file: its {META_TABLE!r} record has no schema"
    schema = meta["schema"]
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 0:
        shown = json.dumps(schema, ensure_ascii=False)[:40]
        what = "text" if isinstance(schema, str) else type(schema).__name__
        return (
            f"is not a Rapport file: its schema is {shown} ({what}), not a version number "
            "(Rapport writes a whole number)"
        )
    return None


def json_kind(value: Any) -> str:
    """What a JSON value is, in words: "a number", "text", "a list", "true or false"..."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "nothing (null)" if value is None else f"a {type(value).__name__}"


@dataclass
class Run:
    """Records one after another as the bytes of a data file in this layout, to be copied
    as they are (a fold or a backup copies most of the file it read so): ``data`` holds
    each record's lead (``,\n"key":``) and text; ``records`` names each record's id and
    where its text starts and ends in ``data``."""

    data: bytes
    records: list[tuple[str, int, int]]


def write_chunks(
    meta: Mapping[str, Any],
    tables: Iterable[tuple[str, Iterable[str | Run]]],
    *,
    placed: Callable[[str, str, bytes, int], None] | None = None,
) -> Iterator[bytes]:
    """The bytes of a data file; ``tables`` yields ``(name, its records)``, each record a
    JSON text or a :class:`Run` of them copied from a file; ``placed(table, id, text,
    offset)`` is told where each record's text starts.

    Each record's text must hold its ``id``; the TinyDB key is derived from it. The file
    ends with the ``_check`` table: the CRC-32 of every record's text, and their number.
    """
    crc, count = 0, 0
    chunk = _HEAD + dumps(meta).encode() + b"}"
    offset = len(chunk)
    yield chunk
    for name, texts in tables:
        chunk = b",\n" + json.dumps(name, ensure_ascii=False).encode() + b":{"
        offset += len(chunk)
        yield chunk
        first = True
        for text in texts:
            if isinstance(text, Run):
                cut = 1 if first else 0  # the table's first record has no comma before it
                view = memoryview(text.data)
                for record_id, start, end in text.records:
                    crc = zlib.crc32(view[start:end], crc)
                    if placed is not None:
                        placed(name, record_id, text.data[start:end], offset + start - cut)
                count += len(text.records)
                chunk = text.data[cut:]
                offset += len(chunk)
                yield chunk
                first = False
                continue
            record_id = _id_in(text)
            body = text.encode()
            crc = zlib.crc32(body, crc)
            count += 1
            lead = (b'\n"' if first else b',\n"') + key_of(record_id).encode() + b'":'
            if placed is not None:
                placed(name, record_id, body, offset + len(lead))
            offset += len(lead) + len(body)
            yield lead + body
            first = False
        chunk = b"}" if first else b"\n}"
        offset += len(chunk)
        yield chunk
    check = dumps({"id": "000000000001", "crc": crc, "records": count})
    yield b',\n"' + CHECK_TABLE.encode() + b'":{\n"1":' + check.encode() + b"\n}\n}\n"


def _id_in(text: str) -> str:
    # Records are written with "id" first; fall back to decoding when they are not.
    if text.startswith('{"id":"'):
        end = text.index('"', 7)
        return text[7:end]
    return str(json.loads(text)["id"])


def read(path: Path) -> FileContents:
    """Read a data file; raise :class:`UnreadableFile` naming the problem if it is not one
    (or not Rapport's: see the module's docstring)."""
    try:
        with osapi.current().reader(path) as handle:
            first = handle.readline()
            contents = _read_lines(path, first, handle) if first.startswith(_HEAD) else None
    except OSError as e:
        raise UnreadableFile(path, f"cannot be read ({osapi.problem(e)})") from None
    if contents is None:
        contents = _read_any_layout(path)
    if not contents.empty_tinydb and (problem := meta_problem(contents.meta)):
        raise UnreadableFile(path, problem)
    return contents


def _read_lines(path: Path, first: bytes, handle: Any) -> FileContents | None:
    """The fast path for files in Rapport's layout; ``None`` if the layout is not followed."""
    meta = meta_line(first)
    if meta is None:
        return None
    contents = FileContents(meta=meta)
    scan = LineScan()
    for table, key, body, _, found in scan.records(handle, len(first)):
        rows = contents.tables.setdefault(table, [])
        if body is None:
            continue
        try:
            text = body.decode("utf-8")
            record_id = found if found is not None else _adopt_id(key.decode(), text)
        except ValueError:  # not UTF-8, not JSON: the full reader says where
            return None
        rows.append((record_id, text))
    if not scan.followed:
        return None
    contents.verified = scan.verified()
    return contents


def _adopt_id(key: str, text: str) -> str:
    record = json.loads(text)
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return record["id"]
    return id_of_key(key)


def damaged(path: Path, table: str, record_id: str) -> UnreadableFile:
    """The error for a file whose record ``record_id`` of ``table`` turned out not to be a
    JSON object: the full reader's message (it names line and column) when it finds one."""
    try:
        _read_any_layout(path)
    except UnreadableFile as e:
        return e
    return UnreadableFile(path, f"record {record_id} of table {table!r} is not a JSON object")


def _read_any_layout(path: Path) -> FileContents:
    """Read through TinyDB's own JSON storage (read-only) and check the shape."""
    storage = JSONStorage(str(path), access_mode="r", encoding="utf-8")
    try:
        data = storage.read()
    except json.JSONDecodeError as e:
        raise UnreadableFile(
            path, f"is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    except UnicodeDecodeError as e:
        raise UnreadableFile(path, f"is not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise UnreadableFile(path, f"cannot be read ({e.strerror})") from None
    finally:
        storage.close()
    if data is None:  # the JSON text `null`
        raise UnreadableFile(
            path, "holds null, not a TinyDB file's tables: it is not a Rapport file"
        )
    if not isinstance(data, dict):
        raise UnreadableFile(
            path, f"has the wrong shape: a TinyDB file holds tables, not {json_kind(data)}"
        )
    has_meta = META_TABLE in data
    meta_table = data.pop(META_TABLE, {})
    meta = meta_table.get("1", {}) if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict):
        raise UnreadableFile(
            path, f"has the wrong shape: table {META_TABLE!r} is not a table of records"
        )
    contents = FileContents(meta=meta, canonical=False, verified=True)
    data.pop(CHECK_TABLE, None)
    for name, docs in data.items():
        if not isinstance(docs, dict):
            raise UnreadableFile(
                path,
                f"has the wrong shape: table {name!r} holds {json_kind(docs)}, not records",
            )
        rows = contents.tables.setdefault(name, [])
        for key, doc in docs.items():
            if not isinstance(doc, dict):
                raise UnreadableFile(
                    path, f"has the wrong shape: record {key!r} of table {name!r} is not an object"
                )
            if not (isinstance(doc.get("id"), str) and is_id(doc["id"])):
                try:
                    doc = {"id": id_of_key(str(key)), **{k: v for k, v in doc.items() if k != "id"}}
                except ValueError:
                    raise UnreadableFile(
                        path,
                        f"has the wrong shape: key {key!r} of table {name!r} is not a document id",
                    ) from None
            rows.append((doc["id"], dumps(doc)))
    if not has_meta:
        _adopt_or_refuse(path, contents)
    return contents


def _adopt_or_refuse(path: Path, contents: FileContents) -> None:
    """A TinyDB file without Rapport's meta: adoptable if it is empty, refused otherwise."""
    names = sorted(contents.tables)
    if not names:
        raise UnreadableFile(
            path,
            "holds no tables at all ({}): it is not a Rapport file nor an empty TinyDB "
            "database, so Rapport does not take it over",
        )
    holding = [n for n in names if contents.tables[n]]
    foreign = [n for n in names if n not in ADOPTABLE_TABLES]
    if holding or foreign:
        shown = ", ".join(json.dumps(n, ensure_ascii=False) for n in names[:6])
        more = f" and {len(names) - 6} more" if len(names) > 6 else ""
        raise UnreadableFile(
            path,
            f"is not a Rapport file: it has no {META_TABLE!r} table (its tables: {shown}{more}); "
            "it may be another program's TinyDB file, so Rapport leaves it alone",
        )
    contents.empty_tinydb = True


def read_first_table(path: Path, name: str) -> list[dict[str, Any]] | None:
    """The records of table ``name`` if it is the file's first table (accounts are), read
    without reading the rest of the file; ``None`` when the file is not laid out that way.

    For showing something at once while the whole file opens; not for saving from.
    """
    header = json.dumps(name).encode() + b":{"
    records: list[dict[str, Any]] = []
    try:
        with osapi.current().reader(path) as handle:
            if not handle.readline().startswith(_HEAD):
                return None
            if not handle.readline().rstrip(b"\n").startswith(header):
                return None
            for raw in handle:
                found = _RECORD.match(raw)
                if found is None:
                    break
                record = json.loads(found.group(2))
                if isinstance(record, dict):
                    records.append(record)
    except (OSError, ValueError):
        return None
    return records
