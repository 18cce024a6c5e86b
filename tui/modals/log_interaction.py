"""Log an interaction: a call, a visit, an email ... in a few seconds.

Focus starts in the summary; kind (call) and date (today) are filled in. It shows who else
on our side was in touch with the account in the last 30 days, so the customer deals with
one company. A sale offers a thank-you follow-up once it is saved. Opened for an appointment
whose time has passed, it starts from the appointment (kind, day, contacts, summary) and the
interaction saved closes it as held.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from rapport.store import ChangeSet, Store
from rapport.store.actions import (
    appointment_log_values,
    hold_appointment,
    log_interaction,
    thank_you_due,
)
from rapport.store.records import FIELDS, INTERACTION_KINDS, Record

from ..formatting import long_date, sentiment
from ..safe import content
from ..widgets.form import FormField
from .confirm import Confirm
from .record_form import RecordForm

SENTIMENTS = [(sentiment(v), v) for v in (0, 1, 2, -1, -2)]


class LogInteraction(RecordForm):
    HINT = "^f follow-up · ^s save · esc cancel"
    BINDINGS = [
        Binding("ctrl+f", "follow_up", "Follow-up date", id="log.follow_up"),
    ]
    DEFAULT_CSS = """
    LogInteraction #in-touch { color: $text-muted; width: 100%; }
    LogInteraction FieldRow TextArea { height: 3; }
    """

    def __init__(
        self,
        account_id: str,
        *,
        appointment: Record | None = None,
        preset: dict[str, Any] | None = None,
    ) -> None:
        self.account_id = account_id
        self.appointment = appointment
        self.preset = preset or {}
        """Values the form starts with (a gift for a decision maker, a referral asked)."""
        super().__init__("", [], {}, self._save)

    def compose(self) -> ComposeResult:
        store = self.rapport.store
        assert store is not None
        account = store.require("accounts", self.account_id)
        contacts = sorted(
            store.for_account("contacts", self.account_id), key=lambda c: c["name"].casefold()
        )
        self.form_title = f"Log an interaction with {account['name']}"
        self.specs = [
            FormField("summary", "summary", "long", required=True),
            FormField("kind", "kind", "choice", [(k, k) for k in INTERACTION_KINDS], required=True),
            FormField(
                "date",
                "date",
                "date",
                required=True,
                placeholder="YYYY-MM-DD, today, -1, mon",
                field=FIELDS["interactions"]["date"],
            ),
            FormField("contacts", "with", "multi", [(c["name"], c["id"]) for c in contacts]),
            FormField("sentiment", "sentiment", "choice", SENTIMENTS),
            FormField("follow_up", "follow up on", "date", placeholder="+7, fri, YYYY-MM-DD"),
            FormField(
                "promise", "we promised", "text", placeholder="what we committed to, if anything"
            ),
            FormField("promise_due", "promise due", "date", placeholder="+14, YYYY-MM-DD"),
        ]
        if not contacts:
            self.specs = [s for s in self.specs if s.name != "contacts"]
        self.values = {"kind": "call", "date": self.rapport.ctx.today().isoformat(), "sentiment": 0}
        self.values.update(self.preset)
        if self.appointment is not None:
            self.form_title = f"Log the {self.appointment['kind']} held with {account['name']}"
            known = {c["id"] for c in contacts}
            held = appointment_log_values(self.appointment, self.rapport.ctx.today())
            held["contacts"] = [c for c in held["contacts"] if c in known]
            self.values.update(held)
        yield from super().compose()

    def action_follow_up(self) -> None:
        """Straight to the follow-up date from any field (a call with a follow-up is then
        i, the summary, ctrl+f, +7, ctrl+s)."""
        self.body.row("follow_up").editor.focus()

    def compose_extra(self) -> ComposeResult:
        yield Label(content(self._in_touch()), id="in-touch")

    def _in_touch(self) -> str:
        store = self.rapport.store
        assert store is not None
        me = self.rapport.ctx.user
        since = (self.rapport.ctx.today() - timedelta(days=30)).isoformat()
        latest: dict[str, tuple[str, str]] = defaultdict(lambda: ("", ""))
        for item in store.for_account("interactions", self.account_id):
            if (
                item["date"] >= since
                and item["staff"] != me
                and item["date"] > latest[item["staff"]][0]
            ):
                latest[item["staff"]] = (item["date"], item["kind"])
        if not latest:
            return "Nobody else on our side was in touch in the last 30 days."
        people = sorted(latest.items(), key=lambda kv: kv[1][0], reverse=True)
        shown = ", ".join(f"{who} ({kind} {when[5:]})" for who, (when, kind) in people[:4])
        more = f" and {len(people) - 4} more" if len(people) > 4 else ""
        return f"Also in touch in the last 30 days: {shown}{more}"

    def _save(self, store: Store, values: dict[str, Any], _expect: int | None) -> ChangeSet:
        if self.appointment is not None:
            return hold_appointment(
                store,
                self.appointment["id"],
                expect=self.appointment["version"],
                **self._logged(values),
            )
        return log_interaction(store, self.account_id, **self._logged(values))

    @staticmethod
    def _logged(values: dict[str, Any]) -> dict[str, Any]:
        return dict(
            summary=values.get("summary") or "",
            kind=values.get("kind") or "call",
            on=values.get("date"),
            contacts=values.get("contacts") or (),
            sentiment=values.get("sentiment") or 0,
            follow_up=values.get("follow_up"),
            promise=values.get("promise") or "",
            promise_due=values.get("promise_due"),
        )

    def _saved(self, result: ChangeSet) -> None:
        interaction = result.created("interactions")[0]
        super()._saved(result)
        self.app.notify(
            content(f"Logged: {interaction['kind']} on {long_date(interaction['date'])}"), timeout=3
        )
        if interaction["kind"] == "sale" and not result.created("followups"):
            self._offer_thank_you(interaction)

    def _offer_thank_you(self, sale: Any) -> None:
        app = self.rapport
        due = thank_you_due(sale["date"])

        def answer(yes: bool | None) -> None:
            if not yes:
                return

            def plan(store: Store) -> ChangeSet:
                with store.transaction("plan a thank-you") as tx:
                    tx.create(
                        "followups",
                        {
                            "account": sale["account"],
                            "due": due,
                            "owner": app.ctx.user,
                            "what": "Thank them for the order",
                            "interaction": sale["id"],
                            "origin": "sale",
                        },
                    )
                assert tx.result is not None
                return tx.result

            app.save(
                plan,
                done=lambda _: app.notify(
                    content(f"Thank-you follow-up on {long_date(due)}"), timeout=3
                ),
            )

        app.push_screen(
            Confirm(
                f"A sale! Plan a thank-you follow-up for {long_date(due)}?",
                yes="Plan it",
                no="Not now",
                safe_is_no=False,
            ),
            answer,
        )
