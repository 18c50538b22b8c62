"""Programmes, their allocations by year and by unit or project, and the disbursements paid out
of them, in whole đồng."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tinhso.audit.services import Snapshot, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.steering import money
from tinhso.steering.models import (
    Allocation,
    Disbursement,
    Programme,
)
from tinhso.steering.services.common import (
    ALLOCATION_FIELDS,
    PROGRAMME_FIELDS,
    allocation_policy,
    clean,
    disbursement_policy,
    programme_policy,
)

# Programmes and money --------------------------------------------------------------------------


def create_programme(*, actor: Any, **fields: Any) -> Programme:
    """Record a programme and its years. Center."""
    programme_policy.require(actor, ADD)
    check_names(fields, PROGRAMME_FIELDS)
    programme = Programme(**fields)
    raise_errors(clean(programme), _years_problems(programme))
    with transaction.atomic():
        programme.save()
        record_write(actor, programme, None, snapshot(programme, PROGRAMME_FIELDS))
    return programme


def update_programme(*, actor: Any, programme: Programme, **changes: Any) -> Programme:
    """Change a programme; its allocations must stay within its years. Center."""
    programme_policy.require(actor, CHANGE, programme)
    check_names(changes, PROGRAMME_FIELDS)
    with transaction.atomic():
        before = snapshot(programme, PROGRAMME_FIELDS)
        assign(programme, changes)
        raise_errors(clean(programme), _years_problems(programme))
        programme.save()
        record_write(actor, programme, before, snapshot(programme, PROGRAMME_FIELDS))
    return programme


def _years_problems(programme: Programme) -> Errors:
    first, last = programme.first_year, programme.last_year
    if first is None or last is None:
        return {}
    if last < first:
        return {"last_year": [_("The last year is before the first year.")]}
    outside = programme.pk and programme.allocations.exclude(year__range=(first, last)).exists()
    if outside:
        return {"first_year": [_("Some allocations fall outside these years.")]}
    return {}


def create_allocation(*, actor: Any, **fields: Any) -> Allocation:
    """Allot a programme's money for a year to a unit or a project. Center."""
    allocation_policy.require(actor, ADD)
    check_names(fields, ALLOCATION_FIELDS)
    allocation = Allocation(**fields)
    raise_errors(clean(allocation), _allocation_problems(allocation))
    with transaction.atomic():
        allocation.save()
        record_write(actor, allocation, None, _allocation_state(allocation), allocation.org_unit)
    return allocation


def update_allocation(*, actor: Any, allocation: Allocation, **changes: Any) -> Allocation:
    """Change an allocation; its amount cannot drop below what is already disbursed. Center."""
    allocation_policy.require(actor, CHANGE, allocation)
    check_names(changes, ALLOCATION_FIELDS)
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        before = _allocation_state(allocation)
        assign(allocation, changes)
        raise_errors(clean(allocation), _allocation_problems(allocation))
        allocation.save()
        record_write(actor, allocation, before, _allocation_state(allocation), allocation.org_unit)
    return allocation


def _allocation_state(allocation: Allocation) -> Snapshot:
    return snapshot(allocation, ALLOCATION_FIELDS)


def _allocation_problems(allocation: Allocation) -> Errors:
    errors: Errors = {}
    if allocation.org_unit_id is None and not allocation.project.strip():
        errors["org_unit"] = [_("Choose a unit or name a project.")]
    programme = allocation.programme if allocation.programme_id else None
    year = allocation.year
    if programme and year is not None and not programme.first_year <= year <= programme.last_year:
        message = _("Give a year from %(first)s to %(last)s.")
        errors["year"] = [message % {"first": programme.first_year, "last": programme.last_year}]
    if allocation.amount is not None and allocation.amount <= 0:
        errors.setdefault("amount", []).append(_("Give an amount above zero."))
    elif allocation.pk and allocation.amount < disbursed_of(allocation):
        message = _("The amount cannot be less than what is already disbursed.")
        errors.setdefault("amount", []).append(message)
    return errors


def disbursed_of(allocation: Allocation) -> Decimal:
    """The exact sum disbursed so far from ``allocation``."""
    paid: Decimal | None = allocation.disbursements.aggregate(total=Sum("amount"))["total"]
    return paid if paid is not None else money.ZERO


def record_disbursement(
    *, actor: Any, allocation: Allocation, date: dt.date, document_number: str,
    amount: Decimal, note: str = "",
) -> Disbursement:  # fmt: skip
    """Record money paid out of an allocation, with its document number; never more than what
    remains of it. Center."""
    disbursement_policy.require(actor, ADD)
    with transaction.atomic():
        # The row lock makes two concurrent payments see each other's amounts.
        locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
        disbursement = Disbursement(
            allocation=locked, date=date, document_number=document_number, amount=amount,
            note=note,
        )  # fmt: skip
        raise_errors(clean(disbursement), _disbursement_problems(disbursement, locked))
        disbursement.save()
        state = snapshot(disbursement, ("allocation", "date", "document_number", "amount", "note"))
        record_write(actor, disbursement, None, state, org_unit=locked.org_unit)
    return disbursement


def _disbursement_problems(disbursement: Disbursement, allocation: Allocation) -> Errors:
    amount = disbursement.amount
    if amount is None:
        return {}
    if amount <= 0:
        return {"amount": [_("Give an amount above zero.")]}
    left = money.remaining(allocation.amount, disbursed_of(allocation))
    if amount > left:
        message = _("Only %(left)s VND remain of this allocation.")
        return {"amount": [message % {"left": f"{left:,}".replace(",", ".")}]}
    return {}
