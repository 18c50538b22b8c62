"""/api/v1/submissions/: units' reports and their approval workflow (submit, approve, return,
unlock), scoped like the pages: reporters see their units' reports, the center and leaders all."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from tinhso.core.api import ScopedReadOnlyViewSet
from tinhso.monitoring import reports
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.models import DataSet, Submission
from tinhso.monitoring.permissions import APPROVE, SUBMIT, UNLOCK, SubmissionPolicy
from tinhso.orgunits.models import OrgUnit


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    """A report, named as DHIS2 names things: data set, org unit and period by code."""

    dataSet = serializers.SlugRelatedField[DataSet](
        source="data_set", slug_field="code", read_only=True
    )
    orgUnit = serializers.SlugRelatedField[OrgUnit](
        source="org_unit", slug_field="code", read_only=True
    )
    submittedAt = serializers.DateTimeField(source="submitted_at", read_only=True, allow_null=True)
    submittedBy = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True, default=None
    )
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)
    decidedBy = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True, default=None
    )
    returnReason = serializers.CharField(source="return_reason", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id", "dataSet", "orgUnit", "period", "status", "submittedAt", "submittedBy",
            "decidedAt", "decidedBy", "returnReason",
        ]  # fmt: skip
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer[None]):
    reason = serializers.CharField(max_length=2000, allow_blank=True, default="")


class SubmissionFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    dataSet = django_filters.CharFilter(field_name="data_set__code", label=_("Data set code"))
    orgUnit = django_filters.CharFilter(field_name="org_unit__code", label=_("Org unit code"))
    period = django_filters.CharFilter(field_name="period", label=_("Period code, e.g. 202601"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SubmissionStatus.choices)

    class Meta:
        model = Submission
        fields = ["dataSet", "orgUnit", "period", "status"]


@extend_schema_view(
    list=extend_schema(summary="Units' reports, each a data set × org unit × period"),
    retrieve=extend_schema(summary="One report and where it stands"),
)
class SubmissionViewSet(ScopedReadOnlyViewSet):
    """Reports and their workflow. A report is created by saving its form or importing values;
    the actions move it: submit (reporters, the center), approve, return and unlock (the center;
    return and unlock need a reason). A move the report's status does not allow answers 400."""

    policy = SubmissionPolicy()
    queryset = Submission.objects.select_related(
        "data_set", "org_unit", "submitted_by", "decided_by"
    ).order_by("-period", "data_set__code", "org_unit__code", "pk")
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilterSet

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], policy_action=SUBMIT)
    def submit(self, request: Request, pk: str) -> Response:
        """Hand a draft or returned report in to the center."""
        submission = reports.submit_report(actor=request.user, submission=self.get_object())
        return self._answer(submission)

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], policy_action=APPROVE)
    def approve(self, request: Request, pk: str) -> Response:
        """Accept a submitted report; its values are locked."""
        submission = reports.approve_report(actor=request.user, submission=self.get_object())
        return self._answer(submission)

    @extend_schema(request=ReasonSerializer, responses=SubmissionSerializer)
    @action(
        detail=True, methods=["post"], url_path="return", url_name="return", policy_action=APPROVE
    )
    def return_(self, request: Request, pk: str) -> Response:
        """Send a submitted report back to its unit, saying why."""
        submission = reports.return_report(
            actor=request.user, submission=self.get_object(), reason=self._reason(request)
        )
        return self._answer(submission)

    @extend_schema(request=ReasonSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], policy_action=UNLOCK)
    def unlock(self, request: Request, pk: str) -> Response:
        """Reopen an approved report, saying why; the unlock is audited."""
        submission = reports.unlock_report(
            actor=request.user, submission=self.get_object(), reason=self._reason(request)
        )
        return self._answer(submission)

    def _reason(self, request: Request) -> str:
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason: str = body.validated_data["reason"]
        return reason

    def _answer(self, submission: Submission) -> Response:
        data: Any = SubmissionSerializer(submission).data
        return Response(data)


router = SimpleRouter()
router.register("submissions", SubmissionViewSet, basename="submission")
urlpatterns = router.urls
