"""The survey kiosk: a laptop handed to the customer's people, one after another. Each picks
their name from the account's contacts (or types it), answers the questionnaire one
question at a time with single keys, may add a comment, and sees a thank-you; then the next
person starts.

It shows nothing else of the file: only this account's name and its contacts' names, no
scores, no palette, no other screen (the app's own keys are off while it is shown, see
``RapportApp.check_action``). Escape or ctrl+q asks for the staff member, who types
``leave`` (as the start page says) to close it. Each finished response is saved at once,
durably, and closes the loop like any other; the kiosk never says so on screen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from rapport.store import ChangeSet, ValidationError
from rapport.store.actions import contact_named, earlier_answer, kiosk_answer
from rapport.store.records import visible

from ..modals.kiosk_leave import LEAVE_WORD, KioskLeave
from ..rapport_node import RapportNode
from ..safe import content
from ..widgets.kiosk_questions import KioskQuestions

NOT_LISTED = "-not-listed"
THANKS_SECONDS = 20.0
"""The thank-you page goes back to the start by itself after this long."""


class KioskScreen(RapportNode, Screen[None]):
    KIOSK = True
    """Marks the screen for the app: while it is on the stack the app's keys are off."""
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("escape", "leave", "Staff: leave", priority=True, id="kiosk.leave"),
        Binding("ctrl+q", "leave", "Staff: leave", priority=True, show=False, id="kiosk.quit"),
        Binding("ctrl+s", "send", "Send", priority=True, show=False, id="kiosk.send"),
    ]
    DEFAULT_CSS = """
    KioskScreen { align: center middle; background: $background; }
    KioskScreen #kiosk { width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1; }
    KioskScreen #kiosk-title { text-style: bold; width: 100%; }
    KioskScreen #kiosk-for { color: $text-muted; width: 100%; margin-bottom: 1; }
    KioskScreen ContentSwitcher { height: auto; }
    KioskScreen ContentSwitcher > Vertical { height: auto; }
    KioskScreen OptionList { height: auto; max-height: 10; }
    KioskScreen TextArea { height: 6; }
    KioskScreen Label { width: 100%; }
    KioskScreen .hint { color: $text-muted; width: 100%; }
    KioskScreen .staff { color: $text-muted; width: 100%; margin-top: 1; text-style: italic; }
    KioskScreen .error { color: $text-error; width: 100%; }
    KioskScreen .big { text-style: bold; width: 100%; margin: 1 0; }
    KioskScreen #comment-buttons { height: 1; margin-top: 1; }
    """

    def __init__(self, wave_id: str, account_id: str, *, standalone: bool = False) -> None:
        super().__init__()
        self.wave_id = wave_id
        self.account_id = account_id
        self.standalone = standalone
        """Started by ``rapport survey kiosk``: leaving quits the app."""
        self.person: dict[str, Any] = {}
        """Who is answering: ``contact`` (an id) or ``name`` (typed)."""
        self._timer: Any = None

    def compose(self) -> ComposeResult:
        store = self.rapport.store
        assert store is not None
        account = store.require("accounts", self.account_id)
        wave = store.require("waves", self.wave_id)
        questionnaire = store.get("questionnaires", wave["questionnaire"])
        statements = [
            (s["key"], s["text"])
            for s in (questionnaire or {}).get("statements", ())
            if not s.get("retired")
        ]
        contacts = sorted(
            store.for_account("contacts", self.account_id), key=lambda c: c["name"].casefold()
        )
        options = [Option(Text(visible(c["name"])), id=c["id"]) for c in contacts]
        options.append(Option(Text("My name is not in the list: type it"), id=NOT_LISTED))
        with Vertical(id="kiosk"):
            yield Label("How are we doing? A short survey", id="kiosk-title")
            yield Label(content(f"For the people of {account['name']}"), id="kiosk-for")
            with ContentSwitcher(initial="start"):
                with Vertical(id="start"):
                    yield Label("Please choose your name (arrows, then enter):")
                    yield OptionList(*options, id="names")
                    yield Label(
                        "Your answers go to your account team; they take about two minutes.",
                        classes="hint",
                    )
                    yield Label(
                        f"Staff: to close the kiosk press escape, then type {LEAVE_WORD} "
                        "and press enter.",
                        classes="staff",
                    )
                with Vertical(id="name"):
                    yield Label("Please type your name, then press enter:")
                    yield Input(id="typed-name", placeholder="your name")
                    yield Label("", id="name-error", classes="error")
                    yield Label("Enter with no name goes back to the list.", classes="hint")
                with Vertical(id="again"):
                    yield Label("", id="again-who", classes="big")
                    yield Label(
                        "You have answered this survey already. Answer again? Your new "
                        "answers replace your earlier ones.",
                    )
                    yield Label("y: answer again · n: back to the start", classes="hint")
                with Vertical(id="questions"):
                    yield KioskQuestions(statements, id="asked")
                with Vertical(id="comment"):
                    yield Label("Anything else you would like to tell us? (you may leave it empty)")
                    yield TextArea(id="comment-text", soft_wrap=True, show_line_numbers=False)
                    with Horizontal(id="comment-buttons"):
                        yield Label("ctrl+s sends · tab then enter sends", classes="hint")
                        yield Button("Send", id="send", variant="primary", compact=True)
                with Vertical(id="saving"):
                    yield Label("Saving your answers…", id="saving-text", classes="big")
                    yield Label("", id="saving-error", classes="error")
                with Vertical(id="thanks"):
                    yield Label("", id="thanks-text", classes="big")
                    yield Label("Your answers are saved.")
                    yield Label("Press enter for the next person.", classes="hint")

    def on_mount(self) -> None:
        self._start()

    # -- pages -------------------------------------------------------------------------------

    def _page(self, name: str) -> None:
        self.query_one(ContentSwitcher).current = name

    def _start(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.person = {}
        self.query_one(KioskQuestions).reset()
        self.query_one("#comment-text", TextArea).text = ""
        self.query_one("#typed-name", Input).value = ""
        self.query_one("#name-error", Label).update("")
        self._page("start")
        names = self.query_one("#names", OptionList)
        names.highlighted = 0
        names.focus()

    @on(OptionList.OptionSelected, "#names")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NOT_LISTED:
            self._page("name")
            self.query_one("#typed-name", Input).focus()
            return
        self._who({"contact": event.option.id})

    @on(Input.Submitted, "#typed-name")
    def _typed(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if not name:
            self._start()
            return
        if len(name) > 200:
            self.query_one("#name-error", Label).update("That is longer than a name can be.")
            return
        assert self.rapport.store is not None
        known = contact_named(self.rapport.store, self.account_id, name)
        self._who({"contact": known["id"]} if known else {"name": name})

    def _who(self, person: dict[str, Any]) -> None:
        store = self.rapport.store
        assert store is not None
        self.person = person
        contact = person.get("contact")
        if contact and earlier_answer(store, self.wave_id, self.account_id, contact):
            name = store.require("contacts", contact)["name"]
            self.query_one("#again-who", Label).update(content(f"Hello, {name}."))
            self._page("again")
            self.set_focus(None)
            return
        self._ask()

    def _ask(self) -> None:
        self._page("questions")
        self.query_one(KioskQuestions).focus()

    def on_key(self, event: Any) -> None:
        page = self.query_one(ContentSwitcher).current
        if page == "again" and event.character in ("y", "n"):
            event.stop()
            self._ask() if event.character == "y" else self._start()
        elif page == "thanks" and event.key == "enter":
            event.stop()
            self._start()
        elif (
            page == "saving"
            and event.key == "enter"
            and self.query_one("#saving-error", Label).display
        ):
            event.stop()
            self._save()

    @on(KioskQuestions.Back)
    def _questions_back(self) -> None:
        self._start()

    @on(KioskQuestions.Finished)
    def _questions_done(self) -> None:
        self._page("comment")
        self.query_one("#comment-text", TextArea).focus()

    @on(Button.Pressed, "#send")
    def _send_pressed(self) -> None:
        self.action_send()

    def action_send(self) -> None:
        if self.query_one(ContentSwitcher).current == "comment":
            self._save()

    # -- saving ------------------------------------------------------------------------------

    def _save(self) -> None:
        asked = self.query_one(KioskQuestions)
        answer = {
            "answers": asked.answers,
            "recommend": asked.values.get("recommend"),
            "switch": asked.values.get("switch"),
            "comment": self.query_one("#comment-text", TextArea).text.strip(),
        }
        if (
            not answer["answers"]
            and answer["recommend"] is None
            and answer["switch"] is None
            and not answer["comment"]
        ):
            asked.reset()
            self._ask()
            self.notify("Please answer at least one question.", timeout=4)
            return
        self.query_one("#saving-text", Label).update("Saving your answers…")
        self.query_one("#saving-error", Label).display = False
        self._page("saving")
        self.set_focus(None)
        person, wave_id, account_id = dict(self.person), self.wave_id, self.account_id
        self.rapport.save(
            lambda store: kiosk_answer(store, wave_id, account_id, answer, **person),
            done=self._saved,
            invalid=self._not_saved,
            conflict=self._not_saved,
            failed=self._not_saved,
        )

    def _saved(self, result: ChangeSet) -> None:
        store = self.rapport.store
        assert store is not None
        contact_id = self.person.get("contact")
        if contact_id is None:
            created = result.created("responses")
            contact_id = created[0]["contact"] if created else None
        if contact_id is None:
            responses = [c.after for c in result.changes if c.table == "responses" and c.after]
            contact_id = responses[0]["contact"] if responses else None
        contact = store.get("contacts", contact_id) if contact_id else None
        first = contact["name"].split()[0] if contact and contact["name"].split() else ""
        self.query_one("#thanks-text", Label).update(
            content(f"Thank you{', ' + first if first else ''}!")
        )
        self._page("thanks")
        self.set_focus(None)
        self._timer = self.set_timer(THANKS_SECONDS, self._start)

    def _not_saved(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            reason = "; ".join(str(e) for e in error.errors)
        else:
            reason = str(error)
        self.query_one("#saving-text", Label).update("Your answers could not be saved yet.")
        label = self.query_one("#saving-error", Label)
        label.update(content(f"{reason}. Please call the staff member; enter tries again."))
        label.display = True

    # -- leaving -----------------------------------------------------------------------------

    def action_leave(self) -> None:
        if isinstance(self.app.screen, KioskLeave):
            return

        def leave(confirmed: bool | None) -> None:
            if not confirmed:
                return
            if self.standalone:
                self.app.run_worker(self.rapport.action_quit(), exclusive=False)
            else:
                self.dismiss()

        self.app.push_screen(KioskLeave(), leave)
