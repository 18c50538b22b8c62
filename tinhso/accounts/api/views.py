from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from tinhso.accounts import services
from tinhso.accounts.api.serializers import (
    ApiTokenSerializer,
    NewApiTokenSerializer,
    UserSerializer,
)
from tinhso.accounts.filtersets import UserFilterSet
from tinhso.accounts.models import ApiToken, User
from tinhso.accounts.permissions import ApiTokenPolicy, SelfPolicy, UserPolicy
from tinhso.core.api import ScopedGenericViewSet, ScopedViewSet


class UserViewSet(ScopedViewSet):
    """Accounts. Never deleted: set ``is_active`` false to close one."""

    policy = UserPolicy()
    queryset = User.objects.select_related("org_unit").prefetch_related("groups")
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.create_user(
            actor=self.request.user, password=data.pop("password", ""), **data
        )

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        assert isinstance(serializer.instance, User)
        serializer.instance = services.update_user(
            actor=self.request.user, user=serializer.instance, **data
        )


class MeView(GenericAPIView):  # type: ignore[type-arg]
    """The signed-in user or the token's owner."""

    policy = SelfPolicy()
    serializer_class = UserSerializer

    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(request.user).data)


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedGenericViewSet,
):
    """The caller's API tokens (administrators: everyone's). DELETE revokes; the row stays."""

    policy = ApiTokenPolicy()
    queryset = ApiToken.objects.select_related("user")
    serializer_class = ApiTokenSerializer

    @extend_schema(responses={201: NewApiTokenSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        token, secret = services.create_api_token(
            actor=request.user,
            name=body.validated_data["name"],
            days=body.validated_data.get("days"),
        )
        data = NewApiTokenSerializer(token).data | {"token": secret}
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        services.revoke_api_token(actor=self.request.user, token=instance)
