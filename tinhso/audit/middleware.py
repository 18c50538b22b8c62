"""Remembers the current request's address and id so audit entries can carry them."""

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tinhso.audit.context import request_context
from tinhso.core.http import client_address


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID") or str(uuid.uuid4())
        with request_context(remote_addr=client_address(request), request_id=request_id[:36]):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id[:36]
        return response
