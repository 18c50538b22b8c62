"""Writes to indicator groups (frameworks, programmes) and indicators. Center staff and
administrators."""

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
    add_expression_problems,
    delete_unreferenced,
    model_errors,
    policy,
    sorted_codes,
)
from tinhso.monitoring.metadata.fixed import refuse_fixed
from tinhso.monitoring.models import Indicator, IndicatorGroup

GROUP_FIELDS = CODED
INDICATOR_FIELDS = (
    *CODED, "numerator", "denominator", "factor", "decimals", "unit", "direction",
    "green_from", "amber_from", "groups",
)  # fmt: skip


def create_indicator_group(*, actor: Any, code: str, name: str, **fields: Any) -> IndicatorGroup:
    """Create an indicator group (a framework or programme). Center staff and administrators."""
    policy.require(actor, ADD)
    check_names(fields, GROUP_FIELDS)
    group = IndicatorGroup(code=code, name=name, **fields)
    raise_errors(model_errors(group))
    with transaction.atomic():
        group.save()
        record_write(actor, group, None, snapshot(group, CODED))
    return group


def update_indicator_group(*, actor: Any, group: IndicatorGroup, **changes: Any) -> IndicatorGroup:
    """Change an indicator group; its code too, since only links by id refer to it."""
    policy.require(actor, CHANGE, group)
    check_names(changes, GROUP_FIELDS)
    with transaction.atomic():
        before = snapshot(group, CODED)
        assign(group, changes)
        raise_errors(model_errors(group))
        group.save()
        record_write(actor, group, before, snapshot(group, CODED))
    return group


def delete_indicator_group(*, actor: Any, group: IndicatorGroup) -> None:
    """Delete a group; its indicators stay, outside it. The entry lists who was in it."""
    policy.require(actor, DELETE, group)
    state = {**snapshot(group, CODED), "indicators": sorted_codes(group.indicators.all())}
    delete_unreferenced(actor, group, state, [])


# Indicators ------------------------------------------------------------------------------------


def create_indicator(
    *,
    actor: Any,
    code: str,
    name: str,
    numerator: str,
    denominator: str = "1",
    groups: Iterable[IndicatorGroup] = (),
    **fields: Any,
) -> Indicator:
    """Create an indicator; its expressions must parse and name known elements and options."""
    policy.require(actor, ADD)
    check_names(fields, INDICATOR_FIELDS)
    indicator = Indicator(
        code=code, name=name, numerator=numerator, denominator=denominator, **fields
    )
    raise_errors(_indicator_problems(indicator))
    with transaction.atomic():
        indicator.save()
        indicator.groups.set(list(groups))
        record_write(actor, indicator, None, _indicator_state(indicator))
    return indicator


def update_indicator(*, actor: Any, indicator: Indicator, **changes: Any) -> Indicator:
    """Change an indicator; its code is fixed once it has targets."""
    policy.require(actor, CHANGE, indicator)
    check_names(changes, INDICATOR_FIELDS)
    groups = changes.pop("groups", None)
    with transaction.atomic():
        refuse_fixed(indicator, changes)
        before = _indicator_state(indicator)
        assign(indicator, changes)
        raise_errors(_indicator_problems(indicator))
        indicator.save()
        if groups is not None:
            indicator.groups.set(list(groups))
        record_write(actor, indicator, before, _indicator_state(indicator))
    return indicator


def delete_indicator(*, actor: Any, indicator: Indicator) -> None:
    """Delete an indicator that has no targets."""
    policy.require(actor, DELETE, indicator)
    problems = []
    if indicator.targets.exists():
        problems.append(_("It has targets; delete them first."))
    delete_unreferenced(actor, indicator, _indicator_state(indicator), problems)


def _indicator_problems(indicator: Indicator) -> Errors:
    errors = model_errors(indicator)
    add_expression_problems(indicator, errors)
    if indicator.factor == 0:
        errors.setdefault("factor", []).append(_("The factor cannot be zero."))
    amber, green = indicator.amber_from, indicator.green_from
    if amber is not None and green is not None and amber > green:
        errors.setdefault("amber_from", []).append(_("Amber starts above green."))
    return errors


def _indicator_state(indicator: Indicator) -> Snapshot:
    plain = [name for name in INDICATOR_FIELDS if name != "groups"]
    return {**snapshot(indicator, plain), "groups": sorted_codes(indicator.groups.all())}
