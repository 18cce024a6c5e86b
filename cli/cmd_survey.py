"""``rapport survey kit|status|kiosk``: run a survey wave from start to end, offline.

* ``kit WAVE --out DIR``: open the wave if it is new, give every form its response code
  and write the printable forms, ``codes.csv`` and a blank ``responses.csv``;
* ``status WAVE``: forms issued, answered, the response rate overall, per account and per
  owner, the mirrors still missing and who has not answered;
* ``kiosk WAVE --account NAME``: the questionnaire full screen for the customer's people to
  answer on this computer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rapport.store import StoreError
from rapport.store.records import counted

from .opening import open_store
from .options import iso_date
from .output import fail, json_text, out, say


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "survey",
        parents=[common],
        help="run a survey wave: printable forms with response codes, response rates, a kiosk",
        description="Run a survey wave: `kit` writes a printable form per customer contact "
        "and a mirror form per account, each with a response code by which the answers come "
        "back (`rapport import responses FILE`); `status` shows the response rates; `kiosk` "
        "lets the customer's people answer on this computer.",
    )
    verbs = p.add_subparsers(title="what", metavar="kit|status|kiosk", required=True)

    kit = verbs.add_parser(
        "kit",
        parents=[common],
        help="write the wave's printable forms, codes.csv and a blank responses.csv",
        description="Open the wave if it is new (dated --date, default today, with the newest "
        "questionnaire) and write into DIR one printable HTML form per customer contact of the "
        "accounts covered (all by default), one employee-mirror form per account for its "
        "owner, print-all.html with every form, codes.csv (code, wave, account, contact, "
        "respondent) and responses.csv to type the answers into. Running it again for the "
        "same wave keeps the codes already given.",
    )
    kit.add_argument("wave", metavar="WAVE", help="the wave's name (opened if it is new)")
    kit.add_argument("--date", type=iso_date, default=None, help="a new wave's date (YYYY-MM-DD)")
    who = kit.add_mutually_exclusive_group()
    who.add_argument("--owner", metavar="NAME", default=None, help="only this owner's accounts")
    who.add_argument(
        "--account",
        metavar="NAME",
        action="append",
        default=[],
        help="only this account (name or id; give it again for more)",
    )
    kit.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    kit.set_defaults(run=run_kit)

    status = verbs.add_parser(
        "status",
        parents=[common],
        help="the wave's response rates, missing mirrors and who has not answered",
        description="Forms issued, answered and the response rate, overall, per owner and "
        "per account; the employee mirrors still missing; the contacts who have not answered "
        "(with their email and code, for reminders).",
    )
    status.add_argument("wave", metavar="WAVE", help="the wave, by name (any case) or id")
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.set_defaults(run=run_status)

    kiosk = verbs.add_parser(
        "kiosk",
        parents=[common],
        help="the questionnaire full screen, for the customer's people to answer here",
        description="Show the wave's questionnaire full screen for one account: each person "
        "picks their name from the account's contacts (or types it), answers with single "
        "keys, may add a comment and sees a thank-you; then the next person starts. Nothing "
        "else of the file is shown. Escape asks for the staff member, who types `leave`.",
    )
    kiosk.add_argument(
        "wave", metavar="WAVE", help="the wave, by name (any case) or id; it must be open"
    )
    kiosk.add_argument("--account", metavar="NAME", required=True, help="the account (name or id)")
    kiosk.add_argument("--no-mouse", action="store_true", help="do not track the mouse")
    kiosk.set_defaults(run=run_kiosk)


def run_kit(args: argparse.Namespace) -> int:
    from rapport.store.actions import issue_codes
    from rapport.store.exchange import write_kit

    folder = Path(args.out).expanduser()
    if folder.exists() and not folder.is_dir():
        return fail(f"--out {args.out}: is a file, not a folder")
    try:
        with open_store(args) as store:
            kit = issue_codes(
                store, args.wave, on=args.date, owner=args.owner, accounts=args.account
            )
    except StoreError as e:
        return fail(str(e))
    try:
        files = write_kit(kit, folder)
    except OSError as e:
        return fail(f"--out {args.out}: cannot be written ({e.strerror or e})")
    opened = ", opened now" if kit.opened else ""
    say(
        f"Wave {kit.wave['name']} ({kit.wave['date']}{opened}), questionnaire version "
        f"{kit.questionnaire['number']}: {counted(files.forms, 'customer form')} and "
        f"{counted(files.mirrors, 'mirror form')} in {files.folder}"
    )
    kept = len(kit.forms) - kit.issued
    say(f"{counted(kit.issued, 'new response code')}, {kept:,} kept from before")
    for name in kit.without_contacts:
        say(f"note: {name} has no contacts: only its mirror form was written")
    say(
        "Print print-all.html (or each form); type the answers into responses.csv, then: "
        f"rapport import responses {folder / 'responses.csv'}"
    )
    return 0


def run_status(args: argparse.Namespace) -> int:
    from rapport.store.records import find_wave
    from rapport.store.views import status_to_json, wave_status

    try:
        with open_store(args, read_only=True) as store:
            status = wave_status(store, find_wave(store, args.wave)["id"])
    except StoreError as e:
        return fail(str(e))
    if args.format == "json":
        print(json_text(status_to_json(status)))
        return 0
    from rapport.tui.render.survey_status import status_renderable

    out.print(status_renderable(status), markup=False, highlight=False, soft_wrap=False)
    return 0


def run_kiosk(args: argparse.Namespace) -> int:
    from rapport.store.records import find_account, find_wave

    if not sys.stdout.isatty():
        return fail("the kiosk needs a terminal", 2)
    try:
        store = open_store(args)
    except StoreError as e:
        return fail(str(e))
    try:
        wave = find_wave(store, args.wave)
        account = find_account(store, args.account)
        if wave["status"] != "open":
            raise StoreError(f"wave {wave['name']!r} is closed; reopen it for the kiosk")
        questionnaire = store.get("questionnaires", wave["questionnaire"])
        if questionnaire is None or not questionnaire["statements"]:
            raise StoreError(f"wave {wave['name']!r} has no questionnaire to ask")
    except StoreError as e:
        store.close()
        return fail(str(e))
    from rapport.tui.kiosk_app import KioskApp

    app = KioskApp(store, store.ctx, wave["id"], account["id"])
    code = app.run(mouse=not args.no_mouse)
    if app.exit_message:
        say(app.exit_message)
    return int(code or 0)
