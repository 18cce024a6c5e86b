"""A wave's response rates drawn with Rich: the same picture in ``rapport survey status``
and on the surveys screen. Plain Rich, every data string through ``visible``."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rapport.store.records import visible
from rapport.store.views import WaveStatus


def percent(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)}%"


NUMBERS = {"accounts", "invited", "answered", "rate", "mirrors missing"}


def _table(*columns: str) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        header_style="bold",
    )
    for name in columns:
        number = name in NUMBERS
        table.add_column(
            name,
            justify="right" if number else "left",
            no_wrap=number,
            min_width=None if number else 8,
        )
    return table


def _cut(text: str) -> Text:
    return Text(visible(text), no_wrap=True, overflow="ellipsis")


def headline(status: WaveStatus) -> Text:
    w = status.wave
    line = Text()
    line.append(visible(f"{w['name']} ({w['date']}, {w['status']})"), style="bold")
    line.append(
        f"  ·  forms issued {status.issued:,} ({status.issued - status.mirrors_issued:,} customer, "
        f"{status.mirrors_issued:,} mirror)  ·  answered {status.answered:,} of "
        f"{status.invited:,}: {percent(status.rate)}"
    )
    if not status.issued:
        line.append(" (no forms issued: everyone counted answered)", style="dim")
    missing = len(status.mirrors_missing)
    line.append(f"  ·  mirrors missing {missing:,}", style="yellow" if missing else "")
    return line


def status_renderable(status: WaveStatus) -> RenderableType:
    """Headline, per owner, per account, missing mirrors, who has not answered."""
    parts: list[RenderableType] = [headline(status)]
    if not status.accounts:
        parts.append(
            Text("No form issued and no answer yet: rapport survey kit WAVE --out DIR", style="dim")
        )
        return Group(*parts)
    owners = _table("owner", "accounts", "invited", "answered", "rate", "mirrors missing")
    for o in status.owners:
        owners.add_row(
            _cut(o.owner), f"{o.accounts:,}", f"{o.invited:,}", f"{o.answered:,}",
            percent(o.rate), f"{o.mirrors_missing:,}",
        )  # fmt: skip
    accounts = _table("account", "owner", "invited", "answered", "rate", "mirror")
    for a in status.accounts:
        mirror = Text("in", style="green") if a.mirror else Text("missing", style="yellow")
        accounts.add_row(
            _cut(a.account), _cut(a.owner), f"{a.invited:,}", f"{a.answered:,}",
            percent(a.rate), mirror,
        )  # fmt: skip
    parts += [Text(""), Text("Per owner", style="bold"), owners]
    parts += [Text(""), Text("Per account", style="bold"), accounts]
    if status.mirrors_missing:
        names = ", ".join(visible(f"{a.account} ({a.owner})") for a in status.mirrors_missing)
        parts.append(Text(f"Mirrors missing: {names}", style="yellow"))
    parts.append(Text(""))
    if status.waiting:
        parts.append(Text(f"Not answered yet ({len(status.waiting):,})", style="bold"))
        waiting = _table("contact", "account", "email", "code")
        for x in status.waiting:
            waiting.add_row(_cut(x.contact), _cut(x.account), _cut(x.email), x.code)
        parts.append(waiting)
    else:
        parts.append(Text("Everyone invited has answered.", style="green"))
    return Group(*parts)
