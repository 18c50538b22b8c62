"""The DHIS2-compatible ``dataValueSets`` endpoint: import (with dry run) and export."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tinhso.core.policies import VIEW
from tinhso.monitoring.dhis2.datavaluesets import parse_csv, parse_json, to_csv, to_json
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.monitoring.selectors import export_rows
from tinhso.monitoring.services import ImportSummary, import_data_values

CSV_TYPES = ("text/csv", "application/csv")


class RawBody(BaseParser):
    """Hands the body over untouched; the view parses JSON or CSV itself, row by row."""

    media_type = "*/*"

    def parse(  # type: ignore[override]
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> bytes:
        return bytes(stream.read()) if stream is not None else b""


class DataValueSetsView(APIView):
    """POST a dataValueSets document (JSON or CSV, ids by code; ``dryRun=true`` writes nothing);
    GET values back in the same format, scoped to what the caller may read."""

    policy = DataValuePolicy()
    parser_classes = [RawBody]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.policy_action = IMPORT if request.method == "POST" else VIEW
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT, "text/csv": OpenApiTypes.STR},
        parameters=[OpenApiParameter("dryRun", bool)],
        responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        is_csv = request.content_type.split(";")[0].strip() in CSV_TYPES
        body = request.data if isinstance(request.data, bytes) else b""
        values, errors = (parse_csv if is_csv else parse_json)(body)
        if errors:
            conflicts = [
                {"property": e.field, "value": e.message, "indexes": [e.row]} for e in errors
            ]
            return Response(
                {"status": "ERROR", "conflicts": conflicts}, status=status.HTTP_400_BAD_REQUEST
            )
        summary = import_data_values(
            actor=request.user, values=values, dry_run=_true(request.query_params.get("dryRun")),
            source="api", file_format="csv" if is_csv else "json",
        )  # fmt: skip
        code = status.HTTP_200_OK if summary.ok else status.HTTP_409_CONFLICT
        return Response(import_summary(summary), status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter("dataSet", str), OpenApiParameter("period", str),
            OpenApiParameter("orgUnit", str), OpenApiParameter("children", bool),
            OpenApiParameter("format", str, enum=["json", "csv"]),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )  # fmt: skip
    def get(self, request: Request) -> Response | HttpResponse:
        params = request.query_params
        rows = export_rows(
            user=request.user, data_set=params.get("dataSet", ""), period=params.get("period", ""),
            org_unit=params.get("orgUnit", ""), children=_true(params.get("children")),
        )  # fmt: skip
        if params.get("format") == "csv":
            return HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
        return Response(to_json(rows))


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
