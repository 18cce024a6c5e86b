"""The portfolio drawn with Rich: the rollup table, the accounts that need attention, the
value up for renewal by class and the chart "satisfaction against loyalty". The same pictures in the Portfolio screen and in
``rapport portfolio``. Plain Rich (no Textual), every data string through ``visible``.

Nothing is told by colour alone: classes are letters and badges, bands are words, and the
chart's markers are letters whose case tells one account from several.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from rapport.store.loyalty import Card, Rollup, whole
from rapport.store.records import visible
from rapport.store.views import Point, PortfolioReport

from ..formatting import money
from .card import BADGE, BAND_STYLE, CLASS_STYLE
from .comments import unhappy_comments

LETTER = {"Ambassador": "A", "Opportunist": "O", "Defector": "D"}
"""The chart's marker per class; a cell with a tie shows the first of these in WORSE_FIRST."""
WORSE_FIRST = ("Defector", "Opportunist", "Ambassador")
GUIDE = "·"
NO_GROUP = "(none)"

EXPLANATION = (
    "accts: accounts in the group; amb, opp, def, uns: how many are Ambassadors, "
    "Opportunists, Defectors and not yet surveyed (each account in its card's wave). "
    "NPS over respondents: % recommending 9-10 minus % 0-6, each customer respondent counted "
    "once (resp: how many). Strength is the mean of the accounts' indexes (0-100), "
    "provisional ones counted and marked (prov: how many had no survey). In tune: the mean "
    "in-tune index of the accounts with employee-mirror responses."
)


def _whole(value: float | None) -> str:
    return "-" if value is None else str(whole(value))


def _signed(value: float | None) -> str:
    """An NPS: ``+20``, ``0``, ``-33``; ``-`` for none."""
    return "-" if value is None else f"{whole(value):+d}" if whole(value) else "0"


def _cut(text: str, style: str = "") -> Text:
    """A cell that is cut short with an ellipsis, never wrapped, when its column is narrow."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def _group_name(key: object) -> Text:
    name = str(key)
    return _cut(visible(name)) if name else _cut(NO_GROUP, "dim")


def _table() -> Table:
    """A table that fits 80 columns: two spaces between columns, a rule under the header;
    the text columns give way first (their cells are cut short)."""
    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        header_style="bold",
        expand=False,
    )


def _rollup_row(table: Table, group: Rollup, name: Text, *, end_section: bool = False) -> None:
    c = group.classes
    table.add_row(
        name,
        f"{group.accounts:,}",
        f"{c.get('Ambassador', 0):,}",
        f"{c.get('Opportunist', 0):,}",
        f"{c.get('Defector', 0):,}",
        f"{c.get('Unsurveyed', 0):,}",
        _signed(group.nps),
        f"{group.respondents:,}",
        _whole(group.mean_strength),
        f"{group.provisional:,}",
        _whole(group.mean_in_tune),
        end_section=end_section,
    )


def rollup_table(report: PortfolioReport) -> Table:
    """One row per group and a last row for the whole portfolio."""
    table = _table()
    table.add_column(report.by, min_width=6)
    for name in ("accts", "amb", "opp", "def", "uns", "NPS", "resp", "strength", "prov"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("in tune", justify="right", no_wrap=True)
    for i, group in enumerate(report.groups):
        last = i == len(report.groups) - 1
        _rollup_row(table, group, _group_name(group.key), end_section=last)
    _rollup_row(table, report.total, Text("all", style="bold"))
    return table


def lowest_part(card: Card) -> str:
    """The part of the strength index pulling it down most: ``engagement 0``."""
    known = [p for p in card.strength.parts if p.score is not None and p.share > 0]
    if not known:
        return "-"
    part = min(known, key=lambda p: p.score or 0.0)
    return f"{part.name} {whole(part.score or 0.0)}"


def attention_table(cards: Sequence[Card]) -> Table:
    """The accounts that need attention, as given (highest value first)."""
    table = _table()
    table.add_column("account", min_width=8)
    table.add_column("owner", min_width=5)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("class", no_wrap=True)
    table.add_column("strength", no_wrap=True)
    table.add_column("lowest part", min_width=6)
    for card in cards:
        st = card.strength
        strength = Text(f"{_whole(st.value)}{'*' if st.provisional else ''} ")
        strength.append(st.band or "", style=BAND_STYLE.get(st.band or "", ""))
        table.add_row(
            _cut(visible(card.account.get("name", ""))),
            _cut(visible(card.account.get("owner", ""))),
            money(card.account.get("value") or 0),
            Text(BADGE.get(card.cls, "?"), style=CLASS_STYLE.get(card.cls, "")),
            strength,
            _cut(lowest_part(card)),
        )
    return table


class LoyaltyChart:
    """Satisfaction (S, 1-5, across) against loyalty (recommend, 0-10, up) as a grid of
    characters, one marker per cell: the letter of the class most common in the cell
    (A, O, D; a tie shows the worse class), small for one account, capital for several.
    Dots mark the class lines. At most ``width`` cells wide, narrower to fit the space."""

    MARGIN = 4
    """``10 │``: the recommend labels and the axis."""
    MIN_WIDTH = 21

    def __init__(
        self,
        points: Iterable[Point],
        guides: Mapping[str, tuple[float, float]] | None = None,
        *,
        width: int = 60,
        height: int = 11,
    ) -> None:
        self.points = tuple(points)
        self.guides = dict(guides or {})
        self.width = max(self.MIN_WIDTH, width)
        self.height = max(3, height)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(
            min(self.MIN_WIDTH + self.MARGIN, options.max_width),
            min(self.width + self.MARGIN, options.max_width),
        )

    def column(self, satisfaction: float, width: int) -> int:
        share = (min(max(satisfaction, 1.0), 5.0) - 1.0) / 4.0
        return round(share * (width - 1))

    def row(self, recommend: float) -> int:
        """Row 0 is the top (recommend 10)."""
        share = (10.0 - min(max(recommend, 0.0), 10.0)) / 10.0
        return round(share * (self.height - 1))

    def cells(self, width: int) -> dict[tuple[int, int], dict[str, int]]:
        """(row, column) -> accounts per class."""
        grid: dict[tuple[int, int], dict[str, int]] = {}
        for p in self.points:
            if p.cls not in LETTER:
                continue
            cell = grid.setdefault((self.row(p.recommend), self.column(p.satisfaction, width)), {})
            cell[p.cls] = cell.get(p.cls, 0) + 1
        return grid

    @staticmethod
    def marker(counts: Mapping[str, int]) -> Text:
        cls = max(WORSE_FIRST, key=lambda c: (counts.get(c, 0), -WORSE_FIRST.index(c)))
        several = sum(counts.values()) > 1
        letter = LETTER[cls] if several else LETTER[cls].lower()
        style = (
            CLASS_STYLE.get(cls, "") if several else CLASS_STYLE.get(cls, "").replace("bold ", "")
        )
        return Text(letter, style=style)

    def lines(self, width: int) -> Iterator[Text]:
        grid = self.cells(width)
        s_lo, s_hi = self.guides.get("satisfaction", (None, None))
        r_lo, r_hi = self.guides.get("recommend", (None, None))
        guide_cols = {self.column(s, width) for s in (s_lo, s_hi) if s is not None}
        guide_rows = {self.row(r) for r in (r_lo, r_hi) if r is not None}
        yield Text("recommend (loyalty, 0-10)", style="dim")
        for r in range(self.height):
            value = 10.0 - r * 10.0 / (self.height - 1)
            label = f"{value:>3.0f}" if abs(value - round(value)) < 1e-9 else "   "
            line = Text(f"{label}│", style="dim")
            for c in range(width):
                counts = grid.get((r, c))
                if counts:
                    line.append_text(self.marker(counts))
                elif r in guide_rows or c in guide_cols:
                    line.append(GUIDE, style="dim")
                else:
                    line.append(" ")
            yield line
        yield Text("   └" + "─" * width, style="dim")
        ticks = [" "] * (width + self.MARGIN)
        for s in range(1, 6):
            ticks[self.MARGIN + self.column(float(s), width)] = str(s)
        yield Text("".join(ticks).rstrip(), style="dim")
        title = "S (satisfaction, 1-5)"
        yield Text(" " * (self.MARGIN + max(0, (width - len(title)) // 2)) + title, style="dim")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = max(self.MIN_WIDTH, min(self.width, options.max_width - self.MARGIN))
        yield from self.lines(width)


def chart_legend(report: PortfolioReport) -> Text:
    text = Text()
    for cls, letter in LETTER.items():
        text.append(letter, style=CLASS_STYLE[cls])
        text.append(f" {cls}  ")
    text.append(
        "(a capital letter: several accounts in the cell, the most common class there; a small "
        "one: a single account)."
    )
    s, r = report.guides.get("satisfaction"), report.guides.get("recommend")
    if s and r:
        text.append(
            f" Dots: the class lines, S {s[0]:.1f} and {s[1]:.1f}, recommend {r[0]:g} and {r[1]:g}."
        )
    text.append(f" {len(report.points):,} surveyed accounts charted")
    if report.left_out:
        text.append(f"; {report.left_out:,} left out (no S or no recommend)")
    text.append(".")
    return text


RENEWALS_SHOWN = 10


def renewals_part(report: PortfolioReport) -> list[RenderableType]:
    """The value up for renewal in the next 90 days by class, and the accounts, soonest first."""
    due = report.renewals
    title = Text(f"Up for renewal in the next {due.days} days", style="bold")
    if not due.cards:
        return [title, Text("No account's renewal falls in them.", style="dim")]
    title.append(f": {money(due.value)} in {len(due.cards):,} account")
    title.append("s" if len(due.cards) != 1 else "")
    at_risk = due.by_class.get("Opportunist", 0) + due.by_class.get("Defector", 0)
    mix = Text()
    for cls, name in (
        ("Ambassador", "Ambassadors"),
        ("Opportunist", "Opportunists"),
        ("Defector", "Defectors"),
        ("Unsurveyed", "unsurveyed"),
    ):
        if mix:
            mix.append(" · ")
        mix.append(f"{name} {money(due.by_class.get(cls, 0))}", style=CLASS_STYLE.get(cls, ""))
    mix.append(f"  (at risk with Opportunists and Defectors: {money(at_risk)})")
    table = _table()
    table.add_column("renewal", no_wrap=True)
    table.add_column("account", min_width=8)
    table.add_column("owner", min_width=5)
    table.add_column("class", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    for card in due.cards[:RENEWALS_SHOWN]:
        table.add_row(
            str(card.account.get("renewal")),
            _cut(visible(card.account.get("name", ""))),
            _cut(visible(card.account.get("owner", ""))),
            Text(BADGE.get(card.cls, "?"), style=CLASS_STYLE.get(card.cls, "")),
            money(card.account.get("value") or 0),
        )
    parts: list[RenderableType] = [title, mix, table]
    if len(due.cards) > RENEWALS_SHOWN:
        more = len(due.cards) - RENEWALS_SHOWN
        parts.append(
            Text(
                f"… and {more:,} more (rapport portfolio --format json lists them all)", style="dim"
            )
        )
    return parts


def heading(report: PortfolioReport) -> Text:
    line = Text(f"Portfolio as of {report.as_of.isoformat()}", style="bold")
    line.append(f" · {report.accounts:,} account{'s' if report.accounts != 1 else ''}")
    line.append(f" · by {report.by}")
    if report.wave is not None:
        line.append(visible(f" · wave {report.wave.get('name', '')}"))
    else:
        line.append(" · newest wave per account", style="dim")
    return line


def portfolio_renderable(report: PortfolioReport, *, top: int | None = 20) -> RenderableType:
    """The whole portfolio: rollups with what each column is, the accounts that need
    attention (the first ``top``; None or 0: all), and the chart with its legend."""
    shown = report.attention[:top] if top else report.attention
    total = len(report.attention)
    parts: list[RenderableType] = [
        heading(report),
        Text(""),
        rollup_table(report),
        Text(EXPLANATION, style="dim"),
        Text(""),
        Text(
            "Needs attention: weak or at-risk accounts, highest value first"
            + (f" ({len(shown)} of {total:,})" if len(shown) < total else f" ({total:,})"),
            style="bold",
        ),
    ]
    if shown:
        parts.append(attention_table(shown))
        parts.append(
            Text(
                "strength: the account's index and band (* provisional: no survey); lowest "
                "part: the part of the index pulling it down most (rapport card ACCOUNT "
                "explains it).",
                style="dim",
            )
        )
    else:
        parts.append(Text("No account is weak or at risk.", style="dim"))
    parts += [Text(""), unhappy_comments(report.comments, top)]
    parts += [Text(""), *renewals_part(report)]
    parts += [
        Text(""),
        Text("Satisfaction against loyalty", style="bold"),
        LoyaltyChart(report.points, report.guides),
        chart_legend(report),
    ]
    return Group(*parts)
