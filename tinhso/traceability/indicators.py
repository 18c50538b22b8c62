"""The traceability registry as monitoring indicators: per commune or ward and per year, the
enterprises using traceability (TRACEABILITY_ENTERPRISES) and the products with a QR code
(TRACEABILITY_PRODUCTS_QR), written as the values of the unit's TRACEABILITY_YEARLY report
through monitoring's feed (tinhso.monitoring.feeds: unchanged counts, zeros with nothing
stored and values of approved reports are not written). The province's figure is the sum over
its communes and wards, as analytics adds up "last" values over units.

Rules:

- The definitions are the overview's (tinhso.traceability.selectors): an enterprise uses
  traceability when one of its products has a batch; a product has a QR code when it has a GTIN
  and a batch.
- A year counts the batches recorded in the registry (not produced) by 31/12 of that year, or by
  today in the current year: the day the enterprise started using the provincial service. The
  GTIN and the commune are the ones recorded now (the registry keeps no history of them).
- Each enterprise counts at its commune or ward; an enterprise with none recorded is in no
  unit's figure (the summary says how many).
- A commune whose stored value no longer has anything to count is set back to 0.
- Future years are not counted.

Kept fresh by a daily task (tinhso.traceability.tasks) and ``manage.py
sync_traceability_indicators``; the traceability demo runs it once at its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from tinhso.core.dates import PROVINCE_ZONE, local_date
from tinhso.monitoring.feeds import FedValue, FeedResult, feed_counts, stored_values
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.models import Batch, Enterprise, Product

ENTERPRISES = "TRACEABILITY_ENTERPRISES"
PRODUCTS_QR = "TRACEABILITY_PRODUCTS_QR"
ELEMENTS = (ENTERPRISES, PRODUCTS_QR)
SOURCE = "traceability_registry"


@dataclass(frozen=True)
class CommuneCounts:
    """The two counts of one commune or ward."""

    enterprises: int = 0
    products_qr: int = 0

    def by_element(self) -> dict[str, int]:
        return {ENTERPRISES: self.enterprises, PRODUCTS_QR: self.products_qr}


@dataclass(frozen=True)
class TraceabilityCounts:
    """The counts of a province's communes and wards on ``as_of`` (units with a count only),
    and the enterprises using traceability that have no commune recorded."""

    as_of: dt.date
    by_commune: dict[OrgUnit, CommuneCounts]
    without_commune: int = 0

    @property
    def total(self) -> CommuneCounts:
        return CommuneCounts(
            sum(c.enterprises for c in self.by_commune.values()),
            sum(c.products_qr for c in self.by_commune.values()),
        )


@dataclass
class SyncSummary:
    """What one province-year sync did (or, in a dry run, would do)."""

    province: str
    year: int
    counts: TraceabilityCounts
    result: FeedResult
    dry_run: bool = False

    def lines(self) -> list[str]:
        counts, result = self.counts, self.result
        total = counts.total
        verb = "would write" if self.dry_run else "written"
        lines = [
            f"Traceability {self.province} {self.year} (to {counts.as_of:%d/%m/%Y}): "
            f"{total.enterprises} enterprises using traceability, {total.products_qr} products "
            f"with a QR code, in {len(counts.by_commune)} communes/wards; "
            f"{verb}: {len(result.written)} values, unchanged: {len(result.unchanged)}"
        ]
        if result.locked:
            lines.append(
                f"  kept, in an approved report (unlock it and run again): {_cells(result.locked)}"
            )
        if result.missing:
            lines.append(
                f"  not reported by the unit (load the catalogue): {_cells(result.missing)}"
            )
        if counts.without_commune:
            lines.append(
                f"  not counted: {counts.without_commune} enterprises using traceability with "
                f"no commune recorded"
            )
        return lines


def _cells(values: list[FedValue]) -> str:
    return ", ".join(f"{value.org_unit.code} {value.element}" for value in values)


def as_of(year: int, today: dt.date) -> dt.date:
    """The day a year is counted to: 31/12, or ``today`` in the current year."""
    if year > today.year:
        raise ValidationError({"year": _("The year %(year)s has not begun.") % {"year": year}})
    return min(dt.date(year, 12, 31), today)


def count_by_commune(
    *, province: OrgUnit, year: int, today: dt.date | None = None
) -> TraceabilityCounts:
    """The enterprises using traceability and the products with a QR code of each commune or
    ward of ``province``, with the batches recorded by the end of ``year`` (today for the
    current year). Two queries, and one for the units. Anyone may call it."""
    day = as_of(year, today or local_date())
    # The end of the day in the province, so that a batch recorded at 23:30 there counts.
    until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=PROVINCE_ZONE)
    recorded = Batch.objects.filter(created_at__lt=until).order_by()
    in_province = Q(org_unit__path__startswith=province.path)
    enterprises: dict[int | None, int] = dict(
        Enterprise.objects.filter(in_province | Q(org_unit__isnull=True))
        .filter(pk__in=recorded.values("product__enterprise"))
        .order_by()
        .values("org_unit")
        .annotate(n=Count("pk"))
        .values_list("org_unit", "n")
    )
    products: dict[int, int] = dict(
        Product.objects.exclude(gtin="")
        .filter(enterprise__org_unit__path__startswith=province.path)
        .filter(pk__in=recorded.values("product"))
        .order_by()
        .values("enterprise__org_unit")
        .annotate(n=Count("pk"))
        .values_list("enterprise__org_unit", "n")
    )
    without = enterprises.pop(None, 0)
    unit_ids = {pk for pk in enterprises if pk is not None} | set(products)
    units = OrgUnit.objects.filter(pk__in=unit_ids).order_by("path")
    by_commune = {
        unit: CommuneCounts(enterprises.get(unit.pk, 0), products.get(unit.pk, 0)) for unit in units
    }
    return TraceabilityCounts(day, by_commune, without)


def sync_traceability_indicators(
    *,
    actor: Any,
    year: int,
    province: OrgUnit,
    today: dt.date | None = None,
    dry_run: bool = False,
) -> SyncSummary:
    """Write the year's counts of every commune and ward of ``province`` through monitoring's
    feed; a commune with a stored value and nothing left to count gets 0. Administrators and
    center staff (whoever may import the units' values)."""
    counts = count_by_commune(province=province, year=year, today=today)
    period = str(year)
    stale = {unit_id for _code, unit_id in stored_values(ELEMENTS, period, within=province)}
    units = {unit.pk: unit for unit in counts.by_commune}
    units.update((unit.pk, unit) for unit in OrgUnit.objects.filter(pk__in=stale - units.keys()))
    comments = _comments(counts.as_of)
    values = [
        FedValue(code, unit, count, comments[code])
        for unit in sorted(units.values(), key=lambda unit: unit.path)
        for code, count in counts.by_commune.get(unit, CommuneCounts()).by_element().items()
    ]
    result = feed_counts(actor=actor, period=period, values=values, source=SOURCE, dry_run=dry_run)
    return SyncSummary(province.code, year, counts, result, dry_run)


def _comments(day: dt.date) -> dict[str, str]:
    # Stored in the site's language, whoever triggers the sync.
    date = f"{day:%d/%m/%Y}"
    with translation.override(settings.LANGUAGE_CODE):
        return {
            ENTERPRISES: _(
                "Computed from the traceability registry: enterprises with a product that has "
                "a batch recorded by %(date)s."
            )
            % {"date": date},
            PRODUCTS_QR: _(
                "Computed from the traceability registry: products with a GTIN and a batch "
                "recorded by %(date)s."
            )
            % {"date": date},
        }


def provinces_with_enterprises() -> list[OrgUnit]:
    """The root units with at least one enterprise in one of their communes or wards."""
    roots = OrgUnit.objects.filter(parent__isnull=True).order_by("path")
    return [
        root
        for root in roots
        if Enterprise.objects.filter(org_unit__path__startswith=root.path).exists()
    ]


def first_batch_year(province: OrgUnit) -> int | None:
    """The year (in the province) the first batch of the province's enterprises was recorded."""
    first = (
        Batch.objects.filter(product__enterprise__org_unit__path__startswith=province.path)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return first.astimezone(PROVINCE_ZONE).year if first else None


def sync_years(
    *, actor: Any, years: Iterable[int], today: dt.date | None = None
) -> list[SyncSummary]:
    """Sync ``years`` in every province with enterprises (see sync_traceability_indicators)."""
    today = today or local_date()
    return [
        sync_traceability_indicators(actor=actor, year=year, province=province, today=today)
        for province in provinces_with_enterprises()
        for year in years
    ]


def sync_recent(*, actor: Any, today: dt.date | None = None) -> list[SyncSummary]:
    """Sync the current year and the one before: the year before, so that what was recorded on
    its last evening, after that day's run, is counted (once the center approves a commune's
    year, its values stay as they are)."""
    today = today or local_date()
    return sync_years(actor=actor, years=(today.year - 1, today.year), today=today)
