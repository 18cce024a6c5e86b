"""A tab of the account screen that lists one kind of record: n new, e/enter edit, d delete.

Subclasses say which table, which columns, how a row looks and which form edits it. A pane
fills itself the first time it is shown and again whenever a save touches its account.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from rapport.store import ChangeSet, Store
from rapport.store.actions import delete_record, save_record
from rapport.store.records import NOUNS, Record

from ..rapport_node import RapportNode
from ..safe import content
from .vtable import Cell, Column, VirtualTable

if TYPE_CHECKING:
    from ..modals.record_form import RecordForm


class RecordPane(RapportNode, Vertical):
    TABLE: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    NOUN: ClassVar[str] = "record"
    COLUMNS: ClassVar[Sequence[Column]] = ()
    EMPTY: ClassVar[str] = "Nothing yet: n adds one"

    BINDINGS = [
        Binding("n", "new", "New", id="pane.new"),
        Binding("e", "edit", "Edit", id="pane.edit"),
        Binding("d", "delete", "Delete", id="pane.delete"),
    ]

    def __init__(self, account_id: str) -> None:
        super().__init__(id=f"pane-{self.TABLE or self.TITLE.lower()}")
        self.account_id = account_id
        self.populated = False

    @property
    def store(self) -> Store:
        store = self.rapport.store
        assert store is not None
        return store

    def compose(self) -> ComposeResult:
        yield from ()  # the table is mounted when the tab is first shown (opening stays quick)

    @property
    def table(self) -> VirtualTable[Any]:
        return self.query_one(VirtualTable)

    def populate(self) -> None:
        """Mount the table and fill it (the first time the tab is shown)."""
        self.populated = True
        table: VirtualTable[Any] = VirtualTable(
            self.COLUMNS, self.cells, self.key, markable=False, empty=self.EMPTY
        )
        self.mount(table)
        table.set_rows(self.load())

    # -- what subclasses provide ---------------------------------------------------------------

    def load(self) -> list[Any]:
        return sorted(self.store.for_account(self.TABLE, self.account_id), key=self.sort_key)

    def sort_key(self, record: Record) -> Any:
        return record.get("name") or ""

    def key(self, row: Any) -> str:
        return str(row["id"])

    def cells(self, row: Any) -> list[Cell]:
        raise NotImplementedError

    def form(self, record: Record | None) -> RecordForm | None:
        """The form that adds (``None``) or edits ``record``."""
        return None

    def schema_form(
        self,
        record: Record | None,
        names: Sequence[str],
        *,
        defaults: dict[str, Any] | None = None,
        choices: dict[str, Sequence[tuple[str, Any]]] | None = None,
        titles: dict[str, str] | None = None,
    ) -> RecordForm:
        """A form for ``names`` of this pane's table, saving through :func:`save_record`."""
        from ..modals.record_form import RecordForm
        from .form import schema_fields

        table, account_id = self.TABLE, self.account_id
        record_id = record["id"] if record else None
        account = self.store.require("accounts", account_id)
        title = f"{'Edit' if record else 'New'} {self.NOUN} · {account['name']}"
        values = dict(record) if record else dict(defaults or {})

        def save(store: Store, values: dict[str, Any], expect: int | None) -> Any:
            data = values if record_id else {**values, "account": account_id}
            return save_record(store, table, data, record_id=record_id, expect=expect)

        specs = schema_fields(table, names, choices=choices, titles=titles)
        return RecordForm(title, specs, values, save, expect=record["version"] if record else None)

    def contact_choices(self) -> list[tuple[str, Any]]:
        contacts = self.store.for_account("contacts", self.account_id)
        return [(c["name"], c["id"]) for c in sorted(contacts, key=lambda c: c["name"].casefold())]

    def set_status(self, changes: dict[str, Any], message: str) -> None:
        """Change fields of the current row's record at once (x done, b broken, ...)."""
        record = self.record_of(self.table.current)
        if record is None:
            return
        table, record_id, version = self.table_of(record), record["id"], record["version"]
        self.rapport.save(
            lambda store: save_record(
                store, table, changes, record_id=record_id, expect=version, label=message.lower()
            ),
            done=lambda _: self.notify(content(message), timeout=3),
        )

    def record_of(self, row: Any) -> Record | None:
        """The record a row stands for (rows may be records or views of them)."""
        return self.store.get(self.TABLE, row["id"]) if row is not None else None

    # -- actions ---------------------------------------------------------------------------------

    def action_new(self) -> None:
        form = self.form(None)
        if form is not None:
            self.app.push_screen(form, self._added)

    def _added(self, result: object) -> None:
        """Put the cursor on what was just added, so that x or e next act on it."""
        if isinstance(result, ChangeSet) and self.populated:
            for record in result.created(self.TABLE):
                self.table.move_to(self.key(record), when_shown=True)

    def action_edit(self) -> None:
        record = self.record_of(self.table.current)
        if record is None:
            return
        form = self.form(record)
        if form is not None:
            self.app.push_screen(form)

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        event.stop()
        self.action_edit()

    def table_of(self, record: Record) -> str:
        """The table ``record`` lives in (a pane may list more than one kind)."""
        return self.TABLE

    def describe(self, record: Record) -> str:
        return str(
            record.get("name") or record.get("what") or record.get("summary") or record["id"]
        )

    def action_delete(self) -> None:
        from ..modals.confirm import Confirm

        record = self.record_of(self.table.current)
        if record is None:
            return
        table, record_id, version = self.table_of(record), record["id"], record["version"]

        def answer(yes: bool | None) -> None:
            if yes:
                self.rapport.save(
                    lambda store: delete_record(store, table, record_id, expect=version),
                    done=lambda _: self.notify("Deleted (u undoes it)", timeout=3),
                )

        self.app.push_screen(
            Confirm(f"Delete this {NOUNS[table]}?\n{self.describe(record)[:200]}", yes="Delete"),
            answer,
        )
