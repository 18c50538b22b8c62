"""The review's charts as PNG: progress by indicator, and one indicator's trend by period, in
the style of tinhso.core.decree30.charts."""

from __future__ import annotations

import math
import textwrap
from decimal import Decimal

from django.utils.translation import gettext as _
from matplotlib.ticker import FuncFormatter

from tinhso.core.decree30 import charts as style
from tinhso.monitoring.review.figures import IndicatorLine, Trend
from tinhso.monitoring.targets import Rating

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
    figure, axes = style.figure(1.0 + 0.42 * len(shown), grid="x")
    bars = axes.barh(
        [textwrap.fill(line.indicator.name, 48) for line in shown],
        [max(min(p, PROGRESS_CAP), -PROGRESS_CAP) for p in percents],
        color=[COLOURS[line.progress.rating] for line in shown],
        height=0.6,
    )
    axes.axvline(100, color="#424242", linestyle="--", linewidth=0.8)
    for bar, percent in zip(bars, percents, strict=True):
        axes.annotate(
            f"{style.label(percent, 1)}%",
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
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: style.label(x, 0)))
    axes.tick_params(axis="y", labelsize=7)
    return style.png(figure)


def trend_chart(trend: Trend) -> bytes:
    """Bars of the indicator period by period, beside the same periods a year before."""
    figure, axes = style.figure(3.2, grid="y")
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
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: style.label(y, None)))
    axes.legend(fontsize=7, frameon=False)
    axes.set_title(textwrap.fill(trend.line.indicator.name, 80), fontsize=9)
    return style.png(figure)


def _value(value: Decimal | None) -> float:
    return math.nan if value is None else float(value)
