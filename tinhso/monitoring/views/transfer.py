"""Bulk in and out: import a file (check first, then import), export, download the template."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.core.policies import VIEW
from tinhso.core.progress import start_tracked_task
from tinhso.core.uploads import PendingUploads, read_upload
from tinhso.core.views import ScopedView, add_service_errors
from tinhso.monitoring import excel
from tinhso.monitoring.dhis2.datavaluesets import to_csv, to_json
from tinhso.monitoring.forms.transfer import ExportForm, ImportForm, RangeForm, format_of
from tinhso.monitoring.models import DataImport
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.monitoring.selectors import export_values, import_logs, summary_of, workbook_rows
from tinhso.monitoring.services import ImportSummary, import_file
from tinhso.monitoring.tasks import import_datavalues_task

policy = DataValuePolicy()
# A file bigger than this is checked and imported by the task worker, with a progress bar
# (about 2,500 JSON or 5,000 CSV values; a check of that many takes well under a second).
BACKGROUND_BYTES = 200_000
SESSION_KEY = "monitoring_import_file"
SHOWN_CONFLICTS = 1_000
UPLOADS = "imports"
pending_uploads = PendingUploads(session_key=SESSION_KEY, folder=UPLOADS)


class ImportView(ScopedView):
    """Upload a file and check it (a dry run), then import it; the checked file waits in the
    default storage, so a big one can be handed to the task worker."""

    policy = policy
    policy_action = IMPORT
    template_name = "monitoring/transfer/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, ImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "confirm" in request.POST:
            return self._import(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form)
        upload = form.cleaned_data["file"]
        file_format = format_of(upload.name or "") or "json"
        pending = pending_uploads.keep(request, upload, extension=file_format, format=file_format)
        if upload.size > BACKGROUND_BYTES:
            return _start(request, pending, dry_run=True)
        summary = import_file(
            actor=request.user, data=read_upload(pending), file_format=file_format,
            dry_run=True, source=pending["name"],
        )  # fmt: skip
        if not summary.ok:
            pending_uploads.forget(request)
        return self._page(request, form, summary, file_format, can_import=summary.ok)

    def _import(self, request: HttpRequest) -> HttpResponse:
        pending = pending_uploads.pending(request)
        if pending is None:
            messages.error(request, _("Upload the file again: the checked file is no longer here."))
            return redirect("monitoring:import")
        if pending["size"] > BACKGROUND_BYTES:
            pending_uploads.release(request)
            return _start(request, pending, dry_run=False)
        data = read_upload(pending)
        pending_uploads.forget(request)
        summary = import_file(
            actor=request.user, data=data, file_format=pending["format"], source=pending["name"]
        )
        if not summary.ok:
            return self._page(request, ImportForm(), summary, pending["format"])
        messages.success(request, _("The file was imported."))
        return redirect("monitoring:import_result", pk=summary.log_id)

    def _page(
        self,
        request: HttpRequest,
        form: ImportForm,
        summary: ImportSummary | None = None,
        file_format: str = "",
        can_import: bool = False,
    ) -> HttpResponse:
        context = {
            "form": form, "summary": summary, "can_import": can_import,
            "conflicts": _conflict_rows(summary, file_format) if summary else [],
            "recent": import_logs(request.user)[:5],
        }  # fmt: skip
        return render(request, self.template_name, context)


class ImportResultView(ScopedView):
    """What a recorded import did (or, for a check, would do), e.g. once its task has run."""

    policy = policy
    policy_action = IMPORT
    template_name = "monitoring/transfer/import.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        log: DataImport = get_object_or_404(import_logs(request.user), pk=pk)
        summary = summary_of(log)
        pending = pending_uploads.peek(request)
        can_import = summary.ok and log.dry_run and pending.get("name") == log.source
        context = {
            "form": ImportForm(), "summary": summary, "log": log, "can_import": can_import,
            "conflicts": _conflict_rows(summary, log.file_format),
            "recent": import_logs(request.user)[:5],
        }  # fmt: skip
        return render(request, self.template_name, context)


def _start(request: HttpRequest, pending: dict[str, Any], *, dry_run: bool) -> HttpResponse:
    label = (_("Check %(file)s") if dry_run else _("Import %(file)s")) % {"file": pending["name"]}
    label = label[:200]  # TaskProgress.label's length
    progress = start_tracked_task(
        actor=request.user, label=label, task=import_datavalues_task, actor_id=request.user.pk,
        path=pending["path"], file_format=pending["format"], source=pending["name"],
        dry_run=dry_run, keep_file=dry_run,
    )  # fmt: skip
    return redirect("core:task_progress", pk=progress.pk)


def _conflict_rows(summary: ImportSummary, file_format: str) -> list[dict[str, Any]]:
    """The conflicts as the table shows them; for a workbook, the field with its column."""
    rows = []
    for conflict in summary.conflicts[:SHOWN_CONFLICTS]:
        column = conflict.field
        if file_format == "xlsx" and conflict.field in excel.COLUMN_OF_FIELD:
            column = f"{excel.COLUMN_OF_FIELD[conflict.field]} ({conflict.field})"
        rows.append({"row": conflict.row or "", "field": column, "message": conflict.message})
    if len(summary.conflicts) > SHOWN_CONFLICTS:
        more = len(summary.conflicts) - SHOWN_CONFLICTS
        message = ngettext(
            "%(count)s more conflict is not shown.", "%(count)s more conflicts are not shown.", more
        ) % {"count": more}
        rows.append({"row": "", "field": "", "message": message})
    return rows


class ExportView(ScopedView):
    """Choose a data set, a unit (with its subtree) and periods; download JSON, CSV or XLSX."""

    policy = policy
    policy_action = VIEW
    template_name = "monitoring/transfer/export.html"
    form_class: type[RangeForm] = ExportForm

    def get(self, request: HttpRequest) -> HttpResponse:
        if "data_set" not in request.GET:
            form = self.form_class(user=request.user, action=self.policy_action)
            return self._page(request, form)
        form = self.form_class(request.GET, user=request.user, action=self.policy_action)
        if form.is_valid():
            try:
                return self.download(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self._page(request, form)

    def download(self, data: dict[str, Any]) -> HttpResponse:
        if data["format"] == "xlsx":
            return _workbook(self.request.user, data, VIEW)
        rows = export_values(
            user=self.request.user, data_set=data["data_set"], org_unit=data["org_unit"],
            periods=data["periods"],
        )  # fmt: skip
        if data["format"] == "csv":
            return _attachment(to_csv(rows).encode(), "text/csv; charset=utf-8", data, "csv")
        body = json.dumps(to_json(rows), ensure_ascii=False).encode()
        return _attachment(body, "application/json", data, "json")

    def _page(self, request: HttpRequest, form: RangeForm) -> HttpResponse:
        context = {
            "form": form, "title": _("Export data values"),
            "can_import": policy.can(request.user, IMPORT),
        }  # fmt: skip
        return render(request, self.template_name, context)


class TemplateDownloadView(ExportView):
    """The Excel template to fill in, for the units where the user may report."""

    policy_action = IMPORT
    form_class = RangeForm

    def download(self, data: dict[str, Any]) -> HttpResponse:
        return _workbook(self.request.user, data, IMPORT)

    def _page(self, request: HttpRequest, form: RangeForm) -> HttpResponse:
        context = {
            "form": form, "title": _("Download the Excel template"), "template": True,
            "can_import": True,
        }  # fmt: skip
        return render(request, self.template_name, context)


def _workbook(user: Any, data: dict[str, Any], action: str) -> HttpResponse:
    rows = workbook_rows(
        user=user, data_set=data["data_set"], org_unit=data["org_unit"], periods=data["periods"],
        action=action,
    )  # fmt: skip
    return _attachment(
        excel.build_workbook(data["data_set"], rows), excel.CONTENT_TYPE, data, "xlsx"
    )


def _attachment(
    body: bytes, content_type: str, data: dict[str, Any], extension: str
) -> HttpResponse:
    periods = data["periods"]
    name = f"{data['data_set'].code}_{data['org_unit'].code}_{periods[0]}-{periods[-1]}.{extension}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
