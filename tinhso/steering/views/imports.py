"""The task import pages: download the template, check a file (a dry run), then import it.

The checked file waits in the default storage and the session remembers it, so the import that
follows reads exactly the file that was checked, and a big one can be handed to the task worker
(any web process or worker can reach it; nothing is kept in process memory).
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.core.dates import local_date
from tinhso.core.models import TaskProgress
from tinhso.core.policies import ADD
from tinhso.core.progress import start_tracked_task
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
FORGOTTEN_AFTER = timedelta(days=1)  # a checked file nobody imported is removed after this


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
        summary = import_tasks(actor=request.user, data=_read(pending), dry_run=True)
        if not summary.ok:
            _forget_upload(request)
        return _page(request, form, summary, can_import=summary.ok)

    def _import(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(SESSION_KEY)
        if not pending or not default_storage.exists(pending["path"]):
            messages.error(request, _("Upload the file again: the checked file is no longer here."))
            return redirect("steering:import")
        if pending["rows"] > BACKGROUND_ROWS:
            request.session.pop(SESSION_KEY)
            return _start(request, pending, dry_run=False)
        data = _read(pending)
        _forget_upload(request)
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
        pending = request.session.get(SESSION_KEY) or {}
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
    return {
        "row": result.row, "create": result.action == CREATE, "title": result.title,
        "lead_unit": result.lead_unit, "note": result.note,
        "url": _task_url(result.task_id) if result.task_id else "",
    }  # fmt: skip


def _task_url(pk: int) -> str:
    try:
        return reverse("steering:task_detail", kwargs={"pk": pk})
    except NoReverseMatch:  # the task pages are not installed
        return ""


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
    """Store the upload for the import that follows the check (or for the task worker), in
    place of any file checked before, and count its rows to choose where it runs."""
    _forget_upload(request)
    _sweep_forgotten_uploads()
    path = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}.xlsx", upload)
    pending = {
        "path": path, "name": (upload.name or "")[:200], "size": upload.size or 0,
        "rows": 0, "checked": "",
    }  # fmt: skip
    rows, _problems = read_workbook(_read(pending))
    pending["rows"] = len(rows)
    request.session[SESSION_KEY] = pending
    return pending


def _forget_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(pending["path"])


def _sweep_forgotten_uploads() -> None:
    if not default_storage.exists(UPLOADS):
        return
    cutoff = timezone.now() - FORGOTTEN_AFTER
    for name in default_storage.listdir(UPLOADS)[1]:
        path = f"{UPLOADS}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def _read(pending: dict[str, Any]) -> bytes:
    with default_storage.open(pending["path"], "rb") as stored:
        data: bytes = stored.read()
    return data


def _start(request: HttpRequest, pending: dict[str, Any], *, dry_run: bool) -> HttpResponse:
    """Hand the file to the task worker and show its progress."""
    label = (_("Check %(file)s") if dry_run else _("Import %(file)s")) % {"file": pending["name"]}
    progress = start_tracked_task(
        actor=request.user, label=label[:200], task=import_tasks_task, actor_id=request.user.pk,
        path=pending["path"], dry_run=dry_run, language=translation.get_language() or "vi",
        keep_file=dry_run,
    )  # fmt: skip
    if dry_run:
        request.session[SESSION_KEY] = {**pending, "checked": str(progress.pk)}
    return redirect("core:task_progress", pk=progress.pk)
