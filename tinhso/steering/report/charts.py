"""The progress report's chart as PNG: the on-time rate of each lead unit.

Drawn as the monitoring review's charts are (tinhso.monitoring.review.charts): matplotlib's
object API on the Agg canvas (no pyplot, so no figure state shared between requests), in its
bundled DejaVu Sans, which has every Vietnamese letter and needs no font on the server.
"""

from __future__ import annotations

import io
import textwrap
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from tinhso.steering.dashboard import UnitLine

FONT = "DejaVu Sans"
WIDTH_INCHES = 6.3  # the 16 cm the document gives a chart
MAX_HEIGHT_INCHES = 9.0  # the chart stays on one page, however many units
DPI = 200
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
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#e0e0e0", linewidth=0.5)
    axes.set_axisbelow(True)
    labels = [textwrap.shorten(line.unit.name, 40, placeholder="…") for line in shown]
    bars = axes.barh(labels, rates, color=BAR, height=0.6)
    for bar, line in zip(bars, shown, strict=True):
        text = f"{_format(float(line.tally.on_time_rate or 0), 1)}% ({line.tally.on_time}/"
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
        label = _("Overall: %(rate)s%%") % {"rate": _format(float(overall), 1)}
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
    axes.set_xlabel(_("On-time rate (%)"), fontsize=8)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _format(x, 0)))
    axes.tick_params(labelsize=7)
    axes.tick_params(axis="y", labelsize=6 if len(shown) > 20 else 7)
    return _png(figure)


def _png(figure: Figure) -> bytes:
    # Set on every text rather than in rcParams, which are global to the process.
    for text in figure.findobj(Text):
        text.set_fontfamily(FONT)
    output = io.BytesIO()
    figure.savefig(output, format="png", dpi=DPI)
    return output.getvalue()


def _format(number: float, places: int) -> str:
    """A label the Vietnamese way (66,7) in a Vietnamese document."""
    return number_format(round(number, places), decimal_pos=places, force_grouping=True)
