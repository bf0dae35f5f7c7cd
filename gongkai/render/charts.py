"""Year-on-year bar charts as SVG, computed at build time (no charting script, no outside request).

`bar_chart` turns one named figure over the years into a `Chart`: the geometry of its bars, axes
and labels. The markup is in the `bar_chart` macro of `templates/_charts.html`, which also writes
the same numbers as an accessible table. A year without the figure is a gap (no bar, labelled
“无数据”), never a zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Geometry in SVG user units (the SVG scales to its box; text stays readable down to ~280 px wide).
BAR_STEP = 64  # horizontal space per year
BAR_WIDTH = 36
PLOT_HEIGHT = 120
TOP = 22  # room for the value above the tallest bar
LEFT = 44  # room for the y tick labels and the y axis label
BOTTOM = 40  # room for the year labels and the x axis label
RIGHT = 12
# Room for at least this many years: an agency with one or two reports (a department newly on the
# site) gets charts of the same scale as its neighbours', its bars from the left, not blown up.
MIN_SLOTS = 3


@dataclass(frozen=True)
class Bar:
    year: int
    value: float | None  # None: the year has no such figure (a gap)
    x: float  # left edge of the bar's slot
    y: float
    height: float
    label_x: float  # centre of the slot

    @property
    def text(self) -> str:
        return "无数据" if self.value is None else number_text(self.value)


@dataclass(frozen=True)
class Tick:
    value: float
    y: float

    @property
    def text(self) -> str:
        return number_text(self.value)


@dataclass
class Chart:
    id: str  # unique within the page (used for the <title> reference)
    name: str  # the figure, e.g. 法治培训场次
    unit: str  # y axis label, e.g. 件 or 数值
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    bar_width: int = BAR_WIDTH
    plot_left: int = LEFT
    plot_top: int = TOP
    plot_bottom: int = TOP + PLOT_HEIGHT

    @property
    def title(self) -> str:
        years = [b.year for b in self.bars]
        span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
        return f"{self.name}（{span}）"

    @property
    def description(self) -> str:
        return "；".join(f"{b.year}年 {b.text}" for b in self.bars)


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k not below `value` (an axis top that reads well)."""
    if value <= 0:
        return 1
    power: float = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def bar_chart(chart_id: str, name: str, series: list[tuple[int, float | None]], unit: str = "数值") -> Chart:
    """A bar per year of `series` ((year, value or None), oldest first)."""
    top = nice_ceiling(max([v for _, v in series if v is not None] or [0]))
    width = LEFT + BAR_STEP * max(len(series), MIN_SLOTS) + RIGHT
    chart = Chart(chart_id, name, unit, width, TOP + PLOT_HEIGHT + BOTTOM)
    base = TOP + PLOT_HEIGHT
    for index, (year, value) in enumerate(series):
        slot = LEFT + BAR_STEP * index
        height = 0.0 if value is None else round(PLOT_HEIGHT * value / top, 2)
        chart.bars.append(
            Bar(year, value, slot + (BAR_STEP - BAR_WIDTH) / 2, round(base - height, 2), height, slot + BAR_STEP / 2)
        )
    shares = (0, 0.5, 1) if float(top / 2).is_integer() else (0, 1)  # no 0.5 on an axis of counts
    chart.ticks = [Tick(top * share, round(base - PLOT_HEIGHT * share, 2)) for share in shares]
    return chart
