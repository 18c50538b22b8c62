"""The task import pages: download the template, check a file (a dry run), then import it.

The checked file waits in the default storage and the session remembers it
(tinhso.core.uploads), so the import that follows reads exactly the file that was checked, and
a big one can be handed to the task worker.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.core.dates import local_date
from tinhso.core.models import TaskProgress
from tinhso.core.policies import ADD
from tinhso.core.progress import start_tracked_task
from tinhso.core.uploads import PendingUploads, read_upload
from tinhso.core.views import ScopedView
from tinhso.steering.forms.imports import TaskImportForm
from tinhso.steering.import_workbook import CONTENT_TYPE, build_template, read_workbook
from tinhso.steering.imports import (
    CREATE,
    RowResult,
    TaskImportSummary,
    import_tasks,
    import_tasks_task,
    outcome,
    result_path,
)
from tinhso.steering.permissions import TaskPolicy

policy = TaskPolicy()
SESSION_KEY = "steering_task_import"
UPLOADS = "imports/steering/uploads"
# More rows than this are checked and imported by the task worker, with a progress bar: each
# row is one audited service call (about 2 ms), so 300 rows answer within a second.
BACKGROUND_ROWS = 300
SHOWN_ERRORS = 1_000
pending_uploads = PendingUploads(session_key=SESSION_KEY, folder=UPLOADS)


class TaskImportView(ScopedView):
    """Upload a filled-in task sheet and check it; then import it, all rows or none."""

    policy = policy
    policy_action = ADD
    template_name = "steering/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request, TaskImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "confirm" in request.POST:
            return self._import(request)
        form = TaskImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, form)
        pending = _keep_upload(request, form.cleaned_data["file"])
        if pending["rows"] > BACKGROUND_ROWS:
            return _start(request, pending, dry_run=True)
        summary = import_tasks(actor=request.user, data=read_upload(pending), dry_run=True)
        if not summary.ok:
            pending_uploads.forget(request)
        return _page(request, form, summary, can_import=summary.ok)

    def _import(self, request: HttpRequest) -> HttpResponse:
        pending = pending_uploads.pending(request)
        if pending is None:
            messages.error(request, _("Upload the file again: the checked file is no longer here."))
            return redirect("steering:import")
        if pending["rows"] > BACKGROUND_ROWS:
            pending_uploads.release(request)
            return _start(request, pending, dry_run=False)
        data = read_upload(pending)
        pending_uploads.forget(request)
        summary = import_tasks(actor=request.user, data=data)
        if not summary.ok:
            return _page(request, TaskImportForm(), summary)
        messages.success(request, outcome(summary))
        return redirect("steering:import")


class TaskImportResultView(ScopedView):
    """What a background check or import found, once its task has run. Whoever started it."""

    policy = policy
    policy_action = ADD

    def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        progress = get_object_or_404(TaskProgress, pk=pk, owner=request.user)
        path = result_path(str(progress.pk))
        if not default_storage.exists(path):
            raise Http404
        with default_storage.open(path, "rb") as stored:
            summary = TaskImportSummary.from_dict(json.loads(stored.read()))
        pending = pending_uploads.peek(request)
        can_import = summary.ok and summary.dry_run and pending.get("checked") == str(pk)
        return _page(request, TaskImportForm(), summary, can_import=can_import)


class TemplateDownloadView(ScopedView):
    """The Excel template, with the directives, units, indicators and programmes of today."""

    policy = policy
    policy_action = ADD

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(build_template(), content_type=CONTENT_TYPE)
        name = f"tinhso-nhiem-vu-{local_date():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _page(
    request: HttpRequest,
    form: TaskImportForm,
    summary: TaskImportSummary | None = None,
    *,
    can_import: bool = False,
) -> HttpResponse:
    context = {
        "form": form, "summary": summary, "can_import": can_import,
        "results": _result_rows(summary) if summary else [],
        "errors": _error_rows(summary) if summary else [],
    }  # fmt: skip
    return render(request, "steering/import.html", context)


def _result_rows(summary: TaskImportSummary) -> list[dict[str, Any]]:
    return [_result_row(result) for result in summary.results]


def _result_row(result: RowResult) -> dict[str, Any]:
    url = reverse("steering:task_detail", kwargs={"pk": result.task_id}) if result.task_id else ""
    return {
        "row": result.row, "create": result.action == CREATE, "title": result.title,
        "lead_unit": result.lead_unit, "note": result.note, "url": url,
    }  # fmt: skip


def _error_rows(summary: TaskImportSummary) -> list[dict[str, Any]]:
    rows = [
        {"row": error.row or "", "column": error.column_name, "message": error.message,
         "line": str(error)}
        for error in summary.errors[:SHOWN_ERRORS]
    ]  # fmt: skip
    if len(summary.errors) > SHOWN_ERRORS:
        more = len(summary.errors) - SHOWN_ERRORS
        message = ngettext(
            "%(count)s more problem is not shown.", "%(count)s more problems are not shown.", more
        ) % {"count": more}
        rows.append({"row": "", "column": "", "message": message, "line": message})
    return rows


def _keep_upload(request: HttpRequest, upload: UploadedFile[Any]) -> dict[str, Any]:
    """Keep the upload for the import that follows the check (or for the task worker), and
    count its rows to choose where it runs."""
    pending = pending_uploads.keep(request, upload, extension="xlsx", rows=0, checked="")
    rows, _problems = read_workbook(read_upload(pending))
    return pending_uploads.remember(request, {**pending, "rows": len(rows)})


def _start(request: HttpRequest, pending: dict[str, Any], *, dry_run: bool) -> HttpResponse:
    """Hand the file to the task worker and show its progress."""
    label = (_("Check %(file)s") if dry_run else _("Import %(file)s")) % {"file": pending["name"]}
    progress = start_tracked_task(
        actor=request.user, label=label[:200], task=import_tasks_task, actor_id=request.user.pk,
        path=pending["path"], dry_run=dry_run, language=translation.get_language() or "vi",
        keep_file=dry_run,
    )  # fmt: skip
    if dry_run:
        pending_uploads.remember(request, {**pending, "checked": str(progress.pk)})
    return redirect("core:task_progress", pk=progress.pk)
