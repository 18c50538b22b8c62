"""The review's charts as PNG: progress by indicator, and one indicator's trend by period.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, so no global figure state is
shared between requests) in its bundled DejaVu Sans, which has every Vietnamese letter and
needs no font installed on the server.
"""

from __future__ import annotations

import io
import math
import textwrap
from decimal import Decimal
from typing import Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from tinhso.monitoring.review.figures import IndicatorLine, Trend
from tinhso.monitoring.targets import Rating

FONT = "DejaVu Sans"
WIDTH_INCHES = 6.3  # the 16 cm the document gives a chart
DPI = 200
COLOURS = {
    Rating.GREEN: "#2e7d32",
    Rating.AMBER: "#f9a825",
    Rating.RED: "#c62828",
    Rating.NONE: "#9e9e9e",
}
THIS_PERIOD, YEAR_BEFORE = "#1565c0", "#90a4ae"
# Bars past this much progress are drawn to it, with their true value written beside them.
PROGRESS_CAP = 200


def progress_chart(lines: list[IndicatorLine]) -> bytes | None:
    """Horizontal bars of % progress towards the target, coloured by rating; None when no
    indicator has both a value and a target."""
    shown = [line for line in lines if line.progress.percent is not None]
    if not shown:
        return None
    shown.reverse()  # barh draws bottom-up; the table's first indicator goes on top
    percents = [float(line.percent or 0) for line in shown]
    figure, axes = _figure(1.0 + 0.42 * len(shown), grid="x")
    bars = axes.barh(
        [textwrap.fill(line.indicator.name, 48) for line in shown],
        [max(min(p, PROGRESS_CAP), -PROGRESS_CAP) for p in percents],
        color=[COLOURS[line.progress.rating] for line in shown],
        height=0.6,
    )
    axes.axvline(100, color="#424242", linestyle="--", linewidth=0.8)
    for bar, percent in zip(bars, percents, strict=True):
        axes.annotate(
            f"{_format(percent, 1)}%",
            (max(bar.get_width(), 0), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    low = min(0.0, *percents)
    high = min(max(110.0, *percents), PROGRESS_CAP)
    axes.set_xlim(max(low, -PROGRESS_CAP) * 1.1, high * 1.12)
    axes.set_xlabel(_("Progress towards the target (%)"))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _format(x, 0)))
    axes.tick_params(axis="y", labelsize=7)
    return _png(figure)


def trend_chart(trend: Trend) -> bytes:
    """Bars of the indicator period by period, beside the same periods a year before."""
    figure, axes = _figure(3.2, grid="y")
    positions = list(range(len(trend.periods)))
    width = 0.38
    now = [_value(v) for v in trend.values]
    before = [_value(v) for v in trend.previous]
    axes.bar(
        [x - width / 2 for x in positions],
        before,
        width,
        color=YEAR_BEFORE,
        label=_("Same period a year before"),
    )
    axes.bar([x + width / 2 for x in positions], now, width, color=THIS_PERIOD, label=_("Result"))
    axes.set_xticks(positions, [p.name for p in trend.periods], fontsize=7)
    if len(positions) > 6:
        axes.tick_params(axis="x", labelrotation=45)
    axes.set_ylabel(trend.line.indicator.unit or _("Value"))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: _format(y, None)))
    axes.legend(fontsize=7, frameon=False)
    axes.set_title(textwrap.fill(trend.line.indicator.name, 80), fontsize=9)
    return _png(figure)


def _figure(height: float, grid: Literal["x", "y"]) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis=grid, color="#e0e0e0", linewidth=0.5)
    axes.set_axisbelow(True)
    axes.xaxis.label.set_fontsize(8)
    axes.yaxis.label.set_fontsize(8)
    axes.tick_params(labelsize=7)
    return figure, axes


def _png(figure: Figure) -> bytes:
    # Set on every text rather than in rcParams, which are global to the process.
    for text in figure.findobj(Text):
        text.set_fontfamily(FONT)
    output = io.BytesIO()
    figure.savefig(output, format="png", dpi=DPI)
    return output.getvalue()


def _value(value: Decimal | None) -> float:
    return math.nan if value is None else float(value)


def _format(number: float, places: int | None) -> str:
    """A tick or label the Vietnamese way (1.234,5) in a Vietnamese document."""
    if places is None:
        places = 0 if float(number).is_integer() else 1
    return number_format(round(number, places), decimal_pos=places, force_grouping=True)
