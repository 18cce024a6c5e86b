"""Enter one survey response from the keyboard: a customer's, or an employee mirror (our
staff answering as they expect the customer would).

Pick the wave, who answered, then one key per statement, recommend and switch, ctrl+s:
well under 30 keystrokes. Saving closes the loop (a follow-up for the owner when the
customer would not recommend us, or the account turned Defector).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from rapport.store import ChangeSet, Store, ValidationError
from rapport.store.actions import AlreadyAnswered, record_response, save_record
from rapport.store.records import FieldError, counted, fold
from rapport.store.views import UnknownPerson, factor_names, person, waves_newest_first

from ..rapport_node import RapportNode
from ..safe import content
from ..widgets.choice import Choice
from ..widgets.form import FormBody, FormField
from ..widgets.score_grid import ScoreGrid
from .confirm import Confirm
from .record_form import new_person_question


class Fields(VerticalScroll, can_focus=False):
    """Scrolls when the terminal is short; tab moves between the fields, not onto this."""


class ResponseEntry(RapportNode, ModalScreen[ChangeSet | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="response.save"),
        Binding("escape", "cancel", "Cancel", id="response.cancel"),
    ]
    DEFAULT_CSS = """
    ResponseEntry { align: center middle; }
    ResponseEntry > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    ResponseEntry #entry-title { text-style: bold; }
    ResponseEntry VerticalScroll { height: auto; max-height: 1fr; }
    ResponseEntry #answers-error { color: $text-error; display: none; width: 1fr; }
    ResponseEntry #answers-error.-shown { display: block; }
    ResponseEntry #code-note { color: $text-muted; padding-left: 16; display: none; width: 1fr; }
    ResponseEntry #code-note.-shown { display: block; }
    ResponseEntry #code-note.-error { color: $text-error; }
    ResponseEntry #entry-buttons { height: 1; margin-top: 1; }
    ResponseEntry #entry-hint { width: 1fr; color: $text-muted; }
    """

    def __init__(
        self,
        account_id: str,
        wave_id: str | None = None,
        *,
        response_id: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__()
        self.account_id = account_id
        self.wave_id = wave_id
        self.response_id = response_id
        """Editing this response (else a new one)."""
        self.code = code
        """A survey kit's response code: it picks wave, account, contact and respondent."""
        self.carried: dict[str, Any] = {}
        """What was typed before a code of another account or wave opened its form."""
        self._saving = False
        self._replace: str | None = None
        """The earlier answer the user chose to replace (asked when saving)."""
        self._new_people: set[str] = set()
        """Staff names (folded) the user confirmed are new people."""

    def compose(self) -> ComposeResult:
        store = self.rapport.store
        assert store is not None
        account = store.require("accounts", self.account_id)
        editing = store.get("responses", self.response_id) if self.response_id else None
        if editing is not None:
            self.wave_id = editing["wave"]
        waves = [
            w for w in waves_newest_first(store) if w["status"] == "open" or w["id"] == self.wave_id
        ]
        contacts = sorted(
            store.for_account("contacts", self.account_id),
            key=lambda c: (not c["decision_maker"], c["name"].casefold()),
        )
        self.statements = self._statements(store, waves, editing)
        code = [] if editing else [
            FormField("code", "response code", "text", placeholder="from the form: K7M-4QX")
        ]  # fmt: skip
        head = [
            *code,
            FormField(
                "wave", "wave", "choice", [(w["name"], w["id"]) for w in waves], required=True
            ),
            FormField(
                "respondent",
                "who answered",
                "choice",
                [("customer", "customer"), ("employee mirror", "employee")],
                required=True,
            ),
            FormField(
                "contact",
                "contact",
                "choice",
                [(c["name"] + (" (DM)" if c["decision_maker"] else ""), c["id"]) for c in contacts],
            ),
            FormField("staff", "staff member", "text"),
        ]
        tail = [
            FormField(
                "recommend", "recommend 0-10", "int", placeholder="how likely to recommend us"
            ),
            FormField(
                "switch",
                "would switch 1-5",
                "choice",
                [("—", None), *((str(n), n) for n in range(1, 6))],
            ),
            FormField("comment", "comment", "text", placeholder="the customer's own words"),
        ]
        start: dict[str, Any] = {
            "wave": self.wave_id or (waves[0]["id"] if waves else None),
            "respondent": "customer",
            "staff": self.rapport.ctx.user,
            "code": self.code or "",
        }
        if editing is not None:
            start = {k: editing[k] for k in ("wave", "respondent", "contact", "staff")}
        with Vertical():
            yield Label(content(f"Survey response · {account['name']}"), id="entry-title")
            if not waves:
                yield Label(
                    "No survey wave is open: open one on the surveys screen (v) first.",
                    classes="field-error",
                )
            with Fields():
                yield FormBody(head, start, id="entry-head")
                yield Label("", id="code-note")
                yield ScoreGrid(
                    self.statements,
                    dict(editing["answers"]) if editing else self.carried.get("answers"),
                    id="scores",
                )
                yield Label("", id="answers-error")
                yield FormBody(
                    tail,
                    {k: editing.get(k) for k in ("recommend", "switch", "comment")}
                    if editing
                    else self.carried,
                    id="entry-tail",
                )
            with Horizontal(id="entry-buttons"):
                yield Label("ctrl+s save · esc cancel · tab next", id="entry-hint")
                yield Button("Save", id="save", variant="primary", compact=True)

    def _statements(
        self, store: Store, waves: list[Any], editing: Any
    ) -> list[tuple[str, str, str]]:
        wave = next((w for w in waves if w["id"] == self.wave_id), waves[0] if waves else None)
        questionnaire = store.get("questionnaires", wave["questionnaire"]) if wave else None
        if questionnaire is None:
            from rapport.store.views import current_questionnaire

            questionnaire = current_questionnaire(store)
        names = factor_names(store)
        if questionnaire is None:
            return []
        return [
            (s["key"], names.get(s["factor"], s["factor"]), s["text"])
            for s in questionnaire["statements"]
            if not s.get("retired") or (editing is not None and s["key"] in editing["answers"])
        ]

    def on_mount(self) -> None:
        self._show_respondent("customer")
        head = self.query_one("#entry-head", FormBody)
        head.row("contact" if head.row("contact").spec.choices else "respondent").editor.focus()
        if self.code:
            self.call_after_refresh(self.apply_code)

    async def apply_code(self) -> None:
        from .response_code import code_typed

        await code_typed(self, self.code or "")

    @on(Input.Changed, "#field-code")
    async def _code_typed(self, event: Input.Changed) -> None:
        from .response_code import code_typed

        if event.value != (self.code or ""):
            self.code = event.value
            await code_typed(self, event.value)

    @on(Choice.Changed, "#field-respondent")
    def _respondent(self, event: Choice.Changed) -> None:
        self._show_respondent(event.choice.value)

    def _show_respondent(self, who: str) -> None:
        head = self.query_one("#entry-head", FormBody)
        head.row("contact").display = who == "customer"
        head.row("staff").display = who == "employee"
        self.query_one(ScoreGrid).mirror = who == "employee"
        tail = self.query_one("#entry-tail", FormBody)
        recommend = tail.row("recommend").editor
        if isinstance(recommend, Input):
            recommend.placeholder = (
                "how likely they would recommend us"
                if who == "employee"
                else "how likely to recommend us"
            )

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def _values(self) -> dict[str, Any]:
        today = self.rapport.ctx.today()
        head = self.query_one("#entry-head", FormBody).values(today)
        tail = self.query_one("#entry-tail", FormBody).values(today)
        head.pop("code", None)
        return {
            **head,
            **tail,
            "account": self.account_id,
            "answers": dict(self.query_one(ScoreGrid).scores),
        }

    def action_save(self) -> None:
        if self._saving:
            return
        try:
            values = self._values()
        except ValidationError as e:
            self._show_errors(e)
            return
        self._saving = True
        if self.response_id is None:
            replace, new_people = self._replace, set(self._new_people)

            def save(store: Store) -> ChangeSet:
                if (
                    values.get("respondent") == "employee"
                    and str(values.get("staff") or "").strip()
                ):
                    typed = str(values["staff"])  # a typo would create a member of staff
                    values["staff"] = person(store, "staff", typed, new=fold(typed) in new_people)
                return record_response(store, values, replace=replace)

            self.rapport.save(
                save,
                done=self._saved,
                invalid=self._invalid,
                failed=lambda error: self._failed(error, values),
            )
            return
        response_id = self.response_id
        assert self.rapport.store is not None
        version = self.rapport.store.require("responses", response_id)["version"]
        values.pop("account")
        self.rapport.save(
            lambda store: save_record(
                store, "responses", values, record_id=response_id, expect=version
            ),
            done=self._saved,
            invalid=self._invalid,
            conflict=lambda e: self._invalid(ValidationError([FieldError("answers", str(e))])),
        )

    def _failed(self, error: Exception, values: dict[str, Any]) -> None:
        self._saving = False
        if isinstance(error, UnknownPerson):
            self._ask_new_person(error)
            return
        if not isinstance(error, AlreadyAnswered):
            self.notify(content(str(error)), title="Not saved", severity="error", timeout=8)
            return
        earlier = error.earlier

        def answer(replace: bool | None) -> None:
            if replace:
                self._replace = earlier["id"]
                self.action_save()

        when = earlier.get("date") or str(earlier.get("created_at", ""))[:10]
        self.app.push_screen(
            Confirm(
                f"{error.who} already answered in this wave.\n\n"
                f"Saved on {when}: {self._described(earlier)}\n\n"
                f"This one: {self._described(values)}\n\n"
                "Replace the saved answer with this one?",
                yes="Replace",
                no="Keep the saved one",
            ),
            answer,
        )

    def _ask_new_person(self, error: UnknownPerson) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self._new_people.add(fold(error.name))
                self.action_save()
            else:
                self._show_errors(ValidationError([FieldError("staff", str(error))]))

        self.app.push_screen(new_person_question(error), answer)

    def _described(self, response: Any) -> str:
        """A response's answers, short enough for both to fit at 80x24: each statement by
        its key (the responses CSV's column), in the questionnaire's order, then recommend
        and switch."""
        order = {key: n for n, (key, _, _) in enumerate(self.statements)}
        answers = sorted(
            dict(response.get("answers") or {}).items(), key=lambda kv: order.get(kv[0], 99)
        )
        parts = [f"{key} {score}" for key, score in answers]
        for field in ("recommend", "switch"):
            if response.get(field) is not None:
                parts.append(f"{field} {response[field]}")
        return ", ".join(parts) or "nothing answered"

    def _saved(self, result: ChangeSet) -> None:
        self._saving = False
        loops = result.created("followups")
        if loops:
            self.app.notify(
                content(
                    f"Saved; {counted(len(loops), 'follow-up')} for the owner to close the loop"
                ),
                timeout=5,
            )
        else:
            self.app.notify("Response saved", timeout=3)
        self.dismiss(result)

    def _invalid(self, error: ValidationError) -> None:
        self._saving = False
        self._show_errors(error)

    def _show_errors(self, error: ValidationError) -> None:
        shown: set[str] = set()
        for body in self.query(FormBody):
            names = {spec.name for spec in body.specs}
            mine = [e for e in error.errors if e.field in names]
            body.show_errors(ValidationError(mine) if mine else None)
            shown |= names
        rest = [str(e) for e in error.errors if e.field not in shown]
        label = self.query_one("#answers-error", Label)
        label.update(content("; ".join(rest)))
        label.set_class(bool(rest), "-shown")

    def action_cancel(self) -> None:
        typed = (
            bool(self.query_one(ScoreGrid).scores)
            or self.query_one("#entry-tail", FormBody).dirty()
        )
        if not typed:
            self.dismiss(None)
            return
        self.app.push_screen(
            Confirm("Discard this response?", yes="Discard", no="Keep editing"),
            lambda discard: self.dismiss(None) if discard else None,
        )
