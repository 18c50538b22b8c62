"""/api/v1/notifications/: the caller's own notifications, and marking them read."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tinhso.core.api import ScopedReadOnlyViewSet
from tinhso.core.policies import CHANGE
from tinhso.notifications import services
from tinhso.notifications.api.serializers import NotificationSerializer, ReadAllSerializer
from tinhso.notifications.filtersets import NotificationFilterSet
from tinhso.notifications.models import Notification
from tinhso.notifications.permissions import NotificationPolicy

TAG = ["notifications"]


@extend_schema_view(
    list=extend_schema(summary="List my notifications, newest first", tags=TAG),
    retrieve=extend_schema(summary="Read one of my notifications", tags=TAG),
)
class NotificationViewSet(ScopedReadOnlyViewSet):
    """Every user sees their own notifications only; another's answers 404."""

    policy = NotificationPolicy()
    queryset = Notification.objects.order_by("-created_at", "-pk")
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    @extend_schema(
        summary="Mark one of my notifications read",
        request=None,
        responses=NotificationSerializer,
        tags=TAG,
    )
    @action(detail=True, methods=["post"], policy_action=CHANGE)
    def read(self, request: Request, pk: str) -> Response:
        notification = services.mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        summary="Mark all my notifications read",
        request=None,
        responses=ReadAllSerializer,
        tags=TAG,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="readAll",
        url_name="read-all",
        policy_action=CHANGE,
    )
    def read_all(self, request: Request) -> Response:
        marked = services.mark_all_read(actor=request.user)
        return Response(ReadAllSerializer({"marked": marked}).data)
