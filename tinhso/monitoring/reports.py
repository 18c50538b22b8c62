"""A unit's report of a data set for a period: the form's values and their evidence, the approval
workflow, and the reads behind the report list and the approval queue.

Draft and returned reports are open; a submitted report is closed to its reporters until the
center decides; an approved one is closed to everyone until an audited unlock.

A computed data set (filled by another module through tinhso.monitoring.feeds) has no form to
fill in: nobody saves or submits it, its reports are "filled automatically", never overdue, and
not listed to the units' reporters. The center may still approve one, straight from its open
state, to freeze its figures.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.models import AuditAction
from tinhso.audit.services import record_change, record_changes
from tinhso.core.dates import local_date
from tinhso.core.policies import CHANGE, VIEW
from tinhso.core.roles import Role
from tinhso.monitoring.choices import RuleOperator, SubmissionStatus
from tinhso.monitoring.models import CategoryOption, DataElement, DataSet, DataValue, Submission
from tinhso.monitoring.periods import (
    Period,
    PeriodError,
    PeriodType,
    deadline,
    parse_period,
    period_for_date,
)
from tinhso.monitoring.permissions import (
    APPROVE,
    SUBMIT,
    UNLOCK,
    DataValuePolicy,
    SubmissionPolicy,
)
from tinhso.monitoring.rules import broken_rules
from tinhso.monitoring.services import Conflict, ImportSummary, computed_refusal
from tinhso.monitoring.validation import clean_value
from tinhso.orgunits.models import OrgUnit

value_policy = DataValuePolicy()
submission_policy = SubmissionPolicy()
OPEN = {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}


# Evidence files: PDF, PNG/JPEG images and Office documents (97-2003, Office Open XML and
# OpenDocument), each recognised by its first bytes as well as its name, so that a renamed
# executable or web page is refused. The size limit can be raised in settings.
EVIDENCE_MAX_BYTES: int = getattr(settings, "MONITORING_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
_PDF, _PNG, _JPEG = b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003
_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument
EVIDENCE_SIGNATURES: dict[str, bytes] = {
    ".pdf": _PDF, ".png": _PNG, ".jpg": _JPEG, ".jpeg": _JPEG,
    ".doc": _OLE, ".xls": _OLE, ".ppt": _OLE,
    ".docx": _ZIP, ".xlsx": _ZIP, ".pptx": _ZIP, ".odt": _ZIP, ".ods": _ZIP, ".odp": _ZIP,
}  # fmt: skip
EVIDENCE_ACCEPT = ",".join(EVIDENCE_SIGNATURES)  # for <input type="file" accept="...">


@dataclass(frozen=True)
class FormEntry:
    """One cell of the form as typed: "" leaves it alone; ``version`` is what the form showed;
    ``evidence`` a file to keep beside the value (one file may be given to several cells)."""

    element: DataElement
    option: CategoryOption
    value: str
    comment: str = ""
    version: int | None = None
    evidence: File[bytes] | None = None

    @property
    def field(self) -> str:
        return f"{self.element.code}.{self.option.code}"


def evidence_field(element: DataElement) -> str:
    """How a conflict names an element's evidence file."""
    return f"{element.code}.evidence"


def check_evidence(upload: File[bytes]) -> None:
    """Raise ValueError, with a reader's message, unless ``upload`` is an allowed evidence file."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    signature = EVIDENCE_SIGNATURES.get(extension)
    if signature is None:
        raise ValueError(_("Evidence must be a PDF, a PNG or JPEG image, or an Office document."))
    if (upload.size or 0) > EVIDENCE_MAX_BYTES:
        raise ValueError(
            _("The file is larger than %(size)s MB.") % {"size": EVIDENCE_MAX_BYTES // 2**20}
        )
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature:
        raise ValueError(
            _("The file's content is not a %(type)s file.") % {"type": extension[1:].upper()}
        )


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
    """The report row, created as a draft by the first save (pages only read it: a report
    nobody has saved yet is "not started")."""
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
    if data_set.computed:
        raise ValidationError(computed_refusal(data_set.name))
    checked_period = report_period(data_set, period)
    summary = ImportSummary()
    with transaction.atomic():
        submission = submission_for(data_set, org_unit, checked_period)
        _require_open(actor, submission)
        current = _current_values(data_set, org_unit, checked_period)
        _check_evidence_files(entries, summary)
        changes = [
            change
            for entry in entries
            if (change := _check_entry(entry, data_set, current, summary)) is not None
        ]
        if not summary.conflicts:
            _check_rules(data_set, current, changes, summary)
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
    values = (
        DataValue.objects.select_for_update(of=("self",))
        .filter(org_unit=org_unit, period=period.code, data_element__data_sets=data_set)
        .select_related("data_element", "option")
    )
    return {(v.data_element_id, v.option_id): v for v in values}


def _check_rules(
    data_set: DataSet,
    current: Current,
    changes: list[tuple[FormEntry, Any]],
    summary: ImportSummary,
) -> None:
    """The data set's validation rules, on the report as it would be after this save: each
    broken rule is a conflict beside the cells of its left side."""
    after = {key: (v.data_element, v.option, v.value) for key, v in current.items()}
    for entry, number in changes:
        after[entry.element.pk, entry.option.pk] = (entry.element, entry.option, number)
    values = {(element, option): value for element, option, value in after.values()}
    for broken in broken_rules(data_set, values):
        message = _("%(rule)s: %(left)s is not %(operator)s %(right)s.") % {
            "rule": broken.rule.name,
            "left": format(broken.left.normalize(), "f"),
            "operator": RuleOperator(broken.rule.operator).label,
            "right": format(broken.right.normalize(), "f"),
        }
        summary.conflicts += [Conflict(0, field, message) for field in broken.fields]


def _check_entry(
    entry: FormEntry, data_set: DataSet, current: Current, summary: ImportSummary
) -> tuple[FormEntry, Any] | None:
    if not entry.value.strip():
        if entry.evidence is not None:
            message = _("Enter a value to keep the evidence with.")
            summary.conflicts.append(Conflict(0, evidence_field(entry.element), message))
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
    unchanged = old is not None and (old.value, old.comment) == (number, entry.comment)
    if unchanged and entry.evidence is None:
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
    stored_files: dict[int, str] = {}
    for entry, number in changes:
        value = current.get((entry.element.pk, entry.option.pk))
        before = None if value is None else _audited(value)
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
        if entry.evidence is not None:
            _attach_evidence(value, entry.evidence, stored_files)
        value.version += 1
        value.save()
        audit.append((value, before, _audited(value), org_unit))
    record_changes(actor=actor, action=AuditAction.UPDATE, items=audit)


def _audited(value: DataValue) -> dict[str, str]:
    # Plain numbers, so that 3 read back as 3.000000 is not recorded as a change.
    return {
        "value": format(Decimal(value.value).normalize(), "f"),
        "comment": value.comment,
        "evidence": value.evidence.name or "",
    }


def _check_evidence_files(entries: Sequence[FormEntry], summary: ImportSummary) -> None:
    """Each distinct file once, however many cells of its element carry it."""
    checked: set[int] = set()
    for entry in entries:
        if entry.evidence is None or id(entry.evidence) in checked:
            continue
        checked.add(id(entry.evidence))
        try:
            check_evidence(entry.evidence)
        except ValueError as exc:
            summary.conflicts.append(Conflict(0, evidence_field(entry.element), str(exc)))


def _attach_evidence(value: DataValue, upload: File[bytes], stored: dict[int, str]) -> None:
    """Store a file once and point every cell it was given to at the same stored file. Files
    replaced later stay in storage: the audit trail names them, and reported data is kept."""
    name = stored.get(id(upload))
    if name is None:
        value.evidence.save(os.path.basename(upload.name or "evidence"), upload, save=False)
        stored[id(upload)] = value.evidence.name or ""
    else:
        value.evidence.name = name


def submit_report(*, actor: Any, submission: Submission) -> Submission:
    """The reporter hands the report in; it closes to reporters until the center decides."""
    submission_policy.require(actor, SUBMIT, submission)
    if submission.data_set.computed:
        raise ValidationError(
            _("“%(set)s” is filled in automatically; nobody hands it in.")
            % {"set": submission.data_set.name}
        )
    if submission.status not in OPEN:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    return _move(actor, submission, SubmissionStatus.SUBMITTED, submitted=True)


def approve_report(*, actor: Any, submission: Submission) -> Submission:
    """The center accepts a submitted report, which locks its values; a computed set's report,
    which nobody submits, is approved while open, which freezes its counted figures."""
    submission_policy.require(actor, APPROVE, submission)
    approvable = {SubmissionStatus.SUBMITTED, *(OPEN if submission.data_set.computed else ())}
    if submission.status not in approvable:
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


def save_and_submit_report(
    *, actor: Any, data_set: DataSet, org_unit: OrgUnit, period: str, entries: Sequence[FormEntry]
) -> tuple[ImportSummary, Submission | None]:
    """Save a form's values and hand the report in, both or neither: with a conflict nothing is
    saved or submitted, and a refused submission takes the saved values back with it."""
    with transaction.atomic():
        summary = save_report_values(
            actor=actor, data_set=data_set, org_unit=org_unit, period=period, entries=entries
        )
        if summary.conflicts:
            return summary, None
        submission = submission_for(data_set, org_unit, report_period(data_set, period))
        return summary, submit_report(actor=actor, submission=submission)


# -- reading: the report list and the approval queue --

NOT_STARTED = "not_started"
AUTOMATIC = "automatic"  # an open report of a computed set: the platform fills it
OVERDUE = "overdue"
REPORT_STATUSES = [
    (NOT_STARTED, gettext_lazy("Not started")),
    *SubmissionStatus.choices,
    (AUTOMATIC, gettext_lazy("Filled automatically")),
]
OPEN_STATUSES = {NOT_STARTED, *OPEN}
# How many periods, the current one included, the report list shows for each period type.
RECENT_PERIODS = {
    PeriodType.MONTHLY: 12,
    PeriodType.QUARTERLY: 4,
    PeriodType.SIX_MONTHLY: 2,
    PeriodType.YEARLY: 3,
}


def recent_periods(period_type: PeriodType, today: date) -> list[Period]:
    """The current period of a type and the ones before it, newest first."""
    current = period_for_date(today, period_type)
    return [current.shift(-i) for i in range(RECENT_PERIODS[period_type])]


def due_date(data_set: DataSet, period: Period) -> date:
    """The last day on which a report is on time."""
    return deadline(period, data_set.deadline_days)


@dataclass(frozen=True)
class ReportRow:
    """One report: a data set × unit × period, and how it stands on ``today``."""

    data_set: DataSet
    org_unit: OrgUnit
    period: Period
    submission: Submission | None
    today: date

    @property
    def status(self) -> str:
        status = self.submission.status if self.submission else NOT_STARTED
        if self.data_set.computed and status in OPEN_STATUSES:
            return AUTOMATIC
        return status

    @property
    def status_label(self) -> str:
        return str(dict(REPORT_STATUSES)[self.status])

    @property
    def due(self) -> date:
        return due_date(self.data_set, self.period)

    @property
    def overdue(self) -> bool:
        """Still to hand in after its deadline (a returned report included); an automatic
        report is not in OPEN_STATUSES, so it never is."""
        return self.status in OPEN_STATUSES and self.today > self.due


@dataclass(frozen=True)
class ReportList:
    """The reports a user may open, and the data sets and units they span (for the filters)."""

    rows: list[ReportRow]
    data_sets: list[DataSet]
    org_units: list[OrgUnit]


def report_list(
    *,
    user: Any,
    today: date,
    data_set: str = "",
    org_unit: str = "",
    status: str = "",
    period: Period | None = None,
) -> ReportList:
    """Every report due from the units the user may see (their subtree for a reporter, all for
    the center and leaders): the recent periods, or ``period``; filters by code. Three queries
    however many rows. A reporter is not offered computed sets: there is nothing to fill in."""
    units = submission_policy.reachable_units(OrgUnit.objects.all(), user, VIEW)
    assigned = DataSet.org_units.through.objects.filter(orgunit__in=units)
    if getattr(user, "role", None) == Role.UNIT_REPORTER:
        assigned = assigned.filter(dataset__computed=False)
    assignments = list(
        assigned.select_related("dataset", "orgunit").order_by("dataset__code", "orgunit__code")
    )
    data_sets = list({a.dataset_id: a.dataset for a in assignments}.values())
    org_units = sorted({a.orgunit_id: a.orgunit for a in assignments}.values(), key=_by_code)
    unit_path = next((u.path for u in org_units if u.code == org_unit), None)
    if org_unit and unit_path is None:
        return ReportList([], data_sets, org_units)
    wanted = [
        (a.dataset, a.orgunit)
        for a in assignments
        if data_set in ("", a.dataset.code) and a.orgunit.path.startswith(unit_path or "")
    ]
    periods = {s.pk: _periods_of(s, today, period) for s in data_sets}
    submissions = _submissions(user, wanted, periods, unit_path)
    rows = [
        ReportRow(s, unit, p, submissions.get((s.pk, unit.pk, p.code)), today)
        for s, unit in wanted
        for p in periods[s.pk]
    ]
    rows = [row for row in rows if _has_status(row, status)]
    rows.sort(key=lambda row: row.period.end, reverse=True)  # stable: set and unit order stay
    return ReportList(rows, data_sets, org_units)


def _by_code(unit: OrgUnit) -> str:
    return unit.code


def _periods_of(data_set: DataSet, today: date, period: Period | None) -> list[Period]:
    if period is not None:
        return [period] if str(period.type) == data_set.period_type else []
    return recent_periods(PeriodType(data_set.period_type), today)


def _submissions(
    user: Any,
    wanted: list[tuple[DataSet, OrgUnit]],
    periods: dict[int, list[Period]],
    unit_path: str | None,
) -> dict[tuple[int, int, str], Submission]:
    """The report rows of these data sets and periods, keyed for lookup. Units are narrowed by
    path, not by a list of ids, which could pass a database's limit on parameters."""
    if not wanted:
        return {}
    rows = submission_policy.scope(Submission.objects.all(), user, VIEW).filter(
        data_set_id__in={s.pk for s, _unit in wanted},
        period__in={p.code for codes in periods.values() for p in codes},
    )
    if unit_path:
        rows = rows.filter(org_unit__path__startswith=unit_path)
    return {(s.data_set_id, s.org_unit_id, s.period): s for s in rows}


def _has_status(row: ReportRow, status: str) -> bool:
    if status == OVERDUE:
        return row.overdue
    return status in ("", row.status)


@dataclass(frozen=True)
class QueueRow:
    """A submitted report waiting for the center, with how late it was handed in."""

    submission: Submission

    @property
    def period(self) -> Period:
        return parse_period(self.submission.period)

    @property
    def due(self) -> date:
        return due_date(self.submission.data_set, self.period)

    @property
    def days_late(self) -> int:
        """Days from the deadline to the hand-in, on the province's calendar; 0 when on time."""
        submitted = self.submission.submitted_at
        return max(0, (local_date(submitted) - self.due).days) if submitted else 0

    @property
    def very_late(self) -> bool:
        """Later than the data set's grace period after the deadline."""
        return self.days_late > self.submission.data_set.late_days


def approval_queue(user: Any) -> QuerySet[Submission]:
    """Submitted reports the user may decide on, the longest waiting first."""
    submitted = Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
    return (
        submission_policy.scope(submitted, user, APPROVE)
        .select_related("data_set", "org_unit", "submitted_by")
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )
