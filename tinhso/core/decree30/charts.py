"""The style of a report's charts: PNG figures 16 cm wide (the width the document gives a chart)
with the same grid, fonts and number labels in every report.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, so no global figure state is
shared between requests) in its bundled DejaVu Sans, which has every Vietnamese letter and
needs no font installed on the server.
"""

from __future__ import annotations

import io
from typing import Literal

from django.utils.formats import number_format
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

FONT = "DejaVu Sans"
WIDTH_INCHES = 6.3  # the 16 cm the document gives a chart
DPI = 200


def figure(height: float, grid: Literal["x", "y"]) -> tuple[Figure, Axes]:
    """A blank chart ``height`` inches high, its grid lines across the ``grid`` axis."""
    drawing = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(drawing)
    axes = drawing.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis=grid, color="#e0e0e0", linewidth=0.5)
    axes.set_axisbelow(True)
    axes.xaxis.label.set_fontsize(8)
    axes.yaxis.label.set_fontsize(8)
    axes.tick_params(labelsize=7)
    return drawing, axes


def png(drawing: Figure) -> bytes:
    """The chart as PNG bytes, every text in the report's font."""
    # Set on every text rather than in rcParams, which are global to the process.
    for text in drawing.findobj(Text):
        text.set_fontfamily(FONT)
    output = io.BytesIO()
    drawing.savefig(output, format="png", dpi=DPI)
    return output.getvalue()


def label(number: float, places: int | None) -> str:
    """A tick or label the Vietnamese way (1.234,5) in a Vietnamese document; ``places`` None
    shows a whole number without decimals and any other with one."""
    if places is None:
        places = 0 if float(number).is_integer() else 1
    return number_format(round(number, places), decimal_pos=places, force_grouping=True)
