"""The DHIS2-compatible ``dataValueSets`` endpoint: import (with dry run, or in the background)
and export, in JSON, CSV and the Excel template; and the record of one import."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tinhso.core.policies import VIEW
from tinhso.core.progress import start_tracked_task
from tinhso.monitoring import excel
from tinhso.monitoring.dhis2.datavaluesets import to_csv, to_json
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.monitoring.selectors import (
    export_rows,
    export_target,
    import_logs,
    summary_of,
    workbook_rows,
)
from tinhso.monitoring.services import ImportSummary, import_data_values, parse_file
from tinhso.monitoring.tasks import import_datavalues_task

CSV_TYPES = ("text/csv", "application/csv")
STARTED_FIELDS: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    "task": serializers.UUIDField(),
    "url": serializers.CharField(),
}
SUMMARY = OpenApiResponse(OpenApiTypes.OBJECT, description="DHIS2's import summary.")


class RawBody(BaseParser):
    """Hands the body over untouched; the view parses JSON, CSV or a workbook itself."""

    media_type = "*/*"

    def parse(  # type: ignore[override]
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> bytes:
        return bytes(stream.read()) if stream is not None else b""


class DataValueSetsView(APIView):
    """POST a dataValueSets document (JSON or CSV, ids by code) or a filled-in Excel template;
    ``dryRun=true`` writes nothing, ``async=true`` runs it in the background. GET values back in
    any of the three formats, scoped to what the caller may read."""

    policy = DataValuePolicy()
    parser_classes = [RawBody]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.policy_action = IMPORT if request.method == "POST" else VIEW
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": OpenApiTypes.OBJECT,
            "text/csv": OpenApiTypes.STR,
            excel.CONTENT_TYPE: OpenApiTypes.BINARY,
        },
        parameters=[
            OpenApiParameter("dryRun", bool, description="Check and report; write nothing."),
            OpenApiParameter(
                "async", bool,
                description="Run in the background: answers 202 with the task, whose "
                "result_url gives the summary once done.",
            ),
        ],
        responses={
            200: SUMMARY,
            202: OpenApiResponse(
                inline_serializer("ImportStarted", STARTED_FIELDS),
                description="Started; the Location header, like url, is the task's.",
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="The file cannot be read."),
            409: OpenApiResponse(OpenApiTypes.OBJECT, description="Conflicts; nothing written."),
        },
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        file_format = _format_of(request.content_type)
        body = request.data if isinstance(request.data, bytes) else b""
        dry_run = _true(request.query_params.get("dryRun"))
        if _true(request.query_params.get("async")):
            return _start(request, body, file_format, dry_run)
        values, errors = parse_file(body, file_format)
        if errors:
            conflicts = [
                {"property": e.field, "value": e.message, "indexes": [e.row]} for e in errors
            ]
            return Response(
                {"status": "ERROR", "conflicts": conflicts}, status=status.HTTP_400_BAD_REQUEST
            )
        summary = import_data_values(
            actor=request.user, values=values, dry_run=dry_run, source="api",
            file_format=file_format,
        )  # fmt: skip
        code = status.HTTP_200_OK if summary.ok else status.HTTP_409_CONFLICT
        return Response(import_summary(summary), status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter("dataSet", str, required=True),
            OpenApiParameter(
                "period", str, many=True, required=True,
                description="A period code; repeat it for several periods.",
            ),
            OpenApiParameter("orgUnit", str, required=True),
            OpenApiParameter("children", bool, description="Include the units under orgUnit."),
            OpenApiParameter("format", str, enum=["json", "csv", "xlsx"]),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, excel.CONTENT_TYPE): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="No such dataSet, orgUnit or period."),
        },
    )  # fmt: skip
    def get(self, request: Request) -> Response | HttpResponse:
        params = request.query_params
        if params.get("format") == "xlsx":
            return _workbook(request)
        rows = export_rows(
            user=request.user, data_set=params.get("dataSet", ""),
            periods=params.getlist("period"), org_unit=params.get("orgUnit", ""),
            children=_true(params.get("children")),
        )  # fmt: skip
        if params.get("format") == "csv":
            return HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
        return Response(to_json(rows))


class DataImportView(APIView):
    """The summary of one recorded import, e.g. a background one once its task is done: the
    caller's own imports, or any for the center."""

    policy = DataValuePolicy()
    policy_action = IMPORT

    @extend_schema(responses={200: SUMMARY})
    def get(self, request: Request, pk: int) -> Response:
        log = get_object_or_404(import_logs(request.user), pk=pk)
        body = {
            "id": log.pk, "created": log.created_at.isoformat(), "source": log.source,
            "format": log.file_format, **import_summary(summary_of(log)),
        }  # fmt: skip
        return Response(body)


def _format_of(content_type: str) -> str:
    media_type = content_type.split(";")[0].strip()
    if media_type == excel.CONTENT_TYPE:
        return "xlsx"
    return "csv" if media_type in CSV_TYPES else "json"


def _start(request: Request, body: bytes, file_format: str, dry_run: bool) -> Response:
    """Keep the body for the task worker and start the import there."""
    path = default_storage.save(f"imports/{uuid.uuid4().hex}.{file_format}", ContentFile(body))
    progress = start_tracked_task(
        actor=request.user, label=f"dataValueSets {file_format}", task=import_datavalues_task,
        actor_id=request.user.pk, path=path, file_format=file_format, source="api",
        dry_run=dry_run, result="api",
    )  # fmt: skip
    url = reverse("task-detail", kwargs={"pk": progress.pk})
    response = Response({"task": str(progress.pk), "url": url}, status=status.HTTP_202_ACCEPTED)
    response["Location"] = url
    return response


def _workbook(request: Request) -> HttpResponse:
    params = request.query_params
    data_set, unit, periods = export_target(
        data_set=params.get("dataSet", ""), org_unit=params.get("orgUnit", ""),
        periods=params.getlist("period"),
    )  # fmt: skip
    rows = workbook_rows(
        user=request.user, data_set=data_set, org_unit=unit, periods=periods, action=VIEW,
        children=_true(params.get("children")),
    )  # fmt: skip
    response = HttpResponse(excel.build_workbook(data_set, rows), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{data_set.code}_{unit.code}.xlsx"'
    return response


def import_summary(summary: ImportSummary) -> dict[str, Any]:
    """DHIS2's import summary shape."""
    return {
        "status": "SUCCESS" if summary.ok else "ERROR",
        "dryRun": summary.dry_run,
        "importCount": {
            "imported": summary.imported, "updated": summary.updated,
            "ignored": summary.ignored, "deleted": 0,
        },
        "conflicts": [
            {"property": c.field, "value": c.message, "indexes": [c.row]} for c in summary.conflicts
        ],
    }  # fmt: skip


def _true(value: str | None) -> bool:
    return (value or "").lower() in {"true", "1", "yes"}
