"""/api/v1/ endpoints of the steering module. Reads are scoped by the policies; every write goes
through tinhso.steering.services. Nothing here is deleted but a holiday entered by mistake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from tinhso.core.api import NO_DELETE, ScopedReadOnlyViewSet, ScopedViewSet, documented
from tinhso.core.policies import VIEW
from tinhso.steering import services
from tinhso.steering.api.serializers import (
    AllocationSerializer,
    DecisionSerializer,
    DirectiveSerializer,
    DisbursementSerializer,
    ExtensionInputSerializer,
    ExtensionRequestSerializer,
    HolidaySerializer,
    ProgrammeSerializer,
    ProgressInputSerializer,
    ProgressReportSerializer,
    SteeringCommitteeSerializer,
    TaskExportSerializer,
    TaskSerializer,
    TaskStates,
)
from tinhso.steering.filtersets import (
    AllocationFilterSet,
    DirectiveFilterSet,
    DisbursementFilterSet,
    ExtensionRequestFilterSet,
    ProgressReportFilterSet,
    TaskFilterSet,
)
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    ExtensionRequest,
    Holiday,
    Programme,
    ProgressReport,
    SteeringCommittee,
    Task,
)
from tinhso.steering.permissions import (
    CANCEL,
    DECIDE,
    REPORT,
    AllocationPolicy,
    DirectivePolicy,
    DisbursementPolicy,
    HolidayPolicy,
    ProgrammePolicy,
    SteeringCommitteePolicy,
    TaskPolicy,
    TaskRecordPolicy,
)
from tinhso.steering.selectors import (
    allocations_with_totals,
    export_tasks,
    programmes_with_totals,
)

TAG = ["steering"]


class ServiceViewSet(ScopedViewSet):
    """Create and update through the services named by ``create`` and ``update``."""

    http_method_names = NO_DELETE
    create_service: Callable[..., Any]
    update_service: Callable[..., Any]
    argument: str

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = type(self).create_service(actor=self.request.user, **data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        target = {self.argument: serializer.instance}
        serializer.instance = type(self).update_service(actor=self.request.user, **target, **data)


@documented("directives", TAG)
class DirectiveViewSet(ServiceViewSet):
    """Directives that assign tasks; send ``attachment`` as multipart/form-data."""

    policy = DirectivePolicy()
    queryset = Directive.objects.all()
    serializer_class = DirectiveSerializer
    filterset_class = DirectiveFilterSet
    create_service = services.create_directive
    update_service = services.update_directive
    argument = "directive"


@documented("tasks", TAG)
class TaskViewSet(ServiceViewSet):
    """Tasks with their derived status. A unit reporter sees the tasks whose lead or
    co-operating unit is in their subtree, and reports on them."""

    policy = TaskPolicy()
    queryset = Task.objects.select_related("lead_unit").prefetch_related("co_units", "indicators")
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    create_service = services.create_task
    update_service = services.update_task
    argument = "task"

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "states": TaskStates()}

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        serializer = super().get_serializer(*args, **kwargs)
        tasks = args[0] if args else None
        if isinstance(tasks, (list, QuerySet)):  # a page: one pass for all its tasks
            serializer.context["states"].load(tasks)
        return serializer

    def _answer(self, task: Task, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(task).data, status=code)

    @extend_schema(request=None, responses=TaskSerializer, tags=TAG)
    @action(detail=True, methods=["post"], policy_action=CANCEL)
    def cancel(self, request: Request, pk: str) -> Response:
        """Cancel the task from today (the province's date); it is kept and shows cancelled."""
        task = services.cancel_task(actor=request.user, task=self.get_object())
        return self._answer(task)

    @extend_schema(
        request={"multipart/form-data": ProgressInputSerializer},
        responses={201: ProgressReportSerializer},
        tags=TAG,
    )
    @action(detail=True, methods=["post"], policy_action=REPORT)
    def progress(self, request: Request, pk: str) -> Response:
        """Report progress (percent, narrative, evidence), or mark the task done with its
        product (multipart/form-data for files)."""
        body = ProgressInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.post_progress(
            actor=request.user, task=self.get_object(), **body.validated_data
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ExtensionInputSerializer, responses={201: ExtensionRequestSerializer}, tags=TAG
    )
    @action(detail=True, methods=["post"], policy_action=REPORT)
    def extensions(self, request: Request, pk: str) -> Response:
        """Ask for a later deadline, saying why; the center accepts or returns it."""
        body = ExtensionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extension = services.request_extension(
            actor=request.user, task=self.get_object(), **body.validated_data
        )
        data = ExtensionRequestSerializer(extension).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Tasks and their progress, for a national system",
        description=(
            "One JSON document (not paginated) with every task in the caller's reach, the same "
            "filters as the list, each task's derived status on `as_of` and all its progress "
            "reports, oldest first. `schema` names the document's version."
        ),
        responses=TaskExportSerializer,
        tags=TAG,
    )
    @action(detail=False, methods=["get"], policy_action=VIEW, pagination_class=None)
    def export(self, request: Request) -> Response:
        tasks = self.filter_queryset(self.get_queryset())
        return Response(TaskExportSerializer(export_tasks(tasks)).data)


@extend_schema_view(
    list=extend_schema(summary="List progress reports", tags=TAG),
    retrieve=extend_schema(summary="Read one progress report", tags=TAG),
)
class ProgressReportViewSet(ScopedReadOnlyViewSet):
    """Progress reports of the tasks in reach; the center accepts or returns completions."""

    policy = TaskRecordPolicy()
    queryset = ProgressReport.objects.select_related("reported_by", "reviewed_by")
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet

    @extend_schema(request=DecisionSerializer, responses=ProgressReportSerializer, tags=TAG)
    @action(detail=True, methods=["post"], policy_action=DECIDE)
    def decide(self, request: Request, pk: str) -> Response:
        """Accept a reported completion, or return it with a note (the task reopens)."""
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.decide_completion(
            actor=request.user, report=self.get_object(), **body.validated_data
        )
        return Response(ProgressReportSerializer(report).data)


@extend_schema_view(
    list=extend_schema(summary="List extension requests", tags=TAG),
    retrieve=extend_schema(summary="Read one extension request", tags=TAG),
)
class ExtensionRequestViewSet(ScopedReadOnlyViewSet):
    """Requests for a later deadline; the center accepts (the deadline moves) or returns them."""

    policy = TaskRecordPolicy()
    queryset = ExtensionRequest.objects.select_related("requested_by", "decided_by")
    serializer_class = ExtensionRequestSerializer
    filterset_class = ExtensionRequestFilterSet

    @extend_schema(request=DecisionSerializer, responses=ExtensionRequestSerializer, tags=TAG)
    @action(detail=True, methods=["post"], policy_action=DECIDE)
    def decide(self, request: Request, pk: str) -> Response:
        """Accept the extension, or return it with a note."""
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extension = services.decide_extension(
            actor=request.user, request=self.get_object(), **body.validated_data
        )
        return Response(ExtensionRequestSerializer(extension).data)


@documented("programmes", TAG)
class ProgrammeViewSet(ServiceViewSet):
    """Programmes with the money allocated and disbursed over all their allocations."""

    policy = ProgrammePolicy()
    queryset = programmes_with_totals(Programme.objects.all())
    serializer_class = ProgrammeSerializer
    create_service = services.create_programme
    update_service = services.update_programme
    argument = "programme"


@documented("allocations", TAG)
class AllocationViewSet(ServiceViewSet):
    """A programme's money for a year, to a unit or a project, and how much is disbursed."""

    policy = AllocationPolicy()
    queryset = allocations_with_totals(Allocation.objects.select_related("org_unit"))
    serializer_class = AllocationSerializer
    filterset_class = AllocationFilterSet
    create_service = services.create_allocation
    update_service = services.update_allocation
    argument = "allocation"

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        super().perform_update(serializer)
        # Answer with the totals, which the service's fresh row does not carry.
        assert isinstance(serializer.instance, Allocation)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


@documented("disbursements", TAG)
class DisbursementViewSet(ServiceViewSet):
    """Money paid out of allocations, by document number; never more than what remains."""

    policy = DisbursementPolicy()
    queryset = Disbursement.objects.all()
    serializer_class = DisbursementSerializer
    filterset_class = DisbursementFilterSet
    http_method_names = ["get", "post", "head", "options"]
    create_service = services.record_disbursement
    update_service = services.record_disbursement  # never routed: no PUT or PATCH
    argument = "disbursement"


@documented("steering committees", TAG)
class SteeringCommitteeViewSet(ServiceViewSet):
    """Which agencies and communes have set up a steering committee."""

    policy = SteeringCommitteePolicy()
    queryset = SteeringCommittee.objects.select_related("org_unit")
    serializer_class = SteeringCommitteeSerializer
    create_service = services.record_steering_committee
    update_service = services.update_steering_committee
    argument = "committee"


@documented("holidays", TAG)
class HolidayViewSet(ServiceViewSet):
    """Days off besides weekends, counted out of working days; kept by the center."""

    policy = HolidayPolicy()
    queryset = Holiday.objects.all()
    serializer_class = HolidaySerializer
    http_method_names = [*NO_DELETE, "delete"]
    create_service = services.create_holiday
    update_service = services.update_holiday
    argument = "holiday"

    def perform_destroy(self, instance: Holiday) -> None:
        services.delete_holiday(actor=self.request.user, holiday=instance)
