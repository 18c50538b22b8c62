"""The request an audited change came from, held per thread/task in a context variable."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    remote_addr: str | None = None
    request_id: str = ""


_NO_REQUEST = RequestInfo()
_current: ContextVar[RequestInfo] = ContextVar("tinhso_audit_request", default=_NO_REQUEST)


@contextmanager
def request_context(*, remote_addr: str | None, request_id: str) -> Iterator[None]:
    token = _current.set(RequestInfo(remote_addr=remote_addr, request_id=request_id))
    try:
        yield
    finally:
        _current.reset(token)


def current_request() -> RequestInfo:
    return _current.get()
