"""``rapport log ACCOUNT --summary TEXT ...``: save an interaction from a script."""

from __future__ import annotations

import argparse
from typing import Any

from rapport.store import StoreError, ValidationError
from rapport.store.actions import log_interaction
from rapport.store.records import INTERACTION_KINDS, find_account
from rapport.store.views import UnknownPerson, person

from .opening import open_store
from .options import ACCOUNT_HELP
from .output import fail


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "log",
        parents=[common],
        help="log an interaction with an account; prints its id",
        description="Log one interaction (a call, a visit, ...) with an account; prints the new id.",
    )
    p.add_argument("account", metavar="ACCOUNT", help=ACCOUNT_HELP)
    p.add_argument("--summary", required=True, help="what happened")
    p.add_argument(
        "--kind", default="call", help=f"one of {', '.join(INTERACTION_KINDS)} (default call)"
    )
    p.add_argument("--date", default=None, help="YYYY-MM-DD (default today)")
    p.add_argument(
        "--staff",
        default=None,
        help="who on our side (default: you); a name nobody in the file has is refused "
        "with the closest names, unless --new-person",
    )
    p.add_argument(
        "--new-person",
        dest="new_person",
        action="store_true",
        help="the --staff name is a new member of staff, not a typo",
    )
    p.add_argument("--sentiment", default="0", help="-2 .. +2 (default 0)")
    p.add_argument(
        "--follow-up", dest="follow_up", default=None, metavar="DATE", help="follow up on DATE"
    )
    p.add_argument("--promise", default="", help="a promise made in this interaction")
    p.add_argument("--promise-due", dest="promise_due", default=None, metavar="DATE")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        with open_store(args) as store:
            account = find_account(store, args.account)
            staff = args.staff
            if staff is not None and staff.strip():
                staff = person(store, "staff", staff, new=args.new_person)
            changes = log_interaction(
                store,
                account["id"],
                summary=args.summary,
                kind=args.kind,
                on=args.date,
                staff=staff,
                sentiment=args.sentiment,
                follow_up=args.follow_up,
                promise=args.promise,
                promise_due=args.promise_due,
            )
    except ValidationError as e:
        return fail("; ".join(str(x) for x in e.errors))
    except UnknownPerson as e:
        return fail(f"--staff: {e}; give --new-person if they are new")
    except StoreError as e:
        return fail(str(e))
    print(changes.created("interactions")[0]["id"])
    return 0
