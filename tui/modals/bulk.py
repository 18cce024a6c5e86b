"""Change many accounts at once (mark rows with space, then c): owner, tags, stage, group.

One save for all of them, so one u takes it all back. Fields left empty are not changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rapport.store import ChangeSet, Store
from rapport.store.actions import change_accounts
from rapport.store.records import STAGES, counted

from ..formatting import words
from ..widgets.choice import BLANK
from ..widgets.form import FormField
from .record_form import RecordForm, SaveFn


def bulk_save(versions: dict[str, int]) -> SaveFn:
    def save(store: Store, values: dict[str, Any], _expect: int | None) -> ChangeSet:
        return change_accounts(
            store,
            versions,
            owner=values.get("owner") or "",
            add_tags=(values.get("add_tag") or "").split(";"),
            remove_tags=(values.get("remove_tag") or "").split(";"),
            stage=values.get("stage"),
            group=group_of(values.get("group") or ""),
        )

    return save


NO_GROUP = "-"
"""Typed as the new group: take the accounts out of their group."""


def group_of(typed: str) -> str | None:
    """The group to set: None (keep) when nothing was typed, "" for :data:`NO_GROUP`."""
    typed = " ".join(typed.split())
    if not typed:
        return None
    return "" if typed == NO_GROUP else typed


class BulkChange(RecordForm):
    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        super().__init__("", [], {}, bulk_save({}))

    def compose(self) -> Iterator[Any]:
        store = self.rapport.store
        assert store is not None
        accounts = [a for a in (store.get("accounts", i) for i in self.ids) if a is not None]
        self.ids = [a["id"] for a in accounts]
        self.save_fn = bulk_save({a["id"]: a["version"] for a in accounts})
        names = ", ".join(a["name"] for a in accounts[:3]) + (
            f" and {len(accounts) - 3} more" if len(accounts) > 3 else ""
        )
        self.form_title = f"Change {counted(len(accounts), 'account')}: {names}"
        self.specs = [
            FormField("owner", "new owner", "text", placeholder="leave empty to keep", person=True),
            FormField("add_tag", "add tags", "text", placeholder="separated by ;"),
            FormField("remove_tag", "remove tags", "text", placeholder="separated by ;"),
            FormField(
                "stage",
                "new stage",
                "choice",
                [(BLANK + " keep", None), *((words(s), s) for s in STAGES)],
            ),
            FormField(
                "group",
                "customer group",
                "text",
                placeholder=f"leave empty to keep; {NO_GROUP} takes them out of their group",
            ),
        ]
        yield from super().compose()

    def _saved(self, result: ChangeSet) -> None:
        changed = len({c.id for c in result.changes if c.table == "accounts"})
        self.notify(
            f"Changed {changed} of {counted(len(self.ids), 'account')} (u undoes it)", timeout=4
        )
        super()._saved(result)
