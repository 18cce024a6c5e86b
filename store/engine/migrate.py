"""Schema versions of the data file and the migrations between them.

* schema 0: a plain TinyDB file that Rapport did not write (no ``_rapport`` table): its
  records get the envelope every Rapport record has (id, version, rev, timestamps).
* schema 1: records with their envelope.
* schema 2 (the current one): a survey response may carry the customer's ``comment``, and
  the ``survey_codes`` table holds the response codes of survey kits (issue 16). Records
  are not rewritten: a response without a comment has none (its field reads as empty), so
  versions and fingerprints stay as they were and a merge with an older copy sees no change.
  The number moves on so that an older Rapport, which would refuse or drop these fields,
  refuses the file instead.

A file with a newer schema than this Rapport knows is refused, never rewritten. Before a
migration rewrites a file, the original is copied byte for byte into the backups folder.
"""

from __future__ import annotations

from collections.abc import Callable

from ..records.records import dumps, loads, rev_of

SCHEMA = 2

Rows = dict[str, list[tuple[str, str]]]


def _from_0(rows: Rows, stamp: str) -> Rows:
    out: Rows = {}
    for table, records in rows.items():
        converted = []
        for record_id, text in records:
            record = loads(text)
            body = {k: v for k, v in record.items() if k != "id"}
            version = record.get("version") if isinstance(record.get("version"), int) else 1
            envelope = {
                "id": record_id,
                "version": version,
                "rev": rev_of(body, version),
                "created_at": record.get("created_at", stamp),
                "updated_at": record.get("updated_at", stamp),
                "updated_by": record.get("updated_by", "migration"),
            }
            merged = {**envelope, **{k: v for k, v in body.items() if k not in envelope}}
            converted.append((record_id, dumps(merged)))
        out[table] = converted
    return out


def _from_1(rows: Rows, stamp: str) -> Rows:
    """Survey comments and response codes: a table for the codes; nothing else changes."""
    return {**rows, "survey_codes": list(rows.get("survey_codes", []))}


MIGRATIONS: dict[int, Callable[[Rows, str], Rows]] = {0: _from_0, 1: _from_1}
"""``MIGRATIONS[n]`` turns schema ``n`` rows into schema ``n + 1`` rows."""


def migrate(rows: Rows, schema: int, stamp: str) -> Rows:
    while schema < SCHEMA:
        rows = MIGRATIONS[schema](rows, stamp)
        schema += 1
    return rows
