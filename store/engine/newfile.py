"""Writing a whole new data file at once (the demo generator, exports to a fresh file)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..context import Context
from ..errors import StoreError
from ..records.ids import new_id
from ..records.records import dumps
from ..records.schema import ALL_TABLES
from ..records.seed import stamped
from . import layout
from .durable import replace_atomically
from .journal import Header, Journal, new_journal_id
from .migrate import SCHEMA


def write_new_file(
    path: Path,
    tables: Mapping[str, Iterable[Mapping[str, Any]]],
    ctx: Context,
    *,
    overwrite: bool = False,
) -> None:
    """Create a data file holding ``tables`` (records with or without their envelope).

    Records without an ``id`` get one and a version-1 envelope. The file is written
    atomically with mode 0600; an existing file is refused unless ``overwrite``.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise StoreError(f"{path}: already exists; choose another name or remove it first")
    path.parent.mkdir(parents=True, exist_ok=True)
    gen = new_id()
    meta = {
        "file": new_id(),
        "created": ctx.timestamp(),
        "schema": SCHEMA,
        "layout": layout.LAYOUT,
        "gen": gen,
    }

    def texts(records: Iterable[Mapping[str, Any]]) -> Iterable[str]:
        for record in records:
            if "id" in record and "version" in record:
                yield dumps(record)
            else:
                body = {k: v for k, v in record.items() if k != "id"}
                yield dumps(stamped(str(record.get("id") or new_id()), body, ctx))

    names = [n for n in ALL_TABLES if n in tables] + [n for n in tables if n not in ALL_TABLES]
    replace_atomically(path, layout.write_chunks(meta, ((n, texts(tables[n])) for n in names)))
    Journal(path.with_name(path.name + ".journal"), path).reset(Header(new_journal_id(), gen))
