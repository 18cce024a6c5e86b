"""The LoyaltyCard drawn with Rich: the same picture in the app, in ``rapport card`` and in
its HTML and SVG exports. Plain Rich (no Textual), every data string through ``visible``.

Nothing is told by colour alone: the class is a word and a badge, bands are words, trends
are arrows, a blind spot is marked ``◀ blind spot`` and a gap is drawn as a bar.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rapport.store.loyalty import Card, whole
from rapport.store.records import visible

CLASS_STYLE = {
    "Ambassador": "bold green",
    "Opportunist": "bold blue",
    "Defector": "bold red",
    "Unsurveyed": "dim",
}
BADGE = {"Ambassador": "AMB", "Opportunist": "OPP", "Defector": "DEF", "Unsurveyed": "—"}
BAND_STYLE = {"strong": "green", "steady": "", "weak": "yellow", "at risk": "bold red"}
ARROW = {"up": "↑", "down": "↓", "flat": "→"}
BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], low: float = 0, high: float = 100) -> str:
    """``▂▅▇``: one block per value between ``low`` and ``high`` (a gap where there is none)."""
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        share = (min(max(value, low), high) - low) / (high - low) if high > low else 0
        out.append(BLOCKS[min(len(BLOCKS) - 1, int(share * len(BLOCKS)))])
    return "".join(out)


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _arrow(card: Card, key: str) -> str:
    return ARROW.get(card.trend.get(key) or "", "")


def gap_bar(gap: float | None, width: int = 8) -> Text:
    """The gap between what our staff expect and what the customer said, drawn to scale:
    ``▶▶▶`` we rate ourselves higher, ``◀◀`` lower; one mark per quarter point."""
    if gap is None:
        return Text("")
    marks = min(width, round(abs(gap) * 4))
    if gap > 0:
        return Text("▶" * marks, style="yellow" if gap >= 1 else "")
    return Text("◀" * marks, style="cyan")


def headline(card: Card) -> Text:
    st = card.strength
    line = Text()
    line.append(f"{card.cls} [{BADGE.get(card.cls, '?')}]", style=CLASS_STYLE.get(card.cls, ""))
    if card.previous_cls and card.previous_cls != card.cls:
        line.append(f" (was {card.previous_cls})", style="dim")
    if st.value is None:
        line.append("  ·  no strength index yet")
    else:
        line.append("  ·  strength ")
        line.append(f"{whole(st.value)} {st.band}", style=BAND_STYLE.get(st.band or "", ""))
        line.append(f" {_arrow(card, 'strength')}")
        if st.provisional:
            line.append(" (provisional: no survey)", style="dim")
    if card.in_tune is not None:
        line.append(f"  ·  in tune {whole(card.in_tune)} {_arrow(card, 'in_tune')}")
    return line


def card_renderable(card: Card, *, factors: bool = True) -> RenderableType:
    """The whole card; ``factors=False`` leaves out the factor table (for narrow places)."""
    parts: list[RenderableType] = [headline(card)]
    wave = card.wave
    if wave is not None:
        parts.append(
            Text(
                visible(f"Wave {wave['name']} ({wave['date']}) · as of {card.as_of.isoformat()}"),
                style="dim",
            )
        )
    else:
        parts.append(Text(f"No survey yet · as of {card.as_of.isoformat()}", style="dim"))
    parts.append(Text(visible(f"Strength: {card.strength.explanation}")))
    if card.series:
        points = " → ".join(
            "-" if p.strength is None else str(whole(p.strength)) for p in card.series
        )
        parts.append(Text(f"Over waves: {sparkline(card.sparkline)}  {points}"))
    if card.customers:
        parts.append(
            Text(
                f"S {_num(card.satisfaction, 2)} {_arrow(card, 'satisfaction')}  ·  "
                f"recommend {_num(card.recommend)} {_arrow(card, 'recommend')}  ·  "
                f"switch {_num(card.switch)} {_arrow(card, 'switch')}  ·  "
                f"NPS {'-' if card.nps is None else f'{card.nps:+.0f}'}  ·  "
                f"{card.customers} customer{'s' if card.customers != 1 else ''}, "
                f"{card.employees} mirror{'s' if card.employees != 1 else ''}"
            )
        )
    if factors and any(f.customer is not None or f.employee is not None for f in card.factors):
        parts.append(factor_table(card))
    if card.blind_spots:
        names = {f.key: f for f in card.factors}
        spots = ", ".join(
            f"{visible(names[k].name)} (+{names[k].gap:.1f})"
            for k in card.blind_spots
            if k in names and names[k].gap is not None
        )
        parts.append(Text(f"Blind spots: {spots}", style="yellow"))
    if card.plan_progress:
        parts.append(plan_table(card))
    if card.comments:
        from .comments import card_comments

        parts.append(card_comments(card))
    return Group(*parts)


def factor_table(card: Card) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    table.add_column("factor")
    table.add_column("customer", justify="right")
    table.add_column("us", justify="right")
    table.add_column("gap", justify="right")
    table.add_column("")
    for row in card.factors:
        if row.customer is None and row.employee is None:
            continue
        gap = "" if row.gap is None else f"{row.gap:+.1f}"
        bar = gap_bar(row.gap)
        if row.blind_spot:
            bar.append(" ◀ blind spot", style="bold yellow")
        table.add_row(Text(visible(row.name)), _num(row.customer), _num(row.employee), gap, bar)
    return table


def plan_table(card: Card) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", title=None)
    table.add_column("plan item")
    table.add_column("factor")
    table.add_column("before", justify="right")
    table.add_column("after", justify="right")
    table.add_column("target", justify="right")
    table.add_column("")
    for item in card.plan_progress:
        verdict = {
            True: Text("met", style="green"),
            False: Text("not met", style="red"),
            None: Text("-", style="dim"),
        }[item.met]
        table.add_row(
            Text(visible(item.what)),
            Text(visible(item.factor)),
            _num(item.before),
            _num(item.after),
            _num(item.target, 0)
            if item.target is not None and float(item.target).is_integer()
            else _num(item.target),
            verdict,
        )
    return table
