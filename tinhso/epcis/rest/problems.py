"""Errors of the REST binding as RFC 7807 problems (``application/problem+json``) of the
standard's exception types, whatever raised them: this interface's own checks, authentication,
the policy, or a missing resource."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

PROBLEM_TYPE = "application/problem+json"

VALIDATION = "epcisException:ValidationException"
QUERY_PARAMETER = "epcisException:QueryParameterException"
CAPTURE_LIMIT = "epcisException:CaptureLimitExceededException"
SECURITY = "epcisException:SecurityException"
NO_SUCH_NAME = "epcisException:NoSuchNameException"
IMPLEMENTATION = "epcisException:ImplementationException"


class EpcisProblem(Exception):
    """A request this interface refuses: the problem's type, status, title and detail, and
    any further members (such as the parameter or the errors) and response headers."""

    def __init__(
        self,
        status: int,
        problem_type: str,
        title: Promise | str,
        detail: Promise | str = "",
        headers: dict[str, str] | None = None,
        **members: Any,
    ) -> None:
        super().__init__(str(title))
        self.status = status
        self.problem_type = problem_type
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.members = members


def problem_response(problem: EpcisProblem) -> HttpResponse:
    """The problem as an HTTP response."""
    body: dict[str, Any] = {
        "type": problem.problem_type,
        "title": str(problem.title),
        "status": problem.status,
    }
    if problem.detail:
        body["detail"] = str(problem.detail)
    body.update(problem.members)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=PROBLEM_TYPE
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
    """DRF's exception handler for this interface: every refusal as an EPCIS problem."""
    problem = _problem_of(exc)
    return problem_response(problem) if problem is not None else None


def _problem_of(exc: Exception) -> EpcisProblem | None:
    if isinstance(exc, EpcisProblem):
        return exc
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        auth_header = getattr(exc, "auth_header", None)  # set by DRF when it has a scheme
        headers = {"WWW-Authenticate": auth_header} if auth_header else {}
        status = exc.status_code
        title = _("Unauthorised request") if status == 401 else _("Access to resource forbidden")
        return EpcisProblem(status, SECURITY, title, str(exc.detail), headers)
    if isinstance(exc, exceptions.PermissionDenied | DjangoPermissionDenied):
        return EpcisProblem(
            403, SECURITY, _("Access to resource forbidden"), _("You may not do this here.")
        )
    if isinstance(exc, Http404 | exceptions.NotFound):
        return EpcisProblem(404, NO_SUCH_NAME, _("Resource not found"))
    if isinstance(exc, exceptions.MethodNotAllowed):
        return EpcisProblem(405, IMPLEMENTATION, _("Method not allowed"), str(exc.detail))
    if isinstance(exc, exceptions.NotAcceptable):
        return EpcisProblem(
            406, IMPLEMENTATION, _("Cannot reproduce response in a desired content type"),
            _("This interface answers in JSON or JSON-LD."),
        )  # fmt: skip
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return EpcisProblem(415, IMPLEMENTATION, _("Unsupported Media Type"), str(exc.detail))
    if isinstance(exc, exceptions.APIException):
        return EpcisProblem(exc.status_code, IMPLEMENTATION, str(exc.detail))
    return None
