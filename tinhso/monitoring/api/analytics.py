"""``GET /api/v1/analytics``: aggregates in DHIS2's response shape."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tinhso.core.policies import VIEW
from tinhso.monitoring.analytics import AnalyticsError
from tinhso.monitoring.dhis2.analytics import answer, parse_query
from tinhso.monitoring.permissions import DataValuePolicy


class AnalyticsView(APIView):
    """Data items (dx) by periods (pe) by org units (ou), aggregated up the org tree by each
    element's aggregation type; indicators computed from the aggregates. Ids are codes."""

    policy = DataValuePolicy()
    policy_action = VIEW

    @extend_schema(
        operation_id="analytics",
        parameters=[
            OpenApiParameter(
                "dimension", str, many=True, required=True,
                description="dx:ITEM;ITEM, pe:PERIOD;RELATIVE or ou:CODE;LEVEL-n;USER_ORGUNIT",
            ),
            OpenApiParameter("filter", str, many=True, description="Same syntax; aggregated."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            query = parse_query(params.getlist("dimension"), params.getlist("filter"))
            body: dict[str, Any] = answer(query, user=request.user, today=timezone.localdate())
        except AnalyticsError as exc:
            raise ValidationError({exc.field: [exc.message]}) from None
        return Response(body)
