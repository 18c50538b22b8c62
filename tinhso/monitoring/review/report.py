"""The review report as a file: the one entry point of the page and the command."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied

from tinhso.core.decree30.report import DOCX
from tinhso.core.policies import VIEW
from tinhso.core.sheets import XLSX
from tinhso.monitoring.models import IndicatorGroup
from tinhso.monitoring.periods import Period
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.monitoring.review.document import Letterhead, build_docx
from tinhso.monitoring.review.figures import Review, collect
from tinhso.monitoring.review.workbook import build_xlsx
from tinhso.orgunits.models import OrgUnit


@dataclass(frozen=True)
class Format:
    content_type: str
    build: Callable[[Review, Letterhead], bytes]


FORMATS = {"docx": Format(DOCX, build_docx), "xlsx": Format(XLSX, build_xlsx)}

policy = DataValuePolicy()


def review_report(
    *,
    actor: Any,
    unit: OrgUnit,
    periods: Sequence[Period],
    letterhead: Letterhead,
    file_format: str,
    today: date,
    group: IndicatorGroup | None = None,
) -> bytes:
    """The DOCX or XLSX review of ``unit``; anyone who may read the unit's values may have it
    (PermissionDenied otherwise)."""
    reachable = policy.reachable_units(OrgUnit.objects.filter(pk=unit.pk), actor, VIEW)
    if not reachable.exists():
        raise PermissionDenied
    review = collect(unit=unit, periods=periods, today=today, group=group)
    return FORMATS[file_format].build(review, letterhead)


def file_name(unit: OrgUnit, periods: Sequence[Period], file_format: str) -> str:
    """e.g. bao-cao-12-2026S1-2026S1.docx (ASCII, so that every browser keeps it)."""
    return f"bao-cao-{unit.code}-{periods[0].code}-{periods[-1].code}.{file_format}"


def has_demo_data() -> bool:
    """Whether generated demo figures are loaded, so that the report says so."""
    try:
        from tinhso.monitoring.demo import has_demo_data as loaded
    except ImportError:  # the demo module is optional on production installs
        return False
    return bool(loaded())
