"""Base of every API endpoint: policy-scoped viewsets, pagination and the error format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from tinhso.core.api_defaults import policy_action_of
from tinhso.core.policies import Policy


class ScopedGenericViewSet(viewsets.GenericViewSet[Any]):
    """Scopes ``get_queryset`` by the policy, so objects out of reach answer 404."""

    policy: ClassVar[Policy]
    policy_action: str | None = None

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        return self.policy.scope(queryset, self.request.user, policy_action_of(self))


class ScopedReadOnlyViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, ScopedGenericViewSet):
    """A read-only endpoint scoped by its policy."""


class ScopedViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    ScopedGenericViewSet,
):
    """A read-write endpoint scoped by its policy; writes go through ``perform_*`` to services."""


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error as ``{"code", "message", "errors"}``: a stable code and a translated message."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = _error_body(exc)
    return response


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as DRF field errors; errors of no field go under the
    non-field key, so that ``errors`` is always an object keyed by field."""
    if hasattr(exc, "error_dict"):
        return {
            field: list(DjangoValidationError(errs).messages)
            for field, errs in exc.error_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: list(exc.messages)}


def _error_body(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail
        if not isinstance(fields, dict):
            fields = {api_settings.NON_FIELD_ERRORS_KEY: fields}
        return {
            "code": "invalid",
            "message": str(exceptions.ValidationError.default_detail),
            "errors": _flatten(fields),
        }
    detail = exc.detail
    code = detail.code if isinstance(detail, exceptions.ErrorDetail) else exc.default_code
    return {"code": code, "message": str(detail), "errors": {}}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            return [{"code": item.code, "message": str(item)} for item in detail]
        return [_flatten(item) for item in detail]
    if isinstance(detail, exceptions.ErrorDetail):
        return [{"code": detail.code, "message": str(detail)}]
    return detail


# The methods of an endpoint whose rows are never deleted.
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


def documented(name: str, tags: list[str]) -> Callable[[type[Any]], type[Any]]:
    """The schema's summaries of a read-write endpoint's actions, under the app's tags."""
    decorate: Callable[[type[Any]], type[Any]] = extend_schema_view(
        list=extend_schema(summary=f"List {name}", tags=tags),
        retrieve=extend_schema(summary=f"Read one of the {name}", tags=tags),
        create=extend_schema(summary=f"Record one of the {name}", tags=tags),
        update=extend_schema(summary=f"Replace one of the {name}", tags=tags),
        partial_update=extend_schema(summary=f"Change one of the {name}", tags=tags),
        destroy=extend_schema(summary=f"Delete one of the {name}", tags=tags),
    )
    return decorate
