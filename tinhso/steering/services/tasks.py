"""Directives and the tasks they assign; a unit's progress, completion and extension requests,
and the center's decisions on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.audit.services import Snapshot, record_write, snapshot
from tinhso.core.dates import local_date
from tinhso.core.policies import ADD, CHANGE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.monitoring.models import Indicator
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.choices import LEVEL_RANK, Recurrence, Review, TaskLevel
from tinhso.steering.models import (
    Directive,
    ExtensionRequest,
    ProgressReport,
    Task,
)
from tinhso.steering.permissions import (
    CANCEL,
    DECIDE,
    REPORT,
)
from tinhso.steering.services.common import (
    DIRECTIVE_FIELDS,
    TASK_FIELDS,
    TASK_RELATIONS,
    attach_file,
    clean,
    directive_policy,
    file_problems,
    record_policy,
    required_reason,
    task_policy,
)

# Directives ------------------------------------------------------------------------------------


def create_directive(
    *, actor: Any, attachment: File[bytes] | None = None, **fields: Any
) -> Directive:
    """Record a directive (number, date, issuing body, type, summary, attached file). Center."""
    directive_policy.require(actor, ADD)
    check_names(fields, DIRECTIVE_FIELDS)
    directive = Directive(**fields)
    raise_errors(_directive_problems(directive), file_problems("attachment", attachment))
    with transaction.atomic():
        attach_file(directive, "attachment", attachment)
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
        raise_errors(_directive_problems(directive), file_problems("attachment", attachment))
        attach_file(directive, "attachment", attachment)
        directive.save()
        record_write(actor, directive, before, _directive_state(directive))
    return directive


def _directive_state(directive: Directive) -> Snapshot:
    return {**snapshot(directive, DIRECTIVE_FIELDS), "attachment": directive.attachment.name or ""}


def _directive_problems(directive: Directive) -> Errors:
    errors = clean(directive, exclude=["attachment"])
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
    raise_errors(clean(task), _task_problems(task, co_units))
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
        raise_errors(clean(task), _task_problems(task, co_units))
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
        clean(report, exclude=["task", "reported_by"]),
        file_problems("evidence", evidence),
        file_problems("product", product),
        _product_problems(marks_done, product),
    )
    with transaction.atomic():
        attach_file(report, "evidence", evidence)
        attach_file(report, "product", product)
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
    note = note.strip() if accept else required_reason(note, "note")
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
        reason=required_reason(reason, "reason"), requested_by=actor, requested_at=timezone.now(),
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
    note = note.strip() if accept else required_reason(note, "decision_note")
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
