"""Writes to targets: where an indicator should be for a unit in a year, with an optional
baseline. Center staff and administrators."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.audit.services import Snapshot, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.monitoring.metadata.common import delete_unreferenced, model_errors, policy
from tinhso.monitoring.models import Indicator, Target
from tinhso.orgunits.models import OrgUnit

TARGET_FIELDS = ("indicator", "org_unit", "year", "value", "baseline", "baseline_year")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def create_target(
    *, actor: Any, indicator: Indicator, org_unit: OrgUnit, year: int, value: Any, **fields: Any
) -> Target:
    """Set where an indicator should be for a unit in a year, with an optional baseline."""
    policy.require(actor, ADD)
    check_names(fields, TARGET_FIELDS)
    target = Target(indicator=indicator, org_unit=org_unit, year=year, value=value, **fields)
    raise_errors(_target_problems(target))
    with transaction.atomic():
        target.save()
        record_write(actor, target, None, _target_state(target), org_unit=target.org_unit)
    return target


def update_target(*, actor: Any, target: Target, **changes: Any) -> Target:
    """Change a target, its year or unit included; nothing refers to a target."""
    policy.require(actor, CHANGE, target)
    check_names(changes, TARGET_FIELDS)
    with transaction.atomic():
        before = _target_state(target)
        assign(target, changes)
        raise_errors(_target_problems(target))
        target.save()
        record_write(actor, target, before, _target_state(target), org_unit=target.org_unit)
    return target


def delete_target(*, actor: Any, target: Target) -> None:
    """Delete a target."""
    policy.require(actor, DELETE, target)
    delete_unreferenced(actor, target, _target_state(target), [], org_unit=target.org_unit)


def _target_problems(target: Target) -> Errors:
    errors = model_errors(target, validate_constraints=False)
    clash = Target.objects.filter(
        indicator_id=target.indicator_id, org_unit_id=target.org_unit_id, year=target.year
    ).exclude(pk=target.pk)
    if target.year is not None and clash.exists():
        message = _("This indicator already has a target for this unit and year.")
        errors.setdefault("year", []).append(message)
    for name in ("year", "baseline_year"):
        year = getattr(target, name)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            message = _("Give a year from %(first)s to %(last)s.")
            errors.setdefault(name, []).append(message % {"first": FIRST_YEAR, "last": LAST_YEAR})
    if target.baseline is not None and target.baseline_year is None:
        errors.setdefault("baseline_year", []).append(_("Give the year of the baseline."))
    if target.baseline is None and target.baseline_year is not None:
        errors.setdefault("baseline", []).append(_("Give the baseline value."))
    if target.baseline_year and target.year and target.baseline_year > target.year:
        errors.setdefault("baseline_year", []).append(_("The baseline is after the target year."))
    return errors


def _target_state(target: Target) -> Snapshot:
    return {
        **snapshot(target, ["year", "value", "baseline", "baseline_year"]),
        "indicator": target.indicator.code,
        "org_unit": target.org_unit.code,
    }
