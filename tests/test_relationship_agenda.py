"""The agenda's relationship items (issue 15): renewals 60 days ahead for accounts that are not
Ambassadors, key decision makers without a gesture in 12 months, each coming birthday with
whether a gesture was logged this year, Ambassadors to ask for a referral (a referral resets
it); the portfolio's value up for renewal; alerts between waves; the screens that show them."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import context, screen_text, settle
from relationship_world import build_world, day

from rapport.store import Store
from rapport.store.actions import log_interaction, record_response, save_record
from rapport.store.views import agenda
from rapport.tui.app import make_app
from rapport.tui.config import Config

TODAY = context().today()


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    return build_world(db_path, context())


def items_of(db_path: Path, owner: str | None, kind: str) -> list:  # type: ignore[type-arg]
    with Store.open(db_path, context(), read_only=True) as store:
        return [i for i in agenda(store, TODAY, owner=owner) if i.kind == kind]


def test_renewals_60_days_ahead_for_accounts_that_are_not_ambassadors(
    db_path: Path, world: dict[str, str]
) -> None:
    renewals = items_of(db_path, None, "renewal")
    # Energy (Ambassador, +20) is left out; Solo (+80) and Labs (+100) are too far
    assert [(i.account, i.when) for i in renewals] == [("Nordwind Services", day(45))]
    assert "renews in 45 days (Opportunist)" in renewals[0].what
    with Store.open(db_path, context()) as store:
        save_record(store, "accounts", {"renewal": day(60)}, record_id=world["solo"])
        save_record(store, "accounts", {"renewal": day(-3)}, record_id=world["labs"])
    renewals = {i.account: i for i in items_of(db_path, None, "renewal")}
    assert set(renewals) == {"Nordwind Services", "Solo Foods", "Nordwind Labs"}
    assert "(Defector)" in renewals["Solo Foods"].what
    late = renewals["Nordwind Labs"]
    assert late.overdue and "renewal was due 3 days ago" in late.what
    assert [i.account for i in items_of(db_path, "bob", "renewal")] == ["Nordwind Services"]


def test_the_portfolio_shows_the_value_up_for_renewal_by_class(
    db_path: Path, world: dict[str, str], cli
) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("portfolio", "--format", "json", db=db_path).stdout)
    renewals = data["renewals"]
    assert renewals["days"] == 90
    assert renewals["by_class"] == {
        "Ambassador": 600_000,
        "Opportunist": 200_000,
        "Defector": 50_000,
        "Unsurveyed": 0,
    }
    assert [a["account"] for a in renewals["accounts"]] == [
        "Nordwind Energy",
        "Nordwind Services",
        "Solo Foods",
    ]  # fmt: skip, soonest first; Labs (+100 days) is not in the 90
    text = " ".join(cli("portfolio", db=db_path).stdout.split())
    assert "Up for renewal in the next 90 days: 850k in 3 accounts" in text
    assert "at risk with Opportunists and Defectors: 250k" in text


def test_key_decision_makers_without_a_gesture_in_12_months(
    db_path: Path, world: dict[str, str]
) -> None:
    gestures = items_of(db_path, "ann", "gesture")
    # Erik had a gift on 2026-02-01; Kim never had one; Solo Foods is not a key account
    assert [(i.account, i.record_id) for i in gestures] == [("Nordwind Energy", world["kim"])]
    assert (
        "Kim Lund (CFO), a decision maker: no gesture, gift or card in 12 months"
        in gestures[0].what
    )
    with Store.open(db_path, context("ann")) as store:
        log_interaction(
            store, world["energy"], summary="Card", kind="card", contacts=[world["kim"]]
        )
    assert items_of(db_path, "ann", "gesture") == []


def test_each_coming_birthday_says_whether_a_gesture_was_logged_this_year(
    db_path: Path, world: dict[str, str]
) -> None:
    [birthday] = items_of(db_path, "ann", "birthday")
    assert birthday.what == "Erik Berg's birthday · gesture logged 2026-02-01"
    with Store.open(db_path, context("ann")) as store:
        save_record(store, "contacts", {"birthday": "--12-20"}, record_id=world["kim"])
    dates = {i.record_id: i.what for i in items_of(db_path, "ann", "birthday")}
    assert dates[world["kim"]] == "Kim Lund's birthday · no gesture logged in 2026 yet"


def test_ambassadors_are_asked_for_a_referral_once_a_year(
    db_path: Path, world: dict[str, str]
) -> None:
    [ask] = items_of(db_path, None, "referral")
    assert ask.account == "Nordwind Energy" and "never asked" in ask.what
    with Store.open(db_path, context("ann")) as store:
        log_interaction(store, world["energy"], summary="Asked", kind="referral", on="2025-11-01")
    [ask] = items_of(db_path, None, "referral")
    assert "last asked 2025-11-01" in ask.what, "more than 12 months ago"
    with Store.open(db_path, context("ann")) as store:
        log_interaction(store, world["energy"], summary="Asked again", kind="referral")
    assert items_of(db_path, None, "referral") == [], "a referral resets it"


def test_an_account_falling_a_band_between_waves_gives_its_owner_a_follow_up_once(
    db_path: Path, world: dict[str, str]
) -> None:
    with Store.open(db_path, context("ann")) as store:
        [autumn] = [w for w in store.all("waves") if w["name"] == "Autumn"]
        winter = store.get("waves", autumn["id"])
        from rapport.store.actions import open_wave

        winter_id = open_wave(store, "Winter", "2026-11-20").created("waves")[0]["id"]
        scores = dict.fromkeys(
            ("trust", "satisfaction", "promises", "responsiveness", "resolution", "needs",
             "communication", "fairness", "balance", "value"), 3,
        )  # fmt: skip
        response = {
            "account": world["energy"], "wave": winter_id, "contact": world["kim"],
            "respondent": "customer", "answers": scores, "recommend": 7, "switch": 2,
        }  # fmt: skip
        made = record_response(store, response)
        alerts = [f for f in made.created("followups") if f["ref"].startswith("alert:")]
        assert len(alerts) == 1
        alert = alerts[0]
        assert alert["owner"] == "ann" and alert["due"] == day(2)
        assert alert["what"].startswith("Alert: strength fell from strong to steady")
        assert "class went from Ambassador to Opportunist since Autumn" in alert["what"]
        again = record_response(store, {**response, "contact": world["erik"]})
        assert not [f for f in again.created("followups") if f["ref"].startswith("alert:")]
        assert winter is not None


def point(wave: str, cls: str, strength: float) -> SimpleNamespace:
    return SimpleNamespace(wave=wave, name=wave.title(), cls=cls, strength=strength)


def card(*points: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(
        account={"id": "acc", "owner": "ann"}, wave={"id": points[-1].wave}, series=points
    )


@pytest.mark.parametrize(
    ("before", "now", "says"),
    [
        (("Ambassador", 75), ("Ambassador", 65), "strength fell from strong to steady (75 to 65)"),
        (("Ambassador", 75), ("Opportunist", 72), "class went from Ambassador to Opportunist"),
        (
            ("Opportunist", 60),
            ("Defector", 40),
            "fell from steady to weak (60 to 40) and class went from Opportunist to Defector",
        ),
        (("Opportunist", 60), ("Defector", 55), None),  # turning Defector: the loop follows it up
        (("Opportunist", 60), ("Ambassador", 52), None),  # better, in the same band
        (("Unsurveyed", 20), ("Defector", 10), None),  # no class to compare, the same band
        (("Defector", 20), ("Opportunist", 71), None),
    ],
)
def test_alerts_between_waves(before, now, says) -> None:  # type: ignore[no-untyped-def]
    from rapport.store.loyalty.alerts import wave_alerts

    drafts = wave_alerts(
        card(point("spring", *before), point("autumn", *now)), followups=[], today=TODAY
    )
    if says is None:
        assert drafts == []
        return
    [draft] = drafts
    assert says in draft.what and draft.what.endswith("since Spring")
    assert (draft.ref, draft.owner, draft.due.isoformat()) == ("alert:autumn:acc", "ann", day(2))
    again = wave_alerts(
        card(point("spring", *before), point("autumn", *now)),
        followups=[{"ref": "alert:autumn:acc", "status": "done"}],
        today=TODAY,
    )
    assert again == [], "once"
    single = wave_alerts(card(point("autumn", *now)), followups=[], today=TODAY)
    assert single == [], "a first wave has nothing to compare with"


async def test_the_agenda_screen_shows_the_new_items_and_x_acts_on_them(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = make_app(db_path, context("ann"), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("a")
        await settle(pilot)
        shown = screen_text(app)
        assert "gesture" in shown and "referral" in shown and "birthday" in shown
        await pilot.press("slash", *"kim lund", "enter", "x")
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "LogInteraction"
        values = form.body.raw_values()  # type: ignore[attr-defined]
        assert values["kind"] == "gift" and values["contacts"] == [world["kim"]]
        await pilot.press(*"Flowers for the new office", "ctrl+s")
        await settle(pilot)
        assert "Kim Lund" not in screen_text(app), "the gesture is logged: the item is gone"
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"referral", "enter", "x")
        await settle(pilot)
        assert app.screen.body.raw_values()["kind"] == "referral"  # type: ignore[attr-defined]


async def test_the_contacts_tab_shows_each_persons_gestures(
    db_path: Path, world: dict[str, str], tmp_path: Path
) -> None:
    app = make_app(db_path, context("ann"), Config(path=tmp_path / "c.json"), poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"nordwind energy", "enter")  # the one account found opens
        await settle(pilot)
        assert "renewal in 20 days" in screen_text(app), "the header shows the renewal"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        [erik] = [line for line in lines if "Erik Berg" in line]
        assert "1 02-01" in erik, "one gesture, the last on 1 February"
        await pilot.press("v")
        await settle(pilot)
        assert type(app.screen).__name__ == "GesturesModal"
        assert "Wine for Erik" in screen_text(app)
