"""Closing the loop (follow-ups from unhappy answers and new Defectors) and progress against
plan (score before and after each plan item, against its target)."""

from __future__ import annotations

from datetime import date

from rapport.store.loyalty.followthrough import close_the_loop, plan_progress

TODAY = date(2025, 6, 30)
ACCOUNT = {"id": "acc1", "name": "Acme", "owner": "ann"}
WAVE = {"id": "w2", "name": "Spring 2025", "date": "2025-06-01"}
CONTACTS = [{"id": "c1", "name": "Bea Boss"}]


def resp(rid, recommend, *, date_="2025-06-20", contact="c1", **kw):
    r = {
        "id": rid,
        "wave": "w2",
        "account": "acc1",
        "contact": contact,
        "respondent": "customer",
        "answers": {},
        "recommend": recommend,
        "switch": 3,
        "date": date_,
    }
    return r | kw


def loop(responses, cls_now="Opportunist", cls_before="Opportunist", followups=(), **kw):
    return close_the_loop(
        ACCOUNT,
        WAVE,
        responses,
        cls_now=cls_now,
        cls_before=cls_before,
        followups=followups,
        today=TODAY,
        contacts=CONTACTS,
        **kw,
    )


def test_recommend_six_creates_a_follow_up_due_two_days_after_today():
    [d] = loop([resp("r1", 6)])
    # answered 2025-06-20, taken in today (2025-06-30): due 2025-07-02, not already overdue
    assert (d.account, d.owner, d.due, d.ref) == ("acc1", "ann", date(2025, 7, 2), "loop:r1")
    assert d.what == "Close the loop: Bea Boss would recommend us 6 of 10 (Spring 2025)"
    assert d.as_record() == {
        "account": "acc1",
        "owner": "ann",
        "due": "2025-07-02",
        "what": "Close the loop: Bea Boss would recommend us 6 of 10 (Spring 2025)",
        "status": "open",
        "origin": "survey",
        "ref": "loop:r1",
    }


def test_recommend_seven_or_none_creates_nothing():
    assert loop([resp("r1", 7), resp("r2", None), resp("r3", 10)]) == []


def test_recommend_zero_creates_one():
    assert [d.ref for d in loop([resp("r1", 0)])] == ["loop:r1"]


def test_a_response_without_a_date_is_due_two_days_from_today():
    [d] = loop([resp("r1", 3, date_=None, contact=None)])
    # 2025-06-30 + 2 = 2025-07-02; no contact: "a customer"
    assert d.due == date(2025, 7, 2)
    assert "a customer would recommend us 3 of 10" in d.what


def test_only_this_accounts_customer_responses_in_this_wave():
    others = [
        resp("r1", 2, respondent="employee"),
        resp("r2", 2, account="acc2"),
        resp("r3", 2, wave="w1"),
    ]
    assert loop(others) == []


def test_never_twice_whether_the_earlier_one_is_open_or_done():
    responses = [resp("r1", 5), resp("r2", 4), resp("r3", 1)]
    existing = [
        {"ref": "loop:r1", "status": "open"},
        {"ref": "loop:r2", "status": "done"},
        {"ref": "", "status": "open"},
    ]
    assert [d.ref for d in loop(responses, followups=existing)] == ["loop:r3"]


def test_calling_again_with_what_it_made_creates_nothing():
    responses = [resp("r1", 5)]
    first = [d.as_record() for d in loop(responses, cls_now="Defector")]
    assert len(first) == 1
    assert loop(responses, cls_now="Defector", followups=first) == []
    # the follow-up done, the same answers again: still nothing (its refs are taken)
    done = [{**f, "status": "done"} for f in first]
    assert loop(responses, cls_now="Defector", followups=done) == []


def test_turning_defector_creates_one_for_the_account():
    [d] = loop([resp("r1", 7)], cls_now="Defector", cls_before="Opportunist")
    # due today + 2 = 2025-07-02
    assert d.ref == "loop:defector:w2:acc1"
    assert d.due == date(2025, 7, 2)
    assert d.what == "Close the loop: the account turned Defector in Spring 2025 (was Opportunist)"


def test_a_first_survey_that_finds_a_defector_counts_as_turning():
    [d] = loop([resp("r1", 7)], cls_now="Defector", cls_before=None)
    assert d.what == "Close the loop: the account turned Defector in Spring 2025"


def test_staying_defector_or_not_being_one_creates_nothing():
    assert loop([resp("r1", 7)], cls_now="Defector", cls_before="Defector") == []
    assert loop([resp("r1", 7)], cls_now="Opportunist", cls_before="Defector") == []


def test_an_answer_that_also_turns_the_account_defector_gives_one_follow_up():
    [d] = loop([resp("r1", 2)], cls_now="Defector", cls_before="Ambassador")
    assert d.ref == "loop:r1 loop:defector:w2:acc1"
    assert d.what == (
        "Close the loop: Bea Boss would recommend us 2 of 10 (Spring 2025);"
        " the account turned Defector (was Ambassador)"
    )


def test_turning_defector_while_a_loop_follow_up_of_the_wave_is_open_adds_none():
    answers = [resp("r1", 5), resp("r2", 8)]
    open_one = [{"ref": "loop:r1", "status": "open"}]
    assert loop(answers, cls_now="Defector", followups=open_one) == []
    other_wave = [{"ref": "loop:r9", "status": "open"}]
    refs = [d.ref for d in loop(answers[1:], cls_now="Defector", followups=other_wave)]
    assert refs == ["loop:defector:w2:acc1"]
    done = [{"ref": "loop:r1", "status": "done"}]
    refs = [d.ref for d in loop(answers, cls_now="Defector", followups=done)]
    assert refs == ["loop:defector:w2:acc1"]


def test_loop_settings():
    s = {"closing_the_loop": {"recommend_max": 8, "due_days": 5}}
    ds = loop([resp("r1", 8), resp("r2", 9)], settings=s)
    # 8 <= 8 triggers, 9 does not; due today 2025-06-30 + 5 = 2025-07-05
    assert [(d.ref, d.due) for d in ds] == [("loop:r1", date(2025, 7, 5))]


# progress against plan ---------------------------------------------------------------------

WAVES = [
    {"id": "w3", "name": "Autumn 2025", "date": "2025-10-01"},
    {"id": "w1", "name": "Autumn 2024", "date": "2024-10-01"},
    {"id": "w2", "name": "Spring 2025", "date": "2025-04-01"},
]
MEANS = {
    "w1": {"trust": 3.0, "value": 2.5},
    "w2": {"trust": 3.5, "value": 3.0},
    "w3": {"trust": 4.0},
}


def item(iid, factor, target, wave, status="open"):
    return {
        "id": iid,
        "what": f"lift {factor}",
        "factor": factor,
        "target": target,
        "wave": wave,
        "status": status,
    }


def test_before_after_and_met():
    [p] = plan_progress([item("p1", "trust", 4.0, "w1")], WAVES, MEANS)
    # before: w1 trust 3.0; after: the newest later wave w3, trust 4.0; 4.0 >= 4.0: met
    assert (p.before_wave, p.before, p.after_wave, p.after, p.met) == ("w1", 3.0, "w3", 4.0, True)


def test_below_target_is_not_met():
    [p] = plan_progress([item("p1", "trust", 4.1, "w1")], WAVES, MEANS)
    # 4.0 < 4.1
    assert p.met is False


def test_upto_limits_the_after_wave():
    [p] = plan_progress([item("p1", "trust", 3.5, "w1")], WAVES, MEANS, upto="w2")
    # after: w2 (w3 is beyond the card's wave): 3.5 >= 3.5
    assert (p.after_wave, p.after, p.met) == ("w2", 3.5, True)


def test_factor_not_answered_in_the_later_wave():
    [p] = plan_progress([item("p1", "value", 3.0, "w2")], WAVES, MEANS)
    # after wave w3 has no value answer: after and met unknown
    assert (p.before, p.after_wave, p.after, p.met) == (3.0, "w3", None, None)


def test_no_later_wave_yet():
    [p] = plan_progress([item("p1", "trust", 4.5, "w3")], WAVES, MEANS)
    assert (p.before, p.after_wave, p.after, p.met) == (4.0, None, None, None)


def test_planned_on_a_wave_the_account_was_not_surveyed_in():
    means = {"w1": {"trust": 3.0}, "w3": {"trust": 3.2}}
    [p] = plan_progress([item("p1", "trust", 3.0, "w2")], WAVES, means)
    # before: nothing in w2; after: w3 3.2 >= 3.0
    assert (p.before_wave, p.before, p.after_wave, p.after, p.met) == ("w2", None, "w3", 3.2, True)


def test_planned_on_no_wave_compares_with_the_newest():
    [p] = plan_progress([item("p1", "trust", 4.5, None)], WAVES, MEANS, upto="w2")
    # no before; newest surveyed wave up to w2 is w2: 3.5 < 4.5
    assert (p.before_wave, p.before, p.after_wave, p.after, p.met) == (None, None, "w2", 3.5, False)


def test_no_target_no_verdict():
    [p] = plan_progress([item("p1", "trust", None, "w1")], WAVES, MEANS)
    assert (p.after, p.target, p.met) == (4.0, None, None)


def test_items_without_a_factor_dropped_or_from_the_future_are_left_out():
    items = [
        item("p1", "", 4.0, "w1"),
        item("p2", "trust", 4.0, "w1", status="dropped"),
        item("p3", "trust", 4.0, "w3"),  # planned on w3, card at w2
        item("p4", "trust", 4.0, "w1", status="done"),
    ]
    rows = plan_progress(items, WAVES, MEANS, upto="w2")
    assert [(r.item, r.status) for r in rows] == [("p4", "done")]
