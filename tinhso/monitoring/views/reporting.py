"""Pages of the reporting room: the reports a user may open, the report form with its approval
workflow, the evidence files, and the center's approval queue."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.selectors import history_of
from tinhso.core.policies import CHANGE, VIEW
from tinhso.core.roles import Role
from tinhso.core.views import ScopedView, add_service_errors
from tinhso.monitoring import reports
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.forms.reporting import ReasonForm, ReportFilterForm, ReportGrid
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    CategoryOption,
    DataSet,
    DataValue,
    Submission,
)
from tinhso.monitoring.permissions import (
    APPROVE,
    SUBMIT,
    UNLOCK,
    DataValuePolicy,
    SubmissionPolicy,
)
from tinhso.monitoring.reports import ReportRow
from tinhso.monitoring.services import ImportSummary
from tinhso.orgunits.models import OrgUnit

policy = SubmissionPolicy()
value_policy = DataValuePolicy()
PAGE_SIZE = 50


class ReportListView(ScopedView):
    """Every recent report of the user's units (all units for the center and leaders), with its
    status, deadline and whether it is overdue; filtered by data set, unit, status and period."""

    policy = policy
    template_name = "monitoring/reporting/report_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = ReportFilterForm(request.GET)
        filters.is_valid()  # an invalid filter is shown with its message and not applied
        listing = reports.report_list(
            user=request.user, today=reports.local_date(), **filters.cleaned_data
        )
        context = {
            "filters": filters,
            "listing": listing,
            "page": Paginator(listing.rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "mine": request.user.role == Role.UNIT_REPORTER,  # type: ignore[union-attr]
        }
        template = self.template_name
        return render(request, f"{template}#table" if request.htmx else template, context)  # type: ignore[attr-defined]


class ApprovalQueueView(ScopedView):
    """Submitted reports waiting for the center, the longest waiting first."""

    policy = policy
    policy_action = APPROVE
    template_name = "monitoring/reporting/approval_queue.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(reports.approval_queue(request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = [reports.QueueRow(submission) for submission in page]
        return render(request, self.template_name, {"page": page, "rows": rows})


def load_report(user: Any, data_set_code: str, unit_code: str, period_code: str) -> ReportRow:
    """The report a URL names, if the user may see the unit, the unit reports the data set and
    the period is of the data set's type; 404 otherwise."""
    units = policy.reachable_units(OrgUnit.objects.filter(code=unit_code), user, VIEW)
    unit = get_object_or_404(units)
    data_set = get_object_or_404(DataSet, code=data_set_code, org_units=unit)
    try:
        period = reports.report_period(data_set, period_code)
    except ValidationError:
        raise Http404 from None
    submission = (
        Submission.objects.select_related("submitted_by", "decided_by")
        .filter(data_set=data_set, org_unit=unit, period=period.code)
        .first()
    )
    return ReportRow(data_set, unit, period, submission, reports.local_date())


def load_grid(report: ReportRow) -> ReportGrid:
    """The report's elements, their options and stored values, in three queries."""
    elements = list(report.data_set.elements.select_related("category").order_by("code"))
    categories = {e.category_id for e in elements if e.category_id}
    found = CategoryOption.objects.filter(
        Q(category_id__in=categories) | Q(category__code=DEFAULT_CODE, code=DEFAULT_CODE)
    ).select_related("category")
    options: dict[int | None, list[CategoryOption]] = {None: []}
    for option in found:
        key = option.category_id if option.category_id in categories else None
        options.setdefault(key, []).append(option)
    values = DataValue.objects.filter(
        org_unit=report.org_unit, period=report.period.code, data_element__in=elements
    )
    stored = {(v.data_element_id, v.option_id): v for v in values}
    return ReportGrid(elements, options, stored)


def _probe(report: ReportRow) -> Submission:
    """The report's row, or an unsaved stand-in for policy checks before the first save."""
    return report.submission or Submission(
        data_set=report.data_set, org_unit=report.org_unit, period=report.period.code
    )


class ReportFormView(ScopedView):
    """A unit's report for one period: the values to fill in, save and submit; for the center,
    approve, return or unlock. Read-only for leaders and once submitted."""

    policy = policy
    template_name = "monitoring/reporting/report_form.html"

    def get(self, request: HttpRequest, **kwargs: str) -> HttpResponse:
        report = load_report(request.user, kwargs["data_set"], kwargs["unit"], kwargs["period"])
        return self.show(report, load_grid(report))

    def post(self, request: HttpRequest, **kwargs: str) -> HttpResponse:
        report = load_report(request.user, kwargs["data_set"], kwargs["unit"], kwargs["period"])
        action = request.POST.get("action", "")
        if action in ("save", "submit"):
            return self.save(report, submit=action == "submit")
        if action in DECISIONS:
            return self.decide(report, action)
        return HttpResponseBadRequest()

    def save(self, report: ReportRow, *, submit: bool) -> HttpResponse:
        request = self.request
        grid = load_grid(report)
        grid.bind(request.POST, request.FILES)
        entries = grid.entries()
        if grid.has_errors:
            grid.refuse()
            return self.show(report, grid)
        service = reports.save_and_submit_report if submit else reports.save_report_values
        try:
            result = service(
                actor=request.user, data_set=report.data_set, org_unit=report.org_unit,
                period=report.period.code, entries=entries,
            )  # fmt: skip
        except ValidationError as exc:  # e.g. the report was submitted meanwhile: show it as stored
            return self.show(report, load_grid(report), errors=exc.messages)
        summary = result[0] if isinstance(result, tuple) else result
        if summary.conflicts:
            grid.refuse(summary.conflicts)
            return self.show(report, grid)
        messages.success(request, _saved_message(summary, submit))
        return redirect(request.path)

    def decide(self, report: ReportRow, action: str) -> HttpResponse:
        form = ReasonForm(self.request.POST)
        if not form.is_valid():
            return self.show(report, load_grid(report), reason_form=form)
        actor, submission, reason = self.request.user, _probe(report), form.cleaned_data["reason"]
        try:
            if action == "approve":
                reports.approve_report(actor=actor, submission=submission)
            elif action == "return":
                reports.return_report(actor=actor, submission=submission, reason=reason)
            else:
                reports.unlock_report(actor=actor, submission=submission, reason=reason)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.show(report, load_grid(report), reason_form=form)
        message, next_page = DECISIONS[action]
        messages.success(self.request, str(message))
        return redirect(next_page or self.request.path)

    def show(
        self,
        report: ReportRow,
        grid: ReportGrid,
        *,
        reason_form: ReasonForm | None = None,
        errors: list[str] | None = None,
    ) -> HttpResponse:
        user, probe = self.request.user, _probe(report)
        can_edit = report.status in reports.OPEN_STATUSES and value_policy.can(user, CHANGE, probe)
        context = {
            "report": report,
            "grid": grid,
            "problems": grid.problems(),
            "errors": errors or [],
            "files_dropped": bool(grid.files) and grid.has_errors,
            "can_edit": can_edit,
            "can_submit": can_edit and policy.can(user, SUBMIT, probe),
            # A computed set's report is approved (frozen) from its automatic state, never
            # returned: nobody submitted it.
            "can_approve": report.status in (SubmissionStatus.SUBMITTED, reports.AUTOMATIC)
            and policy.can(user, APPROVE, probe),
            "can_return": report.status == SubmissionStatus.SUBMITTED
            and policy.can(user, APPROVE, probe),
            "can_unlock": report.status == SubmissionStatus.APPROVED
            and policy.can(user, UNLOCK, probe),
            "reason_form": reason_form or ReasonForm(),
            "entries": history_of(report.submission, user) if report.submission else [],
            "evidence_accept": reports.EVIDENCE_ACCEPT,
            "evidence_max_mb": reports.EVIDENCE_MAX_BYTES // 2**20,
            "number_example": number_format(Decimal("1234.5"), force_grouping=True),
        }
        return render(self.request, self.template_name, context)


def _saved_message(summary: ImportSummary, submitted: bool) -> str:
    if submitted:
        return _("The report was submitted; the center will review it.")
    if not summary.imported + summary.updated:
        return _("Nothing to save: no value was changed.")
    return _("Saved: %(new)s new and %(changed)s changed values.") % {
        "new": summary.imported,
        "changed": summary.updated,
    }


# action -> its success message, and where to go next (None: back to the report)
DECISIONS: dict[str, tuple[Promise, str | None]] = {
    "approve": (
        gettext_lazy("The report was approved; its values are locked."),
        "monitoring:approval_queue",
    ),
    "return": (gettext_lazy("The report was returned to the unit."), "monitoring:approval_queue"),
    "unlock": (gettext_lazy("The report was unlocked; the unit can correct it."), None),
}


class EvidenceView(ScopedView):
    """An evidence file, to whoever may read the value it supports; always as a download."""

    policy = value_policy

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        values = value_policy.scope(DataValue.objects.exclude(evidence=""), request.user, VIEW)
        value = get_object_or_404(values, pk=pk)
        name = os.path.basename(value.evidence.name or "")
        return FileResponse(value.evidence.open("rb"), as_attachment=True, filename=name)
