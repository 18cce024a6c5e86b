"""Surveys: the waves (open, rename, close), entering responses, and the way to the
questionnaire and to the LoyaltyCard's settings."""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from rapport.store import Store, Touched
from rapport.store.actions import edit_wave, open_wave, save_record
from rapport.store.records import counted, fold_search, visible
from rapport.store.views import rates_by_wave, waves_newest_first

from ..modals.record_form import RecordForm
from ..rapport_node import RapportNode
from ..safe import text
from ..widgets.form import FormField
from ..widgets.vtable import Cell, Column, VirtualTable

COLUMNS = [
    Column("name", "Wave", 0),
    Column("date", "Date", 10),
    Column("status", "Status", 6),
    Column("q", "Qn", 3, "right"),
    Column("accounts", "Accounts", 8, "right"),
    Column("customers", "Answers", 7, "right"),
    Column("mirrors", "Mirrors", 7, "right"),
    Column("forms", "Forms", 5, "right"),
    Column("rate", "Rate", 4, "right"),
]


class SurveysScreen(RapportNode, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="surveys.back"),
        Binding("n", "new_wave", "New wave", id="surveys.new"),
        Binding("e", "edit_wave", "Edit wave", id="surveys.edit"),
        Binding("x", "toggle_closed", "Close/reopen", id="surveys.close"),
        Binding("r", "respond", "Enter a response", id="surveys.respond"),
        Binding("c", "by_code", "Response by code", id="surveys.by_code"),
        Binding("s", "status", "Response rates", id="surveys.status"),
        Binding("K", "kiosk", "Kiosk", id="surveys.kiosk"),
        Binding("Q", "questionnaire", "Questionnaire", id="surveys.questionnaire"),
        Binding("S", "settings", "Card settings", id="surveys.settings"),
    ]

    @property
    def store(self) -> Store:
        assert self.rapport.store is not None
        return self.rapport.store

    def compose(self) -> ComposeResult:
        yield Static(id="surveys-title", classes="title-bar")
        yield VirtualTable(
            COLUMNS,
            self._cells,
            lambda w: w["id"],
            markable=False,
            id="waves",
            empty="No survey waves yet: n opens one",
        )
        yield Static(id="surveys-help", classes="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.rapport.store_changed.subscribe(self, self._store_changed)
        self.query_one(VirtualTable).focus()
        self._load()

    def _store_changed(self, touched: Touched) -> None:
        if touched.everything or touched.tables & {
            "waves",
            "responses",
            "questionnaires",
            "survey_codes",
        }:
            self._load()

    def _load(self) -> None:
        counts: Counter[tuple[str, str]] = Counter()
        accounts: dict[str, set[str]] = {}
        for response in self.store.all("responses"):
            counts[(response["wave"], response["respondent"])] += 1
            accounts.setdefault(response["wave"], set()).add(response["account"])
        numbers = {q["id"]: q["number"] for q in self.store.all("questionnaires")}
        rates = rates_by_wave(self.store)
        rows = [
            {
                **w,
                "_q": numbers.get(w["questionnaire"], "?"),
                "_accounts": len(accounts.get(w["id"], ())),
                "_customers": counts[(w["id"], "customer")],
                "_mirrors": counts[(w["id"], "employee")],
                "_forms": rates.get(w["id"], (0, None))[0],
                "_rate": rates.get(w["id"], (0, None))[1],
            }
            for w in waves_newest_first(self.store)
        ]
        self.query_one(VirtualTable).set_rows(rows)
        self.query_one("#surveys-title", Static).update(
            text(f"Surveys · {counted(len(rows), 'wave')}")
        )
        self.query_one("#surveys-help", Static).update(
            text("r respond · c by code · s rates · K kiosk · n new · x close · Q questions")
        )

    @staticmethod
    def _cells(wave: Any) -> list[Cell]:
        return [
            wave["name"],
            wave["date"],
            (wave["status"], "good" if wave["status"] == "open" else "dim"),
            str(wave["_q"]),
            str(wave["_accounts"]),
            str(wave["_customers"]),
            str(wave["_mirrors"]),
            str(wave["_forms"] or ""),
            "" if wave["_rate"] is None else f"{round(wave['_rate'] * 100)}%",
        ]

    @property
    def current(self) -> Any:
        return self.query_one(VirtualTable).current

    def action_back(self) -> None:
        self.dismiss()

    def _wave_form(self, wave: Any | None) -> RecordForm:
        specs = [
            FormField("name", "name", "text", required=True),
            FormField("date", "date", "date", required=True),
        ]
        values = (
            {"name": wave["name"], "date": wave["date"]}
            if wave
            else {"date": self.rapport.ctx.today().isoformat()}
        )
        wave_id = wave["id"] if wave else None

        def save(store: Store, values: dict[str, Any], expect: int | None) -> Any:
            if wave_id is None:
                return open_wave(store, values["name"] or "", values["date"])
            return edit_wave(store, wave_id, values, expect=expect)

        return RecordForm(
            "Edit wave" if wave else "Open a survey wave",
            specs,
            values,
            save,
            expect=wave["version"] if wave else None,
        )

    def action_new_wave(self) -> None:
        self.app.push_screen(self._wave_form(None))

    def action_edit_wave(self) -> None:
        if self.current is not None:
            self.app.push_screen(self._wave_form(self.current))

    @on(VirtualTable.Selected, "#waves")
    def _selected(self) -> None:
        self.action_respond()

    def action_toggle_closed(self) -> None:
        wave = self.current
        if wave is None:
            return
        status = "open" if wave["status"] == "closed" else "closed"
        wave_id, version = wave["id"], wave["version"]
        self.rapport.save(
            lambda store: save_record(
                store,
                "waves",
                {"status": status},
                record_id=wave_id,
                expect=version,
                label=f"{status} wave",
            ),
            done=lambda _: self.notify(
                f"Wave {'reopened' if status == 'open' else 'closed'}", timeout=3
            ),
        )

    def action_respond(self) -> None:
        wave = self.current
        if wave is None:
            self.notify("Open a wave first (n)", timeout=3)
            return
        if wave["status"] != "open":
            self.notify("That wave is closed: x reopens it", timeout=3)
            return
        accounts = [(a["id"], visible(a["name"])) for a in self.store.all("accounts")]
        self.app.push_screen(pick_account(accounts, partial(self._respond_for, wave["id"])))

    def _respond_for(self, wave_id: str, account_id: str) -> None:
        from ..modals.response_entry import ResponseEntry

        self.app.push_screen(ResponseEntry(account_id, wave_id))

    def action_status(self) -> None:
        if self.current is not None:
            from .wave_status import WaveStatusScreen

            self.app.push_screen(WaveStatusScreen(self.current["id"]))

    def action_by_code(self) -> None:
        from ..modals.response_code import by_code

        by_code(self)

    def action_kiosk(self) -> None:
        wave = self.current
        if wave is None or wave["status"] != "open":
            self.notify("The kiosk needs an open wave (n opens one, x reopens)", timeout=3)
            return
        from .kiosk import KioskScreen

        accounts = [(a["id"], visible(a["name"])) for a in self.store.all("accounts")]
        self.app.push_screen(
            pick_account(
                accounts,
                lambda account_id: self.app.push_screen(KioskScreen(wave["id"], account_id)),
                "Kiosk for which account? Type part of its name…",
            )
        )

    def action_questionnaire(self) -> None:
        from .questionnaire import QuestionnaireScreen

        self.app.push_screen(QuestionnaireScreen())

    def action_settings(self) -> None:
        from ..modals.settings_form import settings_form

        self.app.push_screen(settings_form(self.rapport))


def pick_account(
    accounts: list[tuple[str, str]],
    chosen: Any,
    placeholder: str = "Which account answered? Type part of its name…",
) -> Any:
    """The command palette, searching only accounts: type part of a name, enter."""
    from textual.command import CommandPalette

    class Accounts(Provider):
        async def search(self, query: str) -> Hits:
            matcher = self.matcher(fold_search(query))
            for account_id, name in accounts:
                score = matcher.match(fold_search(name))
                if score > 0:
                    yield Hit(score, Content(name), partial(chosen, account_id), text=name)

    return CommandPalette(providers=[Accounts], placeholder=placeholder)
