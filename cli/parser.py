"""The command line's grammar: ``rapport [options] [COMMAND ...]``."""

from __future__ import annotations

import argparse

from rapport import __version__

from . import (
    cmd_agenda,
    cmd_app,
    cmd_card,
    cmd_check,
    cmd_demo,
    cmd_export,
    cmd_fold,
    cmd_group,
    cmd_import,
    cmd_log,
    cmd_merge,
    cmd_opportunities,
    cmd_portfolio,
    cmd_schedule,
    cmd_survey,
)
from .options import common_options

COMMANDS = (
    cmd_demo,
    cmd_check,
    cmd_fold,
    cmd_log,
    cmd_schedule,
    cmd_agenda,
    cmd_card,
    cmd_portfolio,
    cmd_group,
    cmd_opportunities,
    cmd_import,
    cmd_export,
    cmd_merge,
    cmd_survey,
)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="rapport",
        parents=[common],
        description="Rapport: loyalty cards, contacts, promises and action plans for account managers.",
        epilog="Exit codes: 0 done, 1 refused input, 2 usage. Run `rapport COMMAND --help` for a command.",
    )
    parser.add_argument("--version", action="version", version=f"rapport {__version__}")
    cmd_app.add_options(parser)
    parser.set_defaults(run=cmd_app.run)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands, common)
    return parser
