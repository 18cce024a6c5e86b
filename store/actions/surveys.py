"""Survey work as single saves: record responses (closing the loop in the same save), open
and close waves, and change the questionnaire without changing what old waves meant."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ..engine.store import Store
from ..engine.transaction import ChangeSet, Op
from ..errors import StoreError
from ..loyalty.alerts import wave_alerts
from ..loyalty.card import loyalty_card
from ..loyalty.followthrough import close_the_loop, wave_order
from ..records.ids import new_id
from ..records.names import fold
from ..records.records import Record, thaw
from ..records.validate import FieldError, ValidationError, clean
from ..views.cards import Shared
from ..views.rows import current_questionnaire


def newest_wave(waves: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The survey wave the loop is closed for: the newest by date (then id). Answers that
    come in for an older wave (an import of past waves) are history, not news to act on."""
    return max(waves, key=wave_order, default=None)


def loop_drafts(
    store: Store,
    account_id: str,
    wave: Mapping[str, Any],
    added: Iterable[Mapping[str, Any]],
    today: date,
    *,
    new_waves: Iterable[Mapping[str, Any]] = (),
    shared: Shared | None = None,
) -> list[dict[str, Any]]:
    """The follow-ups closing the loop asks for, counting ``added`` responses (not saved yet;
    one with the id of a saved response stands for its new version) with the saved ones,
    due from ``today``, and the alert between waves (a band or a class worse than in the
    wave before). Never one whose reason already has a follow-up, open or done; none for a
    wave that is not the newest (of the file's waves and ``new_waves``, made in the same
    save)."""
    account = store.require("accounts", account_id)
    shared = shared or Shared(store)
    known = {str(w["id"]) for w in shared.waves}
    waves = [*shared.waves, *(w for w in [*new_waves, wave] if str(w["id"]) not in known)]
    waves = list({str(w["id"]): w for w in waves}.values())
    newest = newest_wave(waves)
    if newest is None or str(newest["id"]) != str(wave["id"]):
        return []
    fresh = list(added)
    replaced = {r.get("id") for r in fresh}
    responses = [
        *(r for r in store.for_account("responses", account_id) if r["id"] not in replaced),
        *fresh,
    ]
    contacts = store.for_account("contacts", account_id)
    card = loyalty_card(
        account,
        today=today,
        waves=waves,
        responses=responses,
        questionnaires=shared.questionnaires,
        contacts=contacts,
        interactions=store.dates_for(account_id),
        promises=store.for_account("promises", account_id),
        complaints=store.for_account("complaints", account_id),
        settings=shared.settings,
        wave=str(wave["id"]),
    )
    followups = store.for_account("followups", account_id)
    drafts = close_the_loop(
        account,
        wave,
        responses,
        cls_now=card.cls,
        cls_before=card.previous_cls,
        followups=followups,
        today=today,
        contacts=contacts,
        settings=shared.settings,
    )
    drafts += wave_alerts(card, followups=followups, today=today, settings=shared.settings)
    return [d.as_record() for d in drafts]


def loop_ops(store: Store, ops: Sequence[Op], today: date) -> list[Op]:
    """For a save that adds or changes survey responses (an import), the follow-ups closing
    the loop asks for, as more changes for the same save."""
    new_waves = {
        op.id: {**(op.data or {}), "id": op.id}
        for op in ops
        if op.table == "waves" and op.kind == "create"
    }
    added: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for op in ops:
        if op.table != "responses" or op.kind not in ("create", "update"):
            continue
        response = {**(store.get("responses", op.id) or {}), **(op.data or {}), "id": op.id}
        added.setdefault((response["account"], response["wave"]), []).append(response)
    more = []
    shared = Shared(store)
    for (account_id, wave_id), responses in added.items():
        wave = store.get("waves", wave_id) or new_waves.get(wave_id)
        if wave is None or store.get("accounts", account_id) is None:
            continue
        for draft in loop_drafts(
            store,
            account_id,
            wave,
            responses,
            today,
            new_waves=new_waves.values(),
            shared=shared,
        ):
            more.append(Op("create", "followups", new_id(), clean("followups", draft)))
    return more


class AlreadyAnswered(StoreError):
    """The contact (or, for a mirror, the member of staff) already answered for this
    account in this wave: the new answer replaces the earlier one only when told to."""

    def __init__(self, earlier: Record, who: str) -> None:
        self.earlier = earlier
        self.who = who
        super().__init__(
            f"{who} already answered in this wave (response {earlier['id']}); "
            "replace it, or keep the first"
        )


def record_response(
    store: Store,
    data: Mapping[str, Any],
    *,
    today: date | None = None,
    replace: str | None = None,
) -> ChangeSet:
    """Save one survey response; a low recommend or an account turning Defector creates a
    follow-up for the owner in the same save (so undo takes both back).

    A second answer from the same contact (or mirror from the same member of staff) for
    the account in the wave raises :class:`AlreadyAnswered`, unless ``replace`` is the id
    of that earlier answer (the user saw both and chose): then it replaces it."""
    values = clean("responses", data)
    errors = []
    if values["respondent"] == "customer" and not values.get("contact"):
        errors.append(FieldError("contact", "a customer response names the contact who answered"))
    if values["respondent"] == "employee":
        values["contact"] = None
        if not values.get("staff"):
            errors.append(FieldError("staff", "an employee mirror names who on our side answered"))
    said = values["answers"] or values.get("comment")
    if not said and values.get("recommend") is None and values.get("switch") is None:
        errors.append(FieldError("answers", "nothing was answered"))
    wave = store.get("waves", values["wave"]) if values.get("wave") else None
    if wave is not None and wave["status"] == "closed":
        errors.append(FieldError("wave", f"{wave['name']} is closed; reopen it to add responses"))
    if errors:
        raise ValidationError(errors)
    today = today or store.ctx.today()
    values["date"] = values.get("date") or today.isoformat()
    earlier = _earlier_answer(store, values)
    if earlier is not None and earlier["id"] != replace:
        if values["respondent"] == "customer":
            contact = store.get("contacts", str(values["contact"]))
            who = contact["name"] if contact else "this contact"
        else:
            who = f"{values['staff']} (mirror)"
        raise AlreadyAnswered(earlier, who)
    record_id = earlier["id"] if earlier else new_id()
    assert wave is not None
    drafts = loop_drafts(store, values["account"], wave, [{**values, "id": record_id}], today)
    label = "replace a survey response" if earlier else "record a survey response"
    with store.transaction(label) as tx:
        if earlier:
            tx.update("responses", record_id, values, expect=earlier["version"])
        else:
            tx.create("responses", values, id=record_id)
        for draft in drafts:
            tx.create("followups", draft)
    assert tx.result is not None
    return tx.result


def _earlier_answer(store: Store, values: Mapping[str, Any]) -> Record | None:
    """The response this one replaces: the same contact (or, for a mirror, the same member
    of staff) answering for the same account in the same wave."""
    who = "contact" if values["respondent"] == "customer" else "staff"
    for r in store.for_account("responses", values["account"]):
        if (r["wave"], r["respondent"], r.get(who)) == (
            values["wave"],
            values["respondent"],
            values.get(who),
        ):
            return r
    return None


def open_wave(store: Store, name: str, on: date | str, *, expect: int | None = None) -> ChangeSet:
    """Start a survey wave with the newest questionnaire."""
    questionnaire = current_questionnaire(store)
    if questionnaire is None:
        raise StoreError("there is no questionnaire to survey with")
    _wave_name_is_free(store, name)
    with store.transaction(f"open wave {name}") as tx:
        tx.create(
            "waves",
            {
                "name": name.strip(),
                "date": on,
                "status": "open",
                "questionnaire": questionnaire["id"],
            },
        )
    assert tx.result is not None
    return tx.result


def edit_wave(
    store: Store, wave_id: str, values: Mapping[str, Any], *, expect: int | None = None
) -> ChangeSet:
    """Rename or redate a wave; its name stays its own (``--wave NAME`` finds it)."""
    if values.get("name"):
        _wave_name_is_free(store, str(values["name"]), wave_id)
    with store.transaction("edit wave") as tx:
        tx.update("waves", wave_id, values, expect=expect)
    assert tx.result is not None
    return tx.result


def _wave_name_is_free(store: Store, name: str, wave_id: str | None = None) -> None:
    wanted = fold(name)
    for other in store.all("waves"):
        if other["id"] != wave_id and fold(other["name"]) == wanted:
            raise ValidationError(
                [FieldError("name", f"a wave named {other['name']!r} exists already")]
            )


def in_use(store: Store, questionnaire_id: str) -> bool:
    """Does any wave ask this version of the questionnaire?"""
    return any(w["questionnaire"] == questionnaire_id for w in store.all("waves"))


def edit_questionnaire(
    store: Store,
    *,
    statements: list[Mapping[str, Any]],
    factors: list[Mapping[str, Any]] | None = None,
    expect: int | None = None,
) -> ChangeSet:
    """Save the questionnaire's statements (and factors). When a wave already asked the
    current version, a new version is made and old waves keep the one they asked."""
    current = current_questionnaire(store)
    if current is None:
        raise StoreError("there is no questionnaire yet")
    factor_list = [dict(f) for f in (factors if factors is not None else thaw(current["factors"]))]
    known = {f["key"] for f in factor_list}
    keys: set[str] = set()
    errors = []
    for i, s in enumerate(statements, 1):
        if not str(s.get("text", "")).strip():
            errors.append(FieldError(f"statement {i}", "has no text"))
        if s.get("factor") not in known:
            errors.append(
                FieldError(
                    f"statement {i}",
                    f"factor {s.get('factor')!r} is not one of {', '.join(sorted(known))}",
                )
            )
        if s.get("key") in keys:
            errors.append(FieldError(f"statement {i}", f"key {s.get('key')!r} is used twice"))
        keys.add(str(s.get("key")))
    if errors:
        raise ValidationError(errors)
    body = {"factors": factor_list, "statements": [dict(s) for s in statements]}
    with store.transaction("edit the questionnaire") as tx:
        if in_use(store, current["id"]):
            tx.create(
                "questionnaires",
                {
                    **body,
                    "number": current["number"] + 1,
                    "name": current["name"],
                    "created": store.ctx.today(),
                },
            )
        else:
            tx.update("questionnaires", current["id"], body, expect=expect)
    assert tx.result is not None
    return tx.result


def statement_key(existing: Iterable[Record | Mapping[str, Any]], factor: str) -> str:
    """A new statement's key: the factor's key, or ``factor_2``, ``factor_3``..."""
    taken = {str(s.get("key")) for s in existing}
    if factor not in taken:
        return factor
    n = 2
    while f"{factor}_{n}" in taken:
        n += 1
    return f"{factor}_{n}"
