"""Opportunities: the form that adds or edits one (with the account that referred it, by
name), passing one to sales (P: whom to, checked against the people the file knows), and
closing one as won or lost (its value and day kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapport.store import ChangeSet, FieldError, Store, StoreError, ValidationError
from rapport.store.actions import pass_to_sales, save_record
from rapport.store.records import Record, find_account

from ..safe import content
from ..widgets.form import FormField, schema_fields
from .record_form import RecordForm

if TYPE_CHECKING:
    from ..app import RapportApp

FIELDS = ("what", "noticed", "value", "status", "passed_to", "noticed_by")


def opportunity_form(app: RapportApp, account_id: str, record: Record | None) -> RecordForm:
    """Add (``record`` None) or edit an opportunity of ``account_id``."""
    store = app.store
    assert store is not None
    account = store.require("accounts", account_id)
    specs = schema_fields("opportunities", FIELDS)
    specs.append(
        FormField(
            "referred_by",
            "referred by",
            "text",
            placeholder="the account that recommended us, if one did",
        )
    )
    if record is None:
        values: dict[str, Any] = {
            "noticed": app.ctx.today().isoformat(),
            "noticed_by": app.ctx.user,
            "status": "open",
        }
    else:
        values = dict(record)
        referrer = store.get("accounts", record.get("referred_by") or "")
        values["referred_by"] = referrer["name"] if referrer else ""
    record_id = record["id"] if record else None

    def save(store: Store, values: dict[str, Any], expect: int | None) -> ChangeSet:
        data = dict(values)
        name = str(data.pop("referred_by", "") or "").strip()
        try:
            data["referred_by"] = find_account(store, name)["id"] if name else None
        except StoreError as e:
            hint = getattr(e, "suggestions", None)
            maybe = f" (did you mean {', '.join(map(repr, hint))}?)" if hint else ""
            reason = f"no such account{maybe}" if hint is not None else str(e)
            raise ValidationError([FieldError("referred_by", reason)]) from None
        if data["referred_by"] == account_id:
            raise ValidationError([FieldError("referred_by", "an account cannot refer itself")])
        if record_id is None:
            data["account"] = account_id
        return save_record(store, "opportunities", data, record_id=record_id, expect=expect)

    title = f"{'Edit' if record else 'New'} opportunity · {account['name']}"
    return RecordForm(title, specs, values, save, expect=record["version"] if record else None)


class PassToSales(RecordForm):
    """Whom the opportunity goes to, checked as every person's name is: a name nobody in the
    file has is asked about (a new person, or a typo to mend, with the closest names)."""

    def __init__(self, record: Record) -> None:
        self.record_id = str(record["id"])
        specs = [
            FormField(
                "to",
                "pass to",
                "text",
                required=True,
                placeholder="who in sales takes it up (they get a follow-up)",
                person=True,
            )
        ]
        title = f"Pass to sales · {record['what']}"
        super().__init__(
            title,
            specs,
            {"to": record.get("passed_to") or ""},
            self._pass,
            expect=record["version"],
        )

    def _pass(self, store: Store, values: dict[str, Any], expect: int | None) -> ChangeSet:
        typed = " ".join(str(values.get("to") or "").split())
        if not typed:
            raise ValidationError([FieldError("to", "is required: whom is it passed to?")])
        return pass_to_sales(store, self.record_id, typed, expect=expect)

    def _saved(self, result: ChangeSet) -> None:
        passed = [c.after for c in result.changes if c.table == "opportunities" and c.after]
        if passed:
            self.app.notify(
                content(f"Passed to {passed[0]['passed_to']}: a follow-up is in their agenda"),
                timeout=4,
            )
        super()._saved(result)


def pass_form(app: RapportApp, record: Record) -> None:
    """P: ask whom to pass the opportunity to (not one that was won or lost already)."""
    if record["status"] in ("won", "lost"):
        app.notify(f"It was {record['status']}: o opens it again first", timeout=4)
        return
    app.push_screen(PassToSales(record))


def close_opportunity(app: RapportApp, record: Record, status: str) -> None:
    """Mark an opportunity won or lost (its value kept, the day stamped), or open again."""
    record_id, version = str(record["id"]), int(record["version"])
    message = {"won": "Won", "lost": "Lost", "open": "Open again"}[status]
    app.save(
        lambda store: save_record(
            store,
            "opportunities",
            {"status": status},
            record_id=record_id,
            expect=version,
            label=f"mark an opportunity {status}",
        ),
        done=lambda _: app.notify(content(f"{message}: {record['what']}"), timeout=3),
    )
