"""``rapport schedule ACCOUNT --at "YYYY-MM-DD HH:MM" --summary TEXT``: plan a meeting or a
call with an account; prints its id. It shows in the agenda on its day with its time, and
in the iCalendar file as a timed event with an alarm 15 minutes before."""

from __future__ import annotations

import argparse
from typing import Any

from rapport.store import StoreError, ValidationError
from rapport.store.actions import contacts_named, parse_at, schedule_appointment
from rapport.store.records import find_account
from rapport.store.views import UnknownPerson, person

from .opening import open_store
from .output import fail


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "schedule",
        parents=[common],
        help="plan a meeting or call with an account (day, time, length, place); prints its id",
        description="Plan an appointment with an account; prints the new id. Once its time "
        "has passed, the agenda asks whether it was held.",
    )
    p.add_argument("account", metavar="ACCOUNT", help="the account's exact name (any case) or id")
    p.add_argument("--at", required=True, metavar="'YYYY-MM-DD HH:MM'", help="day and time")
    p.add_argument("--summary", required=True, help="what it is about")
    p.add_argument("--minutes", default="60", metavar="N", help="how long, in minutes (default 60)")
    p.add_argument(
        "--with",
        dest="contacts",
        action="append",
        default=[],
        metavar="CONTACT",
        help="a contact at the account, by name (may be given again)",
    )
    p.add_argument("--place", default="", metavar="TEXT", help="where (an address, a video link)")
    p.add_argument("--kind", default="meeting", help="meeting (default), call or visit")
    p.add_argument(
        "--staff",
        default=None,
        help="who on our side goes (default: you); a name nobody in the file has is refused "
        "with the closest names, unless --new-person",
    )
    p.add_argument(
        "--new-person",
        dest="new_person",
        action="store_true",
        help="--staff names someone new to the file",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        with open_store(args) as store:
            account = find_account(store, args.account)
            day, time = parse_at(args.at)
            staff = store.ctx.user
            if args.staff is not None and args.staff.strip():
                staff = person(store, "staff", args.staff, new=args.new_person)
            changes = schedule_appointment(
                store,
                account["id"],
                {
                    "date": day,
                    "time": time,
                    "minutes": args.minutes,
                    "kind": args.kind,
                    "owner": staff,
                    "contacts": contacts_named(store, account["id"], args.contacts),
                    "place": args.place,
                    "summary": args.summary,
                },
            )
    except ValidationError as e:
        return fail("; ".join(str(x) for x in e.errors))
    except UnknownPerson as e:
        return fail(f"--staff: {e}; give --new-person if they are new")
    except StoreError as e:
        return fail(str(e))
    print(changes.created("appointments")[0]["id"])
    return 0
