"""The LoyaltyCard in a dozen lines, for an 80x24 window: class, strength with its band,
trend and sparkline, in tune, the strength's explanation, blind spots, and every factor as
the customer and our staff scored it, in two columns under short labels with the gap
marked. ``z`` on the account screen shows the whole card (:mod:`.card`).

Each line is one line (never wrapped): what does not fit ends in ``…``.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from rapport.store.loyalty import Card, FactorRow
from rapport.store.records import visible

from .card import _arrow, _num, headline, sparkline

LABEL = 14
"""Cells for a factor's short label (its key: trust, promises, needs ...)."""
BAR = 4
"""Cells for the gap bar: one mark per quarter point, up to a whole point."""
COLUMN = LABEL + 1 + 4 + 1 + 4 + 1 + 5 + 1 + BAR
"""One factor: label, customer, us, gap, bar."""
BETWEEN = " │ "


def line(*parts: Text | str) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    for part in parts:
        out.append(part) if isinstance(part, str) else out.append_text(part)
    return out


def short_label(row: FactorRow) -> str:
    """The factor's key (the responses CSV's column), else its name, cut to fit."""
    label = visible(row.key or row.name)
    return label if len(label) <= LABEL else label[: LABEL - 1] + "…"


def _bar(gap: float | None, blind: bool) -> Text:
    if gap is None:
        return Text(" " * BAR)
    marks = min(BAR, round(abs(gap) * 4))
    if blind:
        return Text("!" + "▶" * min(BAR - 1, marks)).append(" " * (BAR - 1 - min(BAR - 1, marks)))
    glyph = "▶" if gap > 0 else "◀"
    style = "cyan" if gap < 0 else ""
    return Text(glyph * marks, style=style).append(" " * (BAR - marks))


def factor_cell(row: FactorRow | None) -> Text:
    if row is None:
        return Text(" " * COLUMN)
    gap = "" if row.gap is None else f"{row.gap:+.1f}"
    style = "bold yellow" if row.blind_spot else ""
    cell = Text(f"{short_label(row):<{LABEL}} ", style=style)
    cell.append(f"{_num(row.customer):>4} {_num(row.employee):>4} {gap:>5} ")
    cell.append_text(_bar(row.gap, row.blind_spot))
    return cell


def factor_grid(card: Card) -> list[Text]:
    """All factors, in two columns read down then across; ``-`` where one side gave none."""
    rows = list(card.factors)
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:]
    title = f"{'factor':<{LABEL}} {'cust':>4} {'us':>4} {'gap':>5} {'':<{BAR}}"
    lines = [line(Text(title + BETWEEN + title, style="bold"))]
    for i, row in enumerate(left):
        other = right[i] if i < len(right) else None
        lines.append(line(factor_cell(row), BETWEEN, factor_cell(other)))
    return lines


def blind_spot_line(card: Card) -> Text:
    if not card.employees:
        return line(Text("No mirror answers from our staff yet: no in-tune index", style="dim"))
    if not card.blind_spots:
        return line("No blind spots: we rate no factor well above the customer")
    names = {f.key: f for f in card.factors}
    spots = ", ".join(
        f"{short_label(names[k])} +{names[k].gap:.1f}"
        for k in card.blind_spots
        if k in names and names[k].gap is not None
    )
    return line(Text(f"! Blind spots: {spots}", style="yellow"))


def compact_card(card: Card, touch: str = "") -> Group:
    head = headline(card)
    head.no_wrap, head.overflow = True, "ellipsis"
    if card.series:
        head.append(f"  {sparkline(card.sparkline)}")
    parts: list[Text] = [head]
    wave = card.wave
    if wave is None:
        parts.append(line(Text("No survey yet", style="dim")))
    else:
        trend = _arrow(card, "satisfaction")
        numbers = (
            f"S {_num(card.satisfaction, 2)}{' ' + trend if trend else ''}"
            f" · recommend {_num(card.recommend)} · switch {_num(card.switch)}"
            f" · NPS {'-' if card.nps is None else f'{card.nps:+.0f}'}"
            f" · {card.customers} cust, {card.employees} mirror · "
        )
        parts.append(line(numbers, Text(visible(f"{wave['name']} ({wave['date']})"), style="dim")))
    parts.append(line(visible(f"Strength: {card.strength.explanation}")))
    if any(f.customer is not None or f.employee is not None for f in card.factors):
        parts.append(blind_spot_line(card))
        parts.extend(factor_grid(card))
    if card.plan_progress:
        met = sum(1 for p in card.plan_progress if p.met)
        parts.append(line(f"Plan: {met} of {len(card.plan_progress)} targets met (z shows them)"))
    if touch:
        parts.append(line(touch))
    return Group(*parts)
