"""Steering committees as a monitoring indicator: the register of committees is counted, per
province and year, into the data values of STEERING_COMMITTEES_AGENCIES (agencies) and
STEERING_COMMITTEES_LOCALITIES (communes, wards and special zones) of the province's yearly
report, written through monitoring's audited import by its feed (tinhso.monitoring.feeds, whose
rules the last three below are).

Rules:

- A year counts the committees decided on or before 31/12 of that year, or before today for the
  current year, of units in force on that day. Future years are not counted.
- Same counts as stored: nothing is written and nothing is audited. A count of 0 where nothing is
  stored is not written either (nothing to report yet).
- A value in an approved (locked) report is the province's signed figure: it is never
  overwritten. The summary names it as "locked" so the center can unlock the report and run
  ``manage.py sync_committee_indicator`` again.
- Where the catalogue is not loaded (the elements are unknown, or the province does not report
  them), nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from tinhso.audit.services import Snapshot
from tinhso.core.dates import local_date
from tinhso.monitoring.feeds import FedValue, feed_counts
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.models import SteeringCommittee

AGENCIES = "STEERING_COMMITTEES_AGENCIES"
LOCALITIES = "STEERING_COMMITTEES_LOCALITIES"
SOURCE = "steering_committees"

value_policy = DataValuePolicy()

# Inside ``deferred_sync``: the (province id, year) pairs to count once, at its end.
_pending: ContextVar[set[tuple[int, int]] | None] = ContextVar("committee_sync", default=None)


@dataclass(frozen=True)
class CommitteeCounts:
    """How many agencies and how many communes/wards had a committee on ``as_of``."""

    as_of: dt.date
    agencies: int
    localities: int

    def by_element(self) -> dict[str, int]:
        return {AGENCIES: self.agencies, LOCALITIES: self.localities}


@dataclass
class SyncSummary:
    """What one province-year sync did, element by element."""

    province: str
    year: int
    counts: CommitteeCounts
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)  # differs, but the approved value stays
    missing: list[str] = field(default_factory=list)  # the province does not report it
    zero: list[str] = field(default_factory=list)  # 0, and nothing stored: nothing to report

    def lines(self) -> list[str]:
        counts = self.counts
        line = (
            f"Steering committees {self.province} {self.year} (to {counts.as_of:%d/%m/%Y}): "
            f"{counts.agencies} agencies, {counts.localities} communes/wards; "
            f"written: {', '.join(self.written) or 'none'}"
        )
        lines = [line]
        if self.locked:
            lines.append(
                f"  kept, in an approved report (unlock it and run again): {', '.join(self.locked)}"
            )
        if self.missing:
            lines.append(
                f"  not in the province's yearly report (load the catalogue): "
                f"{', '.join(self.missing)}"
            )
        return lines


def as_of(year: int, today: dt.date) -> dt.date:
    """The day a year is counted to: 31/12, or ``today`` in the current year."""
    if year > today.year:
        raise ValidationError({"year": _("The year %(year)s has not begun.") % {"year": year}})
    return min(dt.date(year, 12, 31), today)


def count_committees(
    *, province: OrgUnit, year: int, today: dt.date | None = None
) -> CommitteeCounts:
    """The agencies and the communes/wards of ``province`` with a committee decided by the end of
    ``year`` (today for the current year), among units in force that day. Anyone may call it."""
    day = as_of(year, today or local_date())
    in_force = (Q(org_unit__valid_from__isnull=True) | Q(org_unit__valid_from__lte=day)) & (
        Q(org_unit__valid_to__isnull=True) | Q(org_unit__valid_to__gte=day)
    )
    counts = SteeringCommittee.objects.filter(
        in_force, org_unit__path__startswith=province.path, decision_date__lte=day
    ).aggregate(
        agencies=Count("pk", filter=Q(org_unit__kind=OrgUnitKind.AGENCY)),
        localities=Count("pk", filter=Q(org_unit__kind__in=LOCAL_KINDS)),
    )
    return CommitteeCounts(day, counts["agencies"], counts["localities"])


def sync_committee_indicator(
    *, actor: Any, year: int, province: OrgUnit, today: dt.date | None = None
) -> SyncSummary:
    """Write the year's counts as the province's values of the two elements, through the audited
    import, unless they are stored already or locked (see the module's rules). Administrators
    and center staff (whoever may import the province's values)."""
    value_policy.require(actor, IMPORT)
    counts = count_committees(province=province, year=year, today=today)
    comment = _comment(counts)
    values = [
        FedValue(code, province, count, comment) for code, count in counts.by_element().items()
    ]
    result = feed_counts(actor=actor, period=str(year), values=values, source=SOURCE)
    return SyncSummary(
        province.code, year, counts,
        written=[value.element for value in result.written],
        unchanged=[value.element for value in result.unchanged],
        locked=[value.element for value in result.locked],
        missing=[value.element for value in result.missing],
        zero=[value.element for value in result.zero],
    )  # fmt: skip


def _comment(counts: CommitteeCounts) -> str:
    # Stored in the site's language, whoever triggers the sync.
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Computed from the steering committees register: committees decided by %(date)s."
        ) % {"date": f"{counts.as_of:%d/%m/%Y}"}


# After a committee is recorded or changed ------------------------------------------------------


def committee_changed(
    *, actor: Any, committee: SteeringCommittee, before: Snapshot | None = None
) -> list[SyncSummary]:
    """Bring the indicator in step with a committee just recorded or changed (``before`` is the
    snapshot of its previous state): every year from its (earlier) decision year to the current
    one is counted again. Called by the committee services, in their transaction."""
    years = [committee.decision_date.year]
    if before and before.get("decision_date"):
        years.append(dt.date.fromisoformat(before["decision_date"]).year)
    province = _province_of(committee.org_unit)
    today = local_date()
    wanted = {(province.pk, year) for year in range(min(years), today.year + 1)}
    pending = _pending.get()
    if pending is not None:
        pending.update(wanted)
        return []
    return _sync_all(actor, wanted, today)


@contextlib.contextmanager
def deferred_sync(actor: Any) -> Iterator[None]:
    """Within this block, committee changes are counted once, at its end, rather than one by one
    (for bulk writers such as the demo)."""
    pending: set[tuple[int, int]] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _sync_all(actor, pending, local_date())


def _sync_all(actor: Any, wanted: Iterable[tuple[int, int]], today: dt.date) -> list[SyncSummary]:
    provinces = {unit.pk: unit for unit in OrgUnit.objects.filter(pk__in={p for p, _y in wanted})}
    return [
        sync_committee_indicator(actor=actor, year=year, province=provinces[pk], today=today)
        for pk, year in sorted(wanted)
    ]


def _province_of(unit: OrgUnit) -> OrgUnit:
    root_path = unit.lineage_paths[0]
    return unit if unit.path == root_path else OrgUnit.objects.get(path=root_path)


def provinces_with_committees() -> list[OrgUnit]:
    """The root units that have at least one committee below them, for the command."""
    roots = OrgUnit.objects.filter(parent__isnull=True).order_by("path")
    return [
        root
        for root in roots
        if SteeringCommittee.objects.filter(org_unit__path__startswith=root.path).exists()
    ]


def first_decision_year(province: OrgUnit) -> int | None:
    """The year of the province's earliest committee decision, if any."""
    first = (
        SteeringCommittee.objects.filter(org_unit__path__startswith=province.path)
        .order_by("decision_date")
        .values_list("decision_date", flat=True)
        .first()
    )
    return first.year if first else None
