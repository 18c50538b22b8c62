"""The review report as a DOCX in the layout of Decree 30/2020/NĐ-CP.

Its sections follow the usual plan of a provincial review: I. the general situation (who
reports, how complete and timely the reports were), II. the results by indicator (the table
against the targets, the charts, the main indicators by unit), III. what remains to be done
(indicators off track, overdue reports by unit) and IV. proposals, which the author writes in
(a highlighted placeholder stands in for them until then). The text is written in the active
language; the decree's fixed formulae are Vietnamese in any language (see tinhso.core.decree30).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from tinhso.core.decree30 import document as decree30
from tinhso.core.decree30.report import (
    Letter,
    SectionWriter,
    begin,
    count_text,
    finish,
    percent_text,
)
from tinhso.monitoring.review import charts
from tinhso.monitoring.review.figures import Review
from tinhso.monitoring.review.tables import Number, Table, Value, review_tables
from tinhso.monitoring.review.wording import in_prose, range_phrase, summary_line
from tinhso.monitoring.targets import Rating
from tinhso.orgunits.choices import LOCAL_KINDS

# Column widths in mm of each table in the 165 mm text block.
WIDTHS = {
    "reporting": [38, 17, 14, 14, 14, 14, 13, 14, 14, 13],
    "indicators": [10, 47, 17, 17, 18, 15, 13, 14, 14],
    "overdue": [10, 45, 42, 50, 18],
}


@dataclass(frozen=True, kw_only=True)
class Letterhead(Letter):
    """The review's letter: the Decree 30 details, the kind of review and whether the figures
    include demonstration data."""

    kind: str
    demo_data: bool = False

    def summary(self, review: Review) -> str:
        return summary_line(self.kind, review.periods, self.subject)


def build_docx(review: Review, letterhead: Letterhead) -> bytes:
    """The report as DOCX bytes."""
    summary = letterhead.summary(review)
    document = begin(letterhead, summary)
    if letterhead.demo_data:
        decree30.placeholder(
            document, _("Note: the figures below include generated demonstration data.")
        )
    writer = _Writer(document, review, review_tables(review))
    writer.opening()
    writer.general()
    writer.results()
    writer.issues()
    writer.proposals(letterhead.proposals)
    return finish(document, letterhead, summary)


@dataclass
class _Writer(SectionWriter):
    """Writes the review's sections in order."""

    review: Review
    tables_by_key: dict[str, Table]

    def table(self, key: str) -> None:
        table = self.tables_by_key[key]
        self.numbered_table(
            table.title,
            table.columns,
            [[cell_text(v) for v in row] for row in table.rows],
            widths_mm=_widths(table),
            numeric=_numeric(table),
            total=table.total,
        )

    # The sections ---------------------------------------------------------------------------

    def opening(self) -> None:
        self.say(
            _(
                "Based on the figures the units have reported in the monitoring system up to "
                "%(date)s, the results of %(range)s for %(unit)s are as follows:"
            )
            % {
                "date": date_format(self.review.today, "SHORT_DATE_FORMAT"),
                "range": range_phrase(self.review.periods),
                "unit": in_prose(self.review.unit),
            }
        )

    def general(self) -> None:
        self.section(_("General situation"))
        reporting = self.review.reporting
        total = reporting.total
        communes = sum(1 for unit in reporting.units if unit.kind in LOCAL_KINDS)
        self.say(
            _(
                "%(units)s units report on %(sets)s data sets in the period: %(communes)s "
                "communes and wards, %(others)s agencies and other units."
            )
            % {
                "units": len(reporting.units),
                "sets": len(reporting.tallies),
                "communes": communes,
                "others": len(reporting.units) - communes,
            }
        )
        if not total.due:
            self.say(_("No report fell due in the period."))
        else:
            self.say(
                _(
                    "Of %(due)s reports due, %(received)s were received (%(completeness)s), "
                    "%(on_time)s of them on time (%(timeliness)s) and %(late)s late; "
                    "%(overdue)s reports are overdue and not yet received."
                )
                % {
                    "due": count_text(total.due),
                    "received": count_text(total.received),
                    "completeness": percent_text(total.completeness),
                    "on_time": count_text(total.on_time),
                    "timeliness": percent_text(total.timeliness),
                    "late": count_text(total.late),
                    "overdue": count_text(total.overdue),
                }
            )
        if reporting.tallies:
            self.table("reporting")

    def results(self) -> None:
        self.section(_("Results by indicator"))
        review = self.review
        decree30.heading(self.document, "1. " + _("Indicators against their targets"))
        if not review.indicators:
            self.say(_("No indicator with a target is followed for this unit."))
        else:
            self.say(_rating_summary(review))
            self.table("indicators")
            self.say(
                _(
                    "Progress is measured against the unit's target for %(year)s or, without "
                    "one, the next target year; the rating follows each indicator's thresholds."
                )
                % {"year": review.last.year}
            )
            title = _("Progress towards the target by indicator")
            self.chart(charts.progress_chart(review.indicators), title)
        if review.trend is not None:
            self.chart(charts.trend_chart(review.trend), self.tables_by_key["trend"].title)
        decree30.heading(self.document, "2. " + _("Results by unit"))
        self.units()

    def units(self) -> None:
        comparison = self.review.units
        if comparison is None:
            self.say(
                _("No unit under %(unit)s has reported these indicators in the period.")
                % {"unit": in_prose(self.review.unit)}
            )
            return
        self.say(
            _("The main indicators of the %(count)s units under %(unit)s that reported them:")
            % {"count": len(comparison.rows), "unit": in_prose(self.review.unit)}
        )
        self.table("units")
        if comparison.without_data:
            self.say(
                _("%(count)s units without figures for these indicators are not listed.")
                % {"count": comparison.without_data}
            )

    def issues(self) -> None:
        self.section(_("Remaining issues"))
        off_track = self.review.rated(Rating.RED)
        if off_track:
            names = "; ".join(
                f"{line.indicator.name} ({percent_text(line.percent)})" for line in off_track
            )
            self.say(_("Indicators off track: %(names)s.") % {"names": names})
        else:
            self.say(_("No indicator is off track."))
        overdue = self.review.reporting.overdue
        if not overdue:
            self.say(_("Every report due in the period has been received."))
            return
        units = len({report.unit.pk for report in overdue})
        self.say(
            _("%(reports)s reports from %(units)s units are overdue and not yet received:")
            % {"reports": count_text(len(overdue)), "units": units}
        )
        self.table("overdue")


def _rating_summary(review: Review) -> str:
    return _(
        "Of %(count)s indicators followed, %(green)s are on track, %(amber)s need attention and "
        "%(red)s are off track; %(none)s have no target or no figures yet."
    ) % {
        "count": len(review.indicators),
        **{rating.value: len(review.rated(rating)) for rating in Rating},
    }


def cell_text(value: Value) -> str:
    """A table cell as the document shows it: 1.234,5 in Vietnamese; "-" when missing."""
    if value is None:
        return "-"
    if isinstance(value, Number):
        return number_format(value.value, decimal_pos=value.places, force_grouping=True)
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _widths(table: Table) -> list[float]:
    if table.key in WIDTHS:
        return list(WIDTHS[table.key])
    # The unit table: its number and name, then the indicators sharing what is left.
    rest = (decree30.TEXT_WIDTH_MM - 55) / (len(table.columns) - 2)
    return [10, 45, *([rest] * (len(table.columns) - 2))]


def _numeric(table: Table) -> Sequence[bool]:
    return [
        any(isinstance(row[c], Number | int) for row in table.rows)
        for c in range(len(table.columns))
    ]
