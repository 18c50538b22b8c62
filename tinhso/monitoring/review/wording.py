"""The phrases that name a review: its kind, its period range, its summary line.

Phrases go through gettext (English msgids, Vietnamese in locale/vi); the letterhead's phrases,
which Decree 30/2020/NĐ-CP fixes word for word, are in tinhso.core.decree30.wording.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.monitoring.periods import Period
from tinhso.orgunits.choices import ADMINISTRATIVE_KINDS
from tinhso.orgunits.models import OrgUnit


class ReportKind(models.TextChoices):
    SIX_MONTH = "six_month", gettext_lazy("Six-month review")
    ANNUAL = "annual", gettext_lazy("Annual review")
    PERIOD = "period", gettext_lazy("Report on a period")


def range_phrase(periods: Sequence[Period]) -> str:
    """The range as a report names it: "the first six months of 2026", "the year 2026",
    "Quarter 3/2026", or "Quarter 1/2026 to Quarter 3/2026"."""
    first, last = periods[0], periods[-1]
    year = first.year
    if year == last.year and (first.start.month, last.end.month) == (1, 12):
        return _("the year %(year)s") % {"year": year}
    if year == last.year and (first.start.month, last.end.month) == (1, 6):
        return _("the first six months of %(year)s") % {"year": year}
    if year == last.year and (first.start.month, last.end.month) == (7, 12):
        return _("the last six months of %(year)s") % {"year": year}
    if first == last:
        return first.name
    return _("%(start)s to %(end)s") % {"start": first.name, "end": last.name}


def summary_line(kind: str, periods: Sequence[Period], subject: str) -> str:
    """The line under "BÁO CÁO" (the trích yếu): what the report reviews, over which range."""
    phrases = {
        ReportKind.SIX_MONTH: _(
            "Six-month review of the implementation of %(subject)s in %(range)s"
        ),
        ReportKind.ANNUAL: _("Annual review of the implementation of %(subject)s in %(range)s"),
        ReportKind.PERIOD: _("Results of the implementation of %(subject)s in %(range)s"),
    }
    phrase = phrases.get(ReportKind(kind), phrases[ReportKind.PERIOD])
    return phrase % {"subject": subject, "range": range_phrase(periods)}


def suggested_kind(periods: Sequence[Period]) -> ReportKind:
    """A whole year is an annual review, a half a six-month one, anything else a period."""
    months = sum(p.type.months for p in periods)
    if months == 12 and periods[0].start.month == 1:
        return ReportKind.ANNUAL
    if months == 6 and periods[0].start.month in (1, 7):
        return ReportKind.SIX_MONTH
    return ReportKind.PERIOD


def in_prose(unit: OrgUnit) -> str:
    """The unit's name inside a sentence: "tỉnh Lai Châu", "xã Bình Lư" (the kind of an
    administrative unit is a common noun there); an agency keeps its capital: "Sở Y tế"."""
    if unit.kind in ADMINISTRATIVE_KINDS:
        return unit.name[:1].lower() + unit.name[1:]
    return unit.name
