"""Writes to data sets: which elements which units report, how often and by when. Center staff
and administrators."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.audit.services import Snapshot, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.monitoring.metadata.common import (
    CODED,
    delete_unreferenced,
    model_errors,
    policy,
    sorted_codes,
)
from tinhso.monitoring.metadata.fixed import refuse_fixed
from tinhso.monitoring.models import DataElement, DataSet
from tinhso.orgunits.models import OrgUnit

DATA_SET_FIELDS = (
    *CODED, "period_type", "deadline_days", "late_days", "elements", "org_units",
)  # fmt: skip


def create_data_set(
    *,
    actor: Any,
    code: str,
    name: str,
    period_type: str,
    elements: Iterable[DataElement],
    org_units: Iterable[OrgUnit] = (),
    **fields: Any,
) -> DataSet:
    """Create a data set: which elements which units report, how often and by when."""
    policy.require(actor, ADD)
    check_names(fields, DATA_SET_FIELDS)
    data_set = DataSet(code=code, name=name, period_type=period_type, **fields)
    elements, org_units = list(elements), list(org_units)
    raise_errors(model_errors(data_set), _membership_problems(data_set, elements, org_units))
    with transaction.atomic():
        data_set.save()
        data_set.elements.set(elements)
        data_set.org_units.set(org_units)
        record_write(actor, data_set, None, _data_set_state(data_set))
    return data_set


def update_data_set(*, actor: Any, data_set: DataSet, **changes: Any) -> DataSet:
    """Change a data set; its code and period type are fixed once units have reports of it.
    Removing an element keeps its values; it is just no longer asked for in this set."""
    policy.require(actor, CHANGE, data_set)
    check_names(changes, DATA_SET_FIELDS)
    elements, org_units = changes.pop("elements", None), changes.pop("org_units", None)
    elements = list(elements) if elements is not None else None
    org_units = list(org_units) if org_units is not None else None
    with transaction.atomic():
        refuse_fixed(data_set, changes)
        before = _data_set_state(data_set)
        assign(data_set, changes)
        raise_errors(model_errors(data_set), _membership_problems(data_set, elements, org_units))
        data_set.save()
        if elements is not None:
            data_set.elements.set(elements)
        if org_units is not None:
            data_set.org_units.set(org_units)
        record_write(actor, data_set, before, _data_set_state(data_set))
    return data_set


def delete_data_set(*, actor: Any, data_set: DataSet) -> None:
    """Delete a data set no unit has a report of; its elements and their values stay."""
    policy.require(actor, DELETE, data_set)
    problems = []
    if data_set.submissions.exists():
        problems.append(_("Units have reports of it."))
    delete_unreferenced(actor, data_set, _data_set_state(data_set), problems)


def _membership_problems(
    data_set: DataSet, elements: list[DataElement] | None, org_units: list[OrgUnit] | None
) -> Errors:
    errors: Errors = {}
    if elements is not None and not elements:
        errors["elements"] = [_("Choose at least one data element.")]
    if org_units is not None:
        current = set(data_set.org_units.values_list("pk", flat=True)) if data_set.pk else set()
        ended = [unit.code for unit in org_units if not unit.is_active and unit.pk not in current]
        if ended:
            message = _("These units no longer exist: %(codes)s.") % {"codes": ", ".join(ended)}
            errors["org_units"] = [message]
    return errors


def _data_set_state(data_set: DataSet) -> Snapshot:
    plain = [name for name in DATA_SET_FIELDS if name not in {"elements", "org_units"}]
    return {
        **snapshot(data_set, plain),
        "elements": sorted_codes(data_set.elements.all()),
        "org_units": sorted_codes(data_set.org_units.all()),
    }
