"""Conflicts a merge listed: records both files changed since they parted. The merge kept
the newer version; here each is settled: keep it (k), or take the other one back (o)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from rapport.store import Touched
from rapport.store.exchange import is_tombstone, open_conflicts, resolve_conflict
from rapport.store.records import NOUNS, content, visible

from ..formatting import words
from ..rapport_node import RapportNode
from ..safe import text
from ..widgets.vtable import Cell, Column, VirtualTable

COLUMNS = [
    Column("what", "Record", 0),
    Column("kept", "Kept (newer)", 24),
    Column("other", "Other", 24),
]


def _who(version: Any) -> str:
    if version is None:
        return "-"
    if is_tombstone(version):
        return f"deleted by {version.get('updated_by', '?')}"
    return f"{version.get('updated_by', '?')} {str(version.get('updated_at', ''))[:10]}"


def _label(conflict: Any) -> str:
    kept = conflict.get("kept") or {}
    name = kept.get("name") or kept.get("what") or kept.get("summary") or conflict["record"]
    return f"{NOUNS.get(conflict['table'], conflict['table'])}: {name}"


def differences(conflict: Any) -> Table:
    kept, other = conflict.get("kept"), conflict.get("other")
    table = Table("field", "kept (newer)", "other", expand=True)
    if is_tombstone(kept) or is_tombstone(other) or kept is None or other is None:
        table.add_row(
            Text("the record"),
            Text("deleted" if is_tombstone(kept) else "kept"),
            Text("deleted" if is_tombstone(other) else "kept"),
        )
        return table
    a, b = content(kept), content(other)
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            table.add_row(Text(words(name)), Text(visible(a.get(name))), Text(visible(b.get(name))))
    return table


class ConflictsScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="conflicts.back"),
        Binding("k", "settle('kept')", "Keep the kept version", id="conflicts.keep"),
        Binding("o", "settle('other')", "Take the other version", id="conflicts.other"),
    ]
    DEFAULT_CSS = """
    ConflictsScreen VirtualTable { height: 1fr; }
    ConflictsScreen VerticalScroll { height: 1fr; border-top: solid $panel; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="conflicts-title", classes="title-bar")
        yield VirtualTable(
            COLUMNS,
            self._cells,
            lambda c: c["id"],
            markable=False,
            id="conflicts",
            empty="No conflicts to settle",
        )
        with VerticalScroll():
            yield Static(id="difference")
        yield Footer()

    def on_mount(self) -> None:
        self.rapport.store_changed.subscribe(self, self._store_changed)
        self.query_one(VirtualTable).focus()
        self._load()

    def _store_changed(self, touched: Touched) -> None:
        if touched.everything or "conflicts" in touched.tables:
            self._load()

    def _load(self) -> None:
        assert self.rapport.store is not None
        rows = open_conflicts(self.rapport.store)
        self.query_one(VirtualTable).set_rows(rows)
        self.query_one("#conflicts-title", Static).update(
            text(
                f"Conflicts from merges · {len(rows)} to settle · k keeps the kept version, o takes the other"
            )
        )
        self._show(self.query_one(VirtualTable).current)

    @staticmethod
    def _cells(conflict: Any) -> list[Cell]:
        return [_label(conflict), _who(conflict.get("kept")), _who(conflict.get("other"))]

    @on(VirtualTable.Highlighted, "#conflicts")
    def _highlighted(self, event: VirtualTable.Highlighted) -> None:
        self._show(event.row)

    def _show(self, conflict: Any) -> None:
        body = self.query_one("#difference", Static)
        body.update(differences(conflict) if conflict is not None else "")

    def action_settle(self, choose: str) -> None:
        conflict = self.query_one(VirtualTable).current
        if conflict is None:
            return
        conflict_id = conflict["id"]
        self.rapport.save(
            lambda store: resolve_conflict(store, conflict_id, choose),  # type: ignore[arg-type]
            done=lambda _: self.notify("Settled (u undoes it)", timeout=3),
        )

    def action_back(self) -> None:
        self.dismiss()
