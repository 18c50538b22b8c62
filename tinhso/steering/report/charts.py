"""The progress report's chart as PNG: the on-time rate of each lead unit.

Drawn in the style of every report's charts (tinhso.core.decree30.charts).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

from django.utils.translation import gettext as _
from matplotlib.ticker import FuncFormatter

from tinhso.core.decree30 import charts as style
from tinhso.steering.dashboard import UnitLine

MAX_HEIGHT_INCHES = 9.0  # the chart stays on one page, however many units
BAR, AVERAGE = "#1565c0", "#c62828"


def on_time_chart(lines: list[UnitLine], overall: Decimal | None) -> bytes | None:
    """Horizontal bars of the on-time rate by unit, best on top, with the overall rate as a
    dashed line; None when no unit has a rate yet."""
    shown = [line for line in lines if line.tally.on_time_rate is not None]
    if not shown:
        return None
    shown.reverse()  # barh draws bottom-up; the best unit goes on top
    rates = [float(line.tally.on_time_rate or 0) for line in shown]
    height = min(1.2 + 0.24 * len(shown), MAX_HEIGHT_INCHES)
    figure, axes = style.figure(height, grid="x")
    labels = [textwrap.shorten(line.unit.name, 40, placeholder="…") for line in shown]
    bars = axes.barh(labels, rates, color=BAR, height=0.6)
    for bar, line in zip(bars, shown, strict=True):
        text = f"{style.label(float(line.tally.on_time_rate or 0), 1)}% ({line.tally.on_time}/"
        axes.annotate(
            f"{text}{line.tally.judged})",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=6,
        )
    if overall is not None:
        axes.axvline(float(overall), color=AVERAGE, linestyle="--", linewidth=0.8)
        label = _("Overall: %(rate)s%%") % {"rate": style.label(float(overall), 1)}
        axes.annotate(
            label,
            (float(overall), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -8),
            textcoords="offset points",
            fontsize=6,
            color=AVERAGE,
        )
    axes.set_xlim(0, 118)  # room for the labels of the bars at 100 %
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel(_("On-time rate (%)"))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: style.label(x, 0)))
    axes.tick_params(axis="y", labelsize=6 if len(shown) > 20 else 7)
    return style.png(figure)
