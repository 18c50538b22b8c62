"""A unit's report of a data set for a period: the form's values and the approval workflow.

Draft and returned reports are open; a submitted report is closed to its reporters until the
center decides; an approved one is closed to everyone until an audited unlock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.audit.models import AuditAction
from tinhso.audit.services import record_change, record_changes
from tinhso.core.policies import CHANGE
from tinhso.core.roles import Role
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.models import CategoryOption, DataElement, DataSet, DataValue, Submission
from tinhso.monitoring.periods import Period, PeriodError, PeriodType, parse_period
from tinhso.monitoring.permissions import (
    APPROVE,
    SUBMIT,
    UNLOCK,
    DataValuePolicy,
    SubmissionPolicy,
)
from tinhso.monitoring.services import Conflict, ImportSummary
from tinhso.monitoring.validation import clean_value
from tinhso.orgunits.models import OrgUnit

value_policy = DataValuePolicy()
submission_policy = SubmissionPolicy()
OPEN = {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}


@dataclass(frozen=True)
class FormEntry:
    """One cell of the form as typed: "" leaves it alone; ``version`` is what the form showed."""

    element: DataElement
    option: CategoryOption
    value: str
    comment: str = ""
    version: int | None = None

    @property
    def field(self) -> str:
        return f"{self.element.code}.{self.option.code}"


def report_period(data_set: DataSet, code: str) -> Period:
    """The period ``code`` names, if it is of the data set's type; ValidationError otherwise."""
    try:
        period = parse_period(code)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from None
    if str(period.type) != data_set.period_type:
        message = _("%(set)s is reported %(type)s.") % {
            "set": data_set, "type": PeriodType(data_set.period_type).label,
        }  # fmt: skip
        raise ValidationError({"period": message})
    return period


def submission_for(data_set: DataSet, org_unit: OrgUnit, period: Period) -> Submission:
    """The report row, created as a draft the first time anyone looks at it."""
    submission, _created = Submission.objects.get_or_create(
        data_set=data_set, org_unit=org_unit, period=period.code
    )
    return submission


def save_report_values(
    *, actor: Any, data_set: DataSet, org_unit: OrgUnit, period: str, entries: Sequence[FormEntry]
) -> ImportSummary:
    """Save a form's values, all or none. A value someone else changed since the form was
    opened is a conflict: nothing is saved and nothing is lost."""
    _require_unit(actor, org_unit)
    checked_period = report_period(data_set, period)
    summary = ImportSummary()
    with transaction.atomic():
        submission = submission_for(data_set, org_unit, checked_period)
        _require_open(actor, submission)
        current = _current_values(data_set, org_unit, checked_period)
        changes = [
            change
            for entry in entries
            if (change := _check_entry(entry, data_set, current, summary)) is not None
        ]
        if summary.conflicts:
            transaction.set_rollback(True)
            return summary
        _write_entries(actor, org_unit, checked_period, changes, current, summary)
    return summary


def _require_unit(actor: Any, org_unit: OrgUnit) -> None:
    reachable = value_policy.reachable_units(OrgUnit.objects.filter(pk=org_unit.pk), actor, CHANGE)
    if not reachable.exists():
        raise PermissionDenied


def _require_open(actor: Any, submission: Submission) -> None:
    closed_to_reporters = submission.status == SubmissionStatus.SUBMITTED
    if submission.is_locked or (closed_to_reporters and actor.role == Role.UNIT_REPORTER):
        message = _("This report is %(status)s; it cannot be changed now.") % {
            "status": submission.get_status_display().lower()
        }
        raise ValidationError(message)


Current = dict[tuple[int, int], DataValue]


def _current_values(data_set: DataSet, org_unit: OrgUnit, period: Period) -> Current:
    values = DataValue.objects.select_for_update().filter(
        org_unit=org_unit, period=period.code, data_element__data_sets=data_set
    )
    return {(v.data_element_id, v.option_id): v for v in values}


def _check_entry(
    entry: FormEntry, data_set: DataSet, current: Current, summary: ImportSummary
) -> tuple[FormEntry, Any] | None:
    if not entry.value.strip():
        return None  # an empty cell leaves the stored value alone; values are never erased
    old = current.get((entry.element.pk, entry.option.pk))
    if old is not None and entry.version != old.version:
        message = _("Someone saved this value (now %(value)s) after you opened the form.") % {
            "value": format(old.value.normalize(), "f")
        }
        summary.conflicts.append(Conflict(0, entry.field, message))
        return None
    try:
        number = clean_value(entry.element, entry.value, localized=True)
    except ValueError as exc:
        summary.conflicts.append(Conflict(0, entry.field, str(exc)))
        return None
    if old is not None and old.value == number and old.comment == entry.comment:
        summary.ignored += 1
        return None
    return entry, number


def _write_entries(
    actor: Any,
    org_unit: OrgUnit,
    period: Period,
    changes: list[tuple[FormEntry, Any]],
    current: Current,
    summary: ImportSummary,
) -> None:
    audit = []
    stored_by = actor if getattr(actor, "pk", None) else None
    for entry, number in changes:
        value = current.get((entry.element.pk, entry.option.pk))
        before = None if value is None else {"value": str(value.value), "comment": value.comment}
        if value is None:
            value = DataValue(
                data_element=entry.element, org_unit=org_unit, period=period.code,
                period_type=str(period.type), period_start=period.start, period_end=period.end,
                option=entry.option, version=0,
            )  # fmt: skip
            summary.imported += 1
        else:
            summary.updated += 1
        value.value, value.comment, value.stored_by = number, entry.comment, stored_by
        value.version += 1
        value.save()
        after = {"value": str(number), "comment": entry.comment}
        audit.append((value, before, after, org_unit))
    record_changes(actor=actor, action=AuditAction.UPDATE, items=audit)


def submit_report(*, actor: Any, submission: Submission) -> Submission:
    """The reporter hands the report in; it closes to reporters until the center decides."""
    submission_policy.require(actor, SUBMIT, submission)
    if submission.status not in OPEN:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    return _move(actor, submission, SubmissionStatus.SUBMITTED, submitted=True)


def approve_report(*, actor: Any, submission: Submission) -> Submission:
    """The center accepts a submitted report, which locks its values."""
    submission_policy.require(actor, APPROVE, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    return _move(actor, submission, SubmissionStatus.APPROVED)


def return_report(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """The center sends a submitted report back with a reason; it opens again."""
    submission_policy.require(actor, APPROVE, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    return _move(actor, submission, SubmissionStatus.RETURNED, reason=_required(reason))


def unlock_report(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """The center reopens an approved report, saying why; the unlock is audited."""
    submission_policy.require(actor, UNLOCK, submission)
    if submission.status != SubmissionStatus.APPROVED:
        raise ValidationError(_("Only an approved report can be unlocked."))
    return _move(actor, submission, SubmissionStatus.RETURNED, reason=_required(reason))


def _required(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the unit knows what to correct.")})
    return reason.strip()


def _move(
    actor: Any,
    submission: Submission,
    status: SubmissionStatus,
    *,
    submitted: bool = False,
    reason: str = "",
) -> Submission:
    before = {"status": submission.status, "return_reason": submission.return_reason}
    now, user = timezone.now(), actor if getattr(actor, "pk", None) else None
    submission.status, submission.return_reason = status, reason
    if submitted:
        submission.submitted_at, submission.submitted_by = now, user
    else:
        submission.decided_at, submission.decided_by = now, user
    with transaction.atomic():
        submission.save()
        after = {"status": status.value, "return_reason": reason}
        record_change(
            actor=actor, action=AuditAction.UPDATE, obj=submission, before=before, after=after,
            org_unit=submission.org_unit,
        )  # fmt: skip
    return submission
