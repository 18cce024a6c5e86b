"""``rapport card ACCOUNT``: print an account's LoyaltyCard, or write it as HTML or SVG.

The picture is :func:`rapport.tui.render.card.card_renderable`, the one the app shows, under
a header naming the account. ``--as-of`` fixes "today" for engagement and reliability, so
the same file and the same day give the same card.
"""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from rapport.store import StoreError, write_private
from rapport.store.loyalty import Card, card_to_json
from rapport.store.records import find_account, visible
from rapport.store.views import Referrals, as_of_view, card_for, referrals_given, wave_as_of, won

from .opening import open_store
from .options import ACCOUNT_HELP
from .output import err, fail, json_text, out, say

EXPORT_WIDTH = 100
"""Columns of the HTML and SVG pictures."""


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "card",
        parents=[common],
        help="print an account's LoyaltyCard (text or JSON), or write it as HTML or SVG",
        description="Print an account's LoyaltyCard: class, strength with how it is made up, "
        "satisfaction, in-tune index, blind spots, trend and progress against plan. "
        "--as-of DATE shows the card as the file stood on that day: the newest wave dated on "
        "or before it, and nothing that happened after it.",
    )
    p.add_argument("account", metavar="ACCOUNT", help=ACCOUNT_HELP)
    p.add_argument(
        "--wave",
        metavar="W",
        default=None,
        help="the survey wave, by name (any case) or id (default: the newest with answers)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default=None,
        help="text (the default) or json for scripts",
    )
    p.add_argument("--html", metavar="FILE", default=None, help="also write the card as HTML")
    p.add_argument("--svg", metavar="FILE", default=None, help="also write the card as SVG")
    p.set_defaults(run=run)


def header(card: Card) -> Text:
    """The account the card is about: name, then owner, tier, value, region and division."""
    a = card.account
    line = Text()
    line.append(visible(a.get("name", "")), style="bold")
    facts = [
        f"owner {a.get('owner', '')}",
        str(a.get("tier", "")),
        f"value {float(a.get('value') or 0):,.0f}",
        " / ".join(str(a[k]) for k in ("region", "division") if a.get(k)),
    ]
    line.append(visible("  ·  " + "  ·  ".join(f for f in facts if f)), style="dim")
    return line


def card_page(card: Card, referrals: Referrals | None = None) -> RenderableType:
    from rapport.tui.render.card import card_renderable
    from rapport.tui.render.relationship import referrals_text

    parts: list[RenderableType] = [header(card), Text(""), card_renderable(card)]
    if referrals is not None:
        parts.append(referrals_text(referrals))
    return Group(*parts)


def title(card: Card) -> str:
    return f"LoyaltyCard · {visible(card.account.get('name', ''))}"


def html_page(card: Card) -> str:
    """The card as a standalone HTML page; its text escaped by Rich, its title here."""
    from html import escape

    from rich._export_format import CONSOLE_HTML_FORMAT

    console = _recorded(card)
    safe_title = escape(title(card)).replace("{", "{{").replace("}", "}}")
    page = CONSOLE_HTML_FORMAT.replace(
        '<meta charset="UTF-8">', f'<meta charset="UTF-8">\n<title>{safe_title}</title>', 1
    )
    return console.export_html(code_format=page)


def offline_svg_format() -> str:
    """Rich's SVG page without what needs a network: its web fonts (fetched from a CDN
    when the picture is opened) and its link; the text uses a monospace font the
    computer has. Users are often offline, and a mailed card should not call out."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    page = re.sub(r"\s*@font-face \{\{.*?\}\}", "", CONSOLE_SVG_FORMAT, flags=re.S)
    page = re.sub(r"\s*<!--.*?-->", "", page, flags=re.S)
    page = page.replace(
        "font-family: Fira Code, monospace;",
        "font-family: 'Fira Code', Menlo, 'DejaVu Sans Mono', Consolas, monospace;",
    )
    return page


def svg_picture(card: Card) -> str:
    """The card as an SVG picture of a terminal (Rich escapes its text and title); it
    needs no network to be shown (see :func:`offline_svg_format`)."""
    return _recorded(card).export_svg(title=title(card), code_format=offline_svg_format())


def _recorded(card: Card) -> Console:
    """A console, writing nowhere, that has recorded the card in colour at export width."""
    console = Console(
        record=True,
        width=EXPORT_WIDTH,
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=False,
        highlight=False,
    )
    console.print(card_page(card), markup=False)
    return console


def _write(path: str, text: str) -> str | None:
    """Write ``text`` to ``path``; the problem in words when that cannot be done."""
    try:
        write_private(Path(path).expanduser(), text.encode("utf-8"))
    except OSError as e:
        return f"{path}: cannot write it ({e.strerror or e})"
    return None


def run(args: argparse.Namespace) -> int:
    try:
        with open_store(args, create=False, read_only=True) as store:
            account = find_account(store, args.account)
            wave = wave_as_of(store, args.wave)["id"] if args.wave else None
            view = as_of_view(store)  # with --as-of D: the file as it stood on D
            card = card_for(view, account["id"], view.ctx.today(), wave=wave)
            referrals = referrals_given(view, account["id"])
            won_value, won_count = won(view, account["id"])
    except StoreError as e:
        return fail(str(e))
    files = [(p, make) for p, make in ((args.html, html_page), (args.svg, svg_picture)) if p]
    for path, make in files:
        problem = _write(path, make(card))
        if problem:
            return fail(problem)
    shown = args.format or ("text" if not files else None)
    if shown == "json":
        data = card_to_json(card)
        data["referrals_given"] = {
            "given": referrals.given,
            "won": referrals.won,
            "won_value": referrals.won_value,
        }
        data["won"] = {"value": won_value, "opportunities": won_count}
        print(json_text(data))
    elif shown == "text":
        out.print(card_page(card, referrals), markup=False, highlight=False, soft_wrap=False)
    for path, _ in files:
        # The card on stdout stays clean for scripts; without it, say what was done there.
        if shown:
            err.print(f"wrote {visible(path)}", markup=False, highlight=False)
        else:
            say(f"wrote {path}")
    return 0
