from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from tinhso.core.api import ScopedViewSet
from tinhso.core.progress import start_tracked_task
from tinhso.orgunits import services
from tinhso.orgunits.api.serializers import (
    AgenciesImportSerializer,
    OrgUnitSerializer,
    OrgUnitUpdateSerializer,
    ProvinceLoadSerializer,
    SuccessionRequestSerializer,
    SuccessionSerializer,
    WriteSummarySerializer,
)
from tinhso.orgunits.filtersets import OrgUnitFilterSet
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.official import province_code_of
from tinhso.orgunits.permissions import IMPORT, LOAD, MERGE, OrgUnitPolicy
from tinhso.orgunits.tasks import load_provinces_task


class OrgUnitViewSet(ScopedViewSet):
    """The org tree. Units are never deleted: they end through a succession."""

    policy = OrgUnitPolicy()
    queryset = OrgUnit.objects.select_related("parent").prefetch_related(
        "successions__successor", "successions__predecessor",
        "predecessions__predecessor", "predecessions__successor",
    )  # fmt: skip
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9._-]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action in {"update", "partial_update"}:
            return OrgUnitUpdateSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        serializer.instance = services.create_org_unit(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        assert isinstance(serializer.instance, OrgUnit)
        serializer.instance = services.update_org_unit(
            actor=self.request.user, unit=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=SuccessionRequestSerializer, responses=SuccessionSerializer(many=True))
    @action(detail=True, methods=["post"], policy_action=MERGE)
    def succession(self, request: Request, code: str) -> Response:
        """Record that this unit ended and another carries on (a merger)."""
        body = SuccessionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        links = services.record_succession(
            actor=request.user, predecessors=[self.get_object()], **body.validated_data
        )
        return Response(SuccessionSerializer(links, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": AgenciesImportSerializer}, responses=WriteSummarySerializer
    )
    @action(detail=False, methods=["post"], url_path="import", policy_action=IMPORT)
    def import_agencies(self, request: Request) -> Response:
        """Create or update agencies from a CSV; all rows or none; ``dry_run`` writes nothing."""
        body = AgenciesImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        summary = services.import_agencies(
            actor=request.user, data=body.validated_data["file"].read(),
            dry_run=body.validated_data["dry_run"],
        )  # fmt: skip
        code = status.HTTP_200_OK if summary.ok else status.HTTP_400_BAD_REQUEST
        return Response(WriteSummarySerializer(summary).data, status=code)  # type: ignore[arg-type]

    @extend_schema(request=ProvinceLoadSerializer, responses={202: None})
    @action(detail=False, methods=["post"], url_path="load", policy_action=LOAD)
    def load_provinces(self, request: Request) -> Response:
        """Load provinces from the official list in the background; answers with the task."""
        body = ProvinceLoadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        codes = [
            f"{province_code_of(code).value:02d}" for code in body.validated_data["province_codes"]
        ]
        progress = start_tracked_task(
            actor=request.user, label=f"load_province {' '.join(codes)}",
            task=load_provinces_task, province_codes=codes, actor_id=request.user.pk,
        )  # fmt: skip
        url = reverse("task-detail", kwargs={"pk": progress.pk})
        return Response({"task": str(progress.pk), "url": url}, status=status.HTTP_202_ACCEPTED)
