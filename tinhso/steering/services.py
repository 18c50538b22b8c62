"""Every write of the steering module: directives, tasks, progress, extensions, programmes and
their money, steering committees and the holiday calendar.

Each service takes the acting user first, checks the policy, validates (ValidationError naming
the field), writes in one transaction and records the audit entry in it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Model, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.audit.models import AuditAction
from tinhso.audit.services import Snapshot, record_change, record_write, snapshot
from tinhso.core.dates import local_date
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.monitoring.models import Indicator
from tinhso.monitoring.reports import check_evidence
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import money
from tinhso.steering.choices import LEVEL_RANK, Recurrence, Review, TaskLevel
from tinhso.steering.committees import committee_changed
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    ExtensionRequest,
    Holiday,
    Programme,
    ProgressReport,
    SteeringCommittee,
    Task,
)
from tinhso.steering.permissions import (
    CANCEL,
    DECIDE,
    REPORT,
    AllocationPolicy,
    DirectivePolicy,
    DisbursementPolicy,
    HolidayPolicy,
    ProgrammePolicy,
    SteeringCommitteePolicy,
    TaskPolicy,
    TaskRecordPolicy,
)

directive_policy = DirectivePolicy()
task_policy = TaskPolicy()
record_policy = TaskRecordPolicy()
programme_policy = ProgrammePolicy()
allocation_policy = AllocationPolicy()
disbursement_policy = DisbursementPolicy()
committee_policy = SteeringCommitteePolicy()
holiday_policy = HolidayPolicy()

DIRECTIVE_FIELDS = ("number", "date", "issuing_body", "type", "summary", "attachment")
TASK_FIELDS = (
    "directive", "parent", "level", "title", "lead_unit", "deadline", "recurrence", "first_due",
    "last_due",
    "expected_product", "programme", "cancelled_on",
)  # fmt: skip
TASK_RELATIONS = ("co_units", "indicators")
PROGRAMME_FIELDS = ("name", "first_year", "last_year")
ALLOCATION_FIELDS = ("programme", "year", "org_unit", "project", "amount")
COMMITTEE_FIELDS = ("org_unit", "decision_number", "decision_date", "head", "members")
HOLIDAY_FIELDS = ("date", "name")


# Directives ------------------------------------------------------------------------------------


def create_directive(
    *, actor: Any, attachment: File[bytes] | None = None, **fields: Any
) -> Directive:
    """Record a directive (number, date, issuing body, type, summary, attached file). Center."""
    directive_policy.require(actor, ADD)
    check_names(fields, DIRECTIVE_FIELDS)
    directive = Directive(**fields)
    raise_errors(_directive_problems(directive), _file_problems("attachment", attachment))
    with transaction.atomic():
        _attach(directive, "attachment", attachment)
        directive.save()
        record_write(actor, directive, None, _directive_state(directive))
    return directive


def update_directive(
    *, actor: Any, directive: Directive, attachment: File[bytes] | None = None, **changes: Any
) -> Directive:
    """Change a directive; a new attachment replaces the old one (the old file is kept). Center."""
    directive_policy.require(actor, CHANGE, directive)
    check_names(changes, DIRECTIVE_FIELDS)
    with transaction.atomic():
        before = _directive_state(directive)
        assign(directive, changes)
        raise_errors(_directive_problems(directive), _file_problems("attachment", attachment))
        _attach(directive, "attachment", attachment)
        directive.save()
        record_write(actor, directive, before, _directive_state(directive))
    return directive


def _directive_state(directive: Directive) -> Snapshot:
    return {**snapshot(directive, DIRECTIVE_FIELDS), "attachment": directive.attachment.name or ""}


def _directive_problems(directive: Directive) -> Errors:
    errors = _clean(directive, exclude=["attachment"])
    clash = Directive.objects.filter(number=directive.number, date=directive.date)
    if directive.date is not None and clash.exclude(pk=directive.pk).exists():
        message = _("A directive with this number and date is already recorded.")
        errors.setdefault("number", []).append(message)
    return errors


# Tasks -----------------------------------------------------------------------------------------


def create_task(
    *,
    actor: Any,
    co_units: Iterable[OrgUnit] = (),
    indicators: Iterable[Indicator] = (),
    **fields: Any,
) -> Task:
    """Assign a task from a directive to a lead unit, with co-operating units, a deadline or a
    recurrence, the expected product, linked indicators and an optional parent. Center."""
    task_policy.require(actor, ADD)
    check_names(fields, TASK_FIELDS)
    task = Task(**fields)
    co_units, indicators = list(co_units), list(indicators)
    raise_errors(_clean(task), _task_problems(task, co_units))
    with transaction.atomic():
        task.save()
        task.co_units.set(co_units)
        task.indicators.set(indicators)
        record_write(actor, task, None, _task_state(task), org_unit=task.lead_unit)
    return task


def update_task(*, actor: Any, task: Task, **changes: Any) -> Task:
    """Change a task, its units and indicators included. Center."""
    task_policy.require(actor, CHANGE, task)
    check_names(changes, (*TASK_FIELDS, *TASK_RELATIONS))
    relations = {name: list(changes.pop(name)) for name in TASK_RELATIONS if name in changes}
    with transaction.atomic():
        before = _task_state(task)
        assign(task, changes)
        co_units = relations.get("co_units", list(task.co_units.all()))
        raise_errors(_clean(task), _task_problems(task, co_units))
        task.save()
        for name, values in relations.items():
            getattr(task, name).set(values)
        record_write(actor, task, before, _task_state(task), org_unit=task.lead_unit)
    return task


def cancel_task(*, actor: Any, task: Task, on: dt.date | None = None) -> Task:
    """Cancel a task from ``on`` (today in the province by default); it is kept. Center."""
    task_policy.require(actor, CANCEL, task)
    if task.cancelled_on is not None:
        raise ValidationError({"cancelled_on": _("This task is already cancelled.")})
    return update_task(actor=actor, task=task, cancelled_on=on or local_date())


def _task_state(task: Task) -> Snapshot:
    state = snapshot(task, TASK_FIELDS)
    state["co_units"] = sorted(unit.code for unit in task.co_units.all())
    state["indicators"] = sorted(indicator.code for indicator in task.indicators.all())
    return state


def _task_problems(task: Task, co_units: Collection[OrgUnit]) -> Errors:
    errors: Errors = {}
    _deadline_problems(task, errors)
    if task.parent_id is not None:
        _parent_problems(task, errors)
    if any(unit.pk == task.lead_unit_id for unit in co_units):
        errors.setdefault("co_units", []).append(_("The lead unit cannot also co-operate."))
    return errors


def _deadline_problems(task: Task, errors: Errors) -> None:
    """A one-off task has a deadline; a recurring one a first due date and no deadline."""
    if task.recurrence == Recurrence.NONE:
        if task.deadline is None:
            errors.setdefault("deadline", []).append(_("Give a deadline or a recurrence."))
        if task.first_due is not None:
            message = _("A first due date is only for a recurring task.")
            errors.setdefault("first_due", []).append(message)
        if task.last_due is not None:
            message = _("A last due date is only for a recurring task.")
            errors.setdefault("last_due", []).append(message)
        return
    if task.first_due is None:
        errors.setdefault("first_due", []).append(_("A recurring task needs a first due date."))
    if task.deadline is not None:
        message = _("A recurring task has a first due date instead of a deadline.")
        errors.setdefault("deadline", []).append(message)
    if task.first_due and task.last_due and task.last_due < task.first_due:
        message = _("The last due date cannot be before the first due date.")
        errors.setdefault("last_due", []).append(message)


def _parent_problems(task: Task, errors: Errors) -> None:
    parent = task.parent
    assert parent is not None
    ancestor: Task | None = parent
    while ancestor is not None:
        if task.pk is not None and ancestor.pk == task.pk:
            errors.setdefault("parent", []).append(_("A task cannot be placed under itself."))
            return
        ancestor = ancestor.parent
    if parent.directive_id != task.directive_id:
        message = _("The parent task belongs to another directive.")
        errors.setdefault("parent", []).append(message)
    if task.level and LEVEL_RANK[TaskLevel(task.level)] < LEVEL_RANK[TaskLevel(parent.level)]:
        errors.setdefault("level", []).append(_("A sub-task cannot be above its parent's level."))


# Progress and completion -----------------------------------------------------------------------


def post_progress(
    *,
    actor: Any,
    task: Task,
    percent: int,
    narrative: str = "",
    evidence: File[bytes] | None = None,
    marks_done: bool = False,
    product: File[bytes] | None = None,
) -> ProgressReport:
    """Report how far a task is, with evidence; or mark it done (100 %) with its product,
    which the center then accepts or returns. Reporters of its units and the center."""
    task_policy.require(actor, REPORT, task)
    report = ProgressReport(
        task=task, percent=100 if marks_done else percent, narrative=narrative,
        marks_done=marks_done, review=Review.PENDING if marks_done else "",
        reported_by=actor, reported_at=timezone.now(),
    )  # fmt: skip
    raise_errors(
        _open_task_problems(task),
        _clean(report, exclude=["task", "reported_by"]),
        _file_problems("evidence", evidence),
        _file_problems("product", product),
        _product_problems(marks_done, product),
    )
    with transaction.atomic():
        _attach(report, "evidence", evidence)
        _attach(report, "product", product)
        report.save()
        record_write(actor, report, None, _report_state(report), org_unit=task.lead_unit)
    return report


def decide_completion(
    *, actor: Any, report: ProgressReport, accept: bool, note: str = ""
) -> ProgressReport:
    """Accept a reported completion, or return it (saying why) so the task is open again.
    Center."""
    record_policy.require(actor, DECIDE, report)
    if not report.marks_done or report.review != Review.PENDING:
        raise ValidationError({"review": _("Only a completion waiting for review can be decided.")})
    note = note.strip() if accept else _reason(note, "note")
    with transaction.atomic():
        before = _report_state(report)
        report.review = Review.ACCEPTED if accept else Review.RETURNED
        report.review_note, report.reviewed_by, report.reviewed_at = note, actor, timezone.now()
        report.save()
        record_write(actor, report, before, _report_state(report), org_unit=report.task.lead_unit)
    return report


def _report_state(report: ProgressReport) -> Snapshot:
    fields = ("task", "percent", "narrative", "evidence", "marks_done", "product", "review")
    state = snapshot(report, fields)
    state["evidence"] = report.evidence.name or ""
    state["product"] = report.product.name or ""
    state["review_note"] = report.review_note
    return state


def _open_task_problems(task: Task) -> Errors:
    """Progress goes to a task still open: not cancelled, and (one-off) not already done."""
    if task.cancelled_on is not None:
        return {"task": [_("This task is cancelled.")]}
    done = task.progress_reports.filter(marks_done=True).exclude(review=Review.RETURNED)
    if not task.is_recurring and done.exists():
        return {"task": [_("This task is already done.")]}
    return {}


def _product_problems(marks_done: bool, product: File[bytes] | None) -> Errors:
    if marks_done and product is None:
        return {"product": [_("Attach the product to mark the task done.")]}
    if not marks_done and product is not None:
        return {"product": [_("A product is attached only when the task is marked done.")]}
    return {}


# Extensions ------------------------------------------------------------------------------------


def request_extension(
    *, actor: Any, task: Task, requested_deadline: dt.date, reason: str
) -> ExtensionRequest:
    """Ask for a later deadline for a one-off task, saying why. Reporters of its units and the
    center; one request waits at a time."""
    task_policy.require(actor, REPORT, task)
    errors = _open_task_problems(task)
    if task.is_recurring:
        errors.setdefault("task", []).append(_("Only a task with a single deadline is extended."))
    elif task.deadline is not None and requested_deadline <= task.deadline:
        message = _("Ask for a date after the current deadline (%(date)s).")
        errors["requested_deadline"] = [message % {"date": f"{task.deadline:%d/%m/%Y}"}]
    if task.extension_requests.filter(status=Review.PENDING).exists():
        errors.setdefault("task", []).append(_("An extension request is already waiting."))
    raise_errors(errors)
    assert task.deadline is not None  # a one-off task always has one
    request = ExtensionRequest(
        task=task, previous_deadline=task.deadline, requested_deadline=requested_deadline,
        reason=_reason(reason, "reason"), requested_by=actor, requested_at=timezone.now(),
    )  # fmt: skip
    with transaction.atomic():
        request.save()
        record_write(actor, request, None, _extension_state(request), org_unit=task.lead_unit)
    return request


def decide_extension(
    *, actor: Any, request: ExtensionRequest, accept: bool, note: str = ""
) -> ExtensionRequest:
    """Accept an extension (the task's deadline moves) or return it, saying why. Center."""
    record_policy.require(actor, DECIDE, request)
    if request.status != Review.PENDING:
        raise ValidationError({"status": _("This request has already been decided.")})
    note = note.strip() if accept else _reason(note, "decision_note")
    with transaction.atomic():
        before = _extension_state(request)
        request.status = Review.ACCEPTED if accept else Review.RETURNED
        request.decision_note, request.decided_by, request.decided_at = note, actor, timezone.now()
        request.save()
        task = request.task
        record_write(actor, request, before, _extension_state(request), org_unit=task.lead_unit)
        if accept:
            task_before = _task_state(task)
            task.deadline = request.requested_deadline
            task.save(update_fields=["deadline", "updated_at"])
            record_write(actor, task, task_before, _task_state(task), org_unit=task.lead_unit)
    return request


def _extension_state(request: ExtensionRequest) -> Snapshot:
    fields = ("task", "previous_deadline", "requested_deadline", "reason", "status")
    return {**snapshot(request, fields), "decision_note": request.decision_note}


# Programmes and money --------------------------------------------------------------------------


def create_programme(*, actor: Any, **fields: Any) -> Programme:
    """Record a programme and its years. Center."""
    programme_policy.require(actor, ADD)
    check_names(fields, PROGRAMME_FIELDS)
    programme = Programme(**fields)
    raise_errors(_clean(programme), _years_problems(programme))
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
        raise_errors(_clean(programme), _years_problems(programme))
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
    raise_errors(_clean(allocation), _allocation_problems(allocation))
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
        raise_errors(_clean(allocation), _allocation_problems(allocation))
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
        raise_errors(_clean(disbursement), _disbursement_problems(disbursement, locked))
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


# Steering committees ---------------------------------------------------------------------------


def record_steering_committee(*, actor: Any, **fields: Any) -> SteeringCommittee:
    """Record that a unit has set up its steering committee (decision, date, head, members).
    Center."""
    committee_policy.require(actor, ADD)
    check_names(fields, COMMITTEE_FIELDS)
    committee = SteeringCommittee(**fields)
    raise_errors(_clean(committee))
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
        raise_errors(_clean(committee))
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
    raise_errors(_clean(holiday))
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
        raise_errors(_clean(holiday))
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


# Helpers ---------------------------------------------------------------------------------------


def _clean(obj: Model, **options: Any) -> Errors:
    """The model's own validation (types, lengths, choices, unique fields) as field messages;
    the table constraints are checked by the services, which name the field."""
    try:
        obj.full_clean(validate_constraints=False, **options)
    except ValidationError as exc:
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {}


def _reason(text: str, field: str) -> str:
    if not text.strip():
        raise ValidationError({field: _("Say why, so the unit knows what to correct.")})
    return text.strip()


def _file_problems(field: str, upload: File[bytes] | None) -> Errors:
    if upload is None:
        return {}
    try:
        check_evidence(upload)
    except ValueError as exc:
        return {field: [str(exc)]}
    return {}


def _attach(obj: Model, field: str, upload: File[bytes] | None) -> None:
    """Store ``upload`` in ``obj``'s file field (not saving ``obj``); callers hold the
    transaction."""
    if upload is not None:
        name = os.path.basename(upload.name or field)
        getattr(obj, field).save(name, upload, save=False)
