"""A customer group drawn with Rich: its strength (value-weighted), class mix and where its
divisions differ most, then its accounts side by side. The summary is the group screen's
head; the whole is ``rapport group NAME``. Every data string goes through ``visible``."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rapport.store.loyalty import whole
from rapport.store.records import counted, visible
from rapport.store.views import GroupReport

from ..formatting import money
from .card import BADGE, BAND_STYLE, CLASS_STYLE

MIX = (("Ambassador", "AMB"), ("Opportunist", "OPP"), ("Defector", "DEF"), ("Unsurveyed", "uns"))


def strength_line(report: GroupReport) -> Text:
    """``Group strength 64 steady (value-weighted over 3 accounts; 1 without one left out)``."""
    line = Text()
    scored = len(report.members) - report.left_out
    if report.strength is None:
        line.append("No strength index yet: none of its accounts has one", style="dim")
        return line
    line.append("Group strength ")
    line.append(
        f"{whole(report.strength)} {report.band}", style=BAND_STYLE.get(report.band or "", "")
    )
    how = "value-weighted" if report.weighting == "value" else "plain mean (no values)"
    note = f" ({how} over {counted(scored, 'account')}"
    if report.left_out:
        note += f"; {report.left_out} without a strength index left out"
    line.append(note + ")", style="dim")
    return line


def mix_line(report: GroupReport) -> Text:
    line = Text(f"{counted(len(report.members), 'account')} · {money(report.value)}/yr · ")
    for i, (cls, badge) in enumerate(MIX):
        if i:
            line.append(" ")
        line.append(f"{badge} {report.classes.get(cls, 0)}", style=CLASS_STYLE.get(cls, ""))
    return line


def differences_text(report: GroupReport) -> Text:
    if not report.differences:
        return Text(
            "Divisions: too few surveyed divisions to compare factor by factor", style="dim"
        )
    text = Text("Where divisions differ most: ")
    text.append(visible("; ".join(g.sentence() for g in report.differences)))
    return text


def group_summary(report: GroupReport) -> RenderableType:
    return Group(strength_line(report), mix_line(report), differences_text(report))


def _cut(text: str) -> Text:
    """A cell cut short with an ellipsis, never wrapped, when its column is narrow."""
    return Text(visible(text), no_wrap=True, overflow="ellipsis")


def _num(value: float | None) -> str:
    return "-" if value is None else str(whole(value))


NARROW = {"account": 18, "division": 12, "region": 9, "owner": 9}
WIDE = {"account": 30, "division": 20, "region": 14, "owner": 16}
"""The widest the text columns get in 80 columns and from 110 on (cut short beyond)."""


def accounts_table(report: GroupReport, width: int = 80) -> Table:
    """The accounts side by side in ``width`` columns (text cells cut short, never wrapped)."""
    caps = WIDE if width >= 110 else NARROW
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        header_style="bold",
        expand=False,
    )
    for name, justify, least, most in (
        ("account", "left", 12, caps["account"]),
        ("division", "left", 8, caps["division"]),
        ("region", "left", 6, caps["region"]),
        ("owner", "left", 5, caps["owner"]),
        ("cls", "left", 3, 3),
        ("str", "right", 4, 4),
        ("band", "left", 7, 7),
        ("tune", "right", 4, 4),
        ("value", "right", 5, 5),
    ):
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=most is not None and most == least,
            min_width=least,
            max_width=most,
        )
    for m in report.members:
        table.add_row(
            _cut(m.account),
            _cut(m.division),
            _cut(m.region),
            _cut(m.owner),
            Text(BADGE.get(m.cls, "?"), style=CLASS_STYLE.get(m.cls, "")),
            f"{_num(m.strength)}{'*' if m.provisional else ''}",
            Text(m.band or "-", style=BAND_STYLE.get(m.band or "", "")),
            _num(m.in_tune),
            money(m.value),
        )
    return table


def group_page(report: GroupReport, width: int = 80) -> RenderableType:
    title = Text(visible(report.group), style="bold")
    title.append(f"  ·  as of {report.as_of.isoformat()}", style="dim")
    legend = Text(
        "cls: class (AMB, OPP, DEF); str: strength (* provisional: no survey); tune: in-tune "
        "index; value: annual value",
        style="dim",
    )
    return Group(title, group_summary(report), Text(""), accounts_table(report, width), legend)
