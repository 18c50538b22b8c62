"""POST /api/v1/steering/tasks/import: a filled-in task sheet (.xlsx) as multipart ``file``,
checked (``dryRun=true``) or imported all-or-nothing, as the import page does."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tinhso.core.policies import ADD
from tinhso.steering.import_workbook import MAX_BYTES, MAX_ROWS
from tinhso.steering.imports import (
    CREATE,
    UNCHANGED,
    RowError,
    RowResult,
    TaskImportSummary,
    import_tasks,
)
from tinhso.steering.permissions import TaskPolicy

TAG = ["steering"]


class TaskImportUploadSerializer(serializers.Serializer[None]):
    file = serializers.FileField(help_text="The filled-in template (.xlsx).")


class TaskImportRowSerializer(serializers.Serializer[None]):
    row = serializers.IntegerField(help_text="The row on the sheet.")
    action = serializers.ChoiceField(choices=[CREATE, UNCHANGED])
    task = serializers.IntegerField(
        allow_null=True,
        help_text="The new task's id (null in a dry run), or the recorded task left unchanged.",
    )
    title = serializers.CharField()
    lead_unit = serializers.CharField(help_text="Org unit code.")
    note = serializers.CharField(help_text="For an unchanged row: where the file differs.")


class TaskImportProblemSerializer(serializers.Serializer[None]):
    code = serializers.CharField(help_text="Always 'invalid'.")
    message = serializers.CharField(help_text="The whole line: “Row N, column X: …”.")
    row = serializers.IntegerField(help_text="The row on the sheet; 0 for the file as a whole.")
    field = serializers.CharField(help_text="The column's key, e.g. lead_unit; or file, row.")
    column = serializers.CharField(help_text="The column's letter, when one column is at fault.")


def _problems() -> Any:
    return serializers.DictField(
        child=TaskImportProblemSerializer(many=True),
        help_text="Problems by request field: all under 'file'. Empty when the file is fine.",
    )


class TaskImportSummarySerializer(serializers.Serializer[None]):
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField(help_text="Tasks created (or, in a dry run, to create).")
    unchanged = serializers.IntegerField(help_text="Rows matching a recorded task.")
    tasks = TaskImportRowSerializer(many=True)
    errors = _problems()


class TaskImportErrorSerializer(serializers.Serializer[None]):
    code = serializers.CharField()
    message = serializers.CharField()
    errors = _problems()
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField(help_text="Always 0: nothing was written.")
    unchanged = serializers.IntegerField(help_text="Always 0.")


class TaskImportView(APIView):
    """Check or import a task sheet; center staff and administrators."""

    policy = TaskPolicy()
    policy_action = ADD
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="steering_tasks_import",
        summary="Import tasks from an Excel sheet",
        description=(
            "Send the filled-in template (download it from the import page) as the multipart "
            "field `file`. Every row is checked as the task form checks it; any problem writes "
            "nothing and answers 400 with each problem by row and column. A row whose "
            "directive, title and lead unit match a recorded task is left unchanged, so the "
            "same file sent twice creates nothing the second time. Directives are not created: "
            f"they must be recorded first. At most {MAX_ROWS} rows and "
            f"{MAX_BYTES // 1_000_000} MB."
        ),
        request={"multipart/form-data": TaskImportUploadSerializer},
        parameters=[
            OpenApiParameter("dryRun", bool, description="Check and report; write nothing."),
        ],
        responses={
            200: TaskImportSummarySerializer,
            400: OpenApiResponse(
                TaskImportErrorSerializer,
                description="No file, or problems in it; nothing was written.",
            ),
        },
        tags=TAG,
    )
    def post(self, request: Request) -> Response:
        upload = TaskImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        dry_run = (request.query_params.get("dryRun") or "").lower() in {"true", "1", "yes"}
        summary = import_tasks(
            actor=request.user, data=upload.validated_data["file"].read(), dry_run=dry_run
        )
        if not summary.ok:
            return Response(_error_body(summary), status=status.HTTP_400_BAD_REQUEST)
        return Response(_summary_body(summary))


def _summary_body(summary: TaskImportSummary) -> dict[str, Any]:
    tasks = [_task_row(result) for result in summary.results]
    return {
        "dry_run": summary.dry_run, "created": summary.created, "unchanged": summary.unchanged,
        "tasks": tasks, "errors": {},
    }  # fmt: skip


def _task_row(result: RowResult) -> dict[str, Any]:
    return {
        "row": result.row, "action": result.action, "task": result.task_id,
        "title": result.title, "lead_unit": result.lead_unit, "note": result.note,
    }  # fmt: skip


def _error_body(summary: TaskImportSummary) -> dict[str, Any]:
    return {
        "code": "invalid",
        "message": _("The file was not imported; nothing was written."),
        "errors": {"file": [_problem(error) for error in summary.errors]},
        "dry_run": summary.dry_run,
        "created": 0,
        "unchanged": 0,
    }


def _problem(error: RowError) -> dict[str, Any]:
    return {
        "code": "invalid", "message": str(error), "row": error.row, "field": error.field,
        "column": error.column,
    }  # fmt: skip
