"""The steering committees register (counted into monitoring's indicator) and the holiday
calendar deadlines are counted against."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tinhso.audit.models import AuditAction
from tinhso.audit.services import record_change, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import assign, check_names, raise_errors
from tinhso.steering.committees import committee_changed
from tinhso.steering.models import (
    Holiday,
    SteeringCommittee,
)
from tinhso.steering.services.common import (
    COMMITTEE_FIELDS,
    HOLIDAY_FIELDS,
    clean,
    committee_policy,
    holiday_policy,
)

# Steering committees ---------------------------------------------------------------------------


def record_steering_committee(*, actor: Any, **fields: Any) -> SteeringCommittee:
    """Record that a unit has set up its steering committee (decision, date, head, members).
    Center."""
    committee_policy.require(actor, ADD)
    check_names(fields, COMMITTEE_FIELDS)
    committee = SteeringCommittee(**fields)
    raise_errors(clean(committee))
    with transaction.atomic():
        committee.save()
        state = snapshot(committee, COMMITTEE_FIELDS)
        record_write(actor, committee, None, state, org_unit=committee.org_unit)
        committee_changed(actor=actor, committee=committee)
    return committee


def update_steering_committee(
    *, actor: Any, committee: SteeringCommittee, **changes: Any
) -> SteeringCommittee:
    """Change a steering committee's record. Center."""
    committee_policy.require(actor, CHANGE, committee)
    check_names(changes, COMMITTEE_FIELDS)
    with transaction.atomic():
        before = snapshot(committee, COMMITTEE_FIELDS)
        assign(committee, changes)
        raise_errors(clean(committee))
        committee.save()
        after = snapshot(committee, COMMITTEE_FIELDS)
        record_write(actor, committee, before, after, org_unit=committee.org_unit)
        committee_changed(actor=actor, committee=committee, before=before)
    return committee


# Holidays --------------------------------------------------------------------------------------


def create_holiday(*, actor: Any, date: dt.date, name: str) -> Holiday:
    """Add a day off to the calendar. Center."""
    holiday_policy.require(actor, ADD)
    holiday = Holiday(date=date, name=name)
    raise_errors(clean(holiday))
    with transaction.atomic():
        holiday.save()
        record_write(actor, holiday, None, snapshot(holiday, HOLIDAY_FIELDS))
    return holiday


def update_holiday(*, actor: Any, holiday: Holiday, **changes: Any) -> Holiday:
    """Change a day off. Center."""
    holiday_policy.require(actor, CHANGE, holiday)
    check_names(changes, HOLIDAY_FIELDS)
    with transaction.atomic():
        before = snapshot(holiday, HOLIDAY_FIELDS)
        assign(holiday, changes)
        raise_errors(clean(holiday))
        holiday.save()
        record_write(actor, holiday, before, snapshot(holiday, HOLIDAY_FIELDS))
    return holiday


def delete_holiday(*, actor: Any, holiday: Holiday) -> None:
    """Remove a day entered by mistake; the audit entry keeps what it was. Center."""
    holiday_policy.require(actor, DELETE, holiday)
    with transaction.atomic():
        before = snapshot(holiday, HOLIDAY_FIELDS)
        record_change(actor=actor, action=AuditAction.DELETE, obj=holiday, before=before)
        holiday.delete()
