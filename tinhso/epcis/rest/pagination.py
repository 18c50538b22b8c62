"""Keyset pagination of the REST binding: an opaque ``nextPageToken`` naming the last row of a
page, and the ``Link: <…>; rel="next"`` header the standard asks for. Tokens do not expire:
the next page is whatever follows that row, however long after it is asked for."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.utils.encoding import escape_uri_path
from rest_framework.request import Request

from tinhso.epcis.selectors import EventKey, JobKey

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadToken(ValueError):
    """The nextPageToken was not made by this interface."""


def event_token(key: EventKey) -> str:
    """The token of the page after the event ``key``."""
    return _encode(f"{_micros(key.event_time)}.{key.id}")


def event_key(token: str) -> EventKey:
    """The event a token names; BadToken if it names none."""
    time, _dot, pk = _decode(token).partition(".")
    try:
        return EventKey(_moment(time), int(pk))
    except (ValueError, OverflowError) as exc:
        raise BadToken(token) from exc


def job_token(key: JobKey) -> str:
    """The token of the page after the capture job ``key``."""
    return _encode(f"{_micros(key.created_at)}.{key.id}")


def job_key(token: str) -> JobKey:
    """The capture job a token names; BadToken if it names none."""
    time, _dot, pk = _decode(token).partition(".")
    if len(pk) != 36:
        raise BadToken(token)
    try:
        return JobKey(_moment(time), pk)
    except (ValueError, OverflowError) as exc:
        raise BadToken(token) from exc


def next_link(request: Request, token: str) -> str:
    """The Link header of the next page: the same query with the token of where it starts."""
    params = [(k, v) for k, vs in request.query_params.lists() for v in vs if k != "nextPageToken"]
    params.append(("nextPageToken", token))
    url = request.build_absolute_uri(escape_uri_path(request.path)) + "?" + urlencode(params)
    return f'<{url}>; rel="next"'


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _moment(micros: str) -> datetime:
    if not micros.lstrip("-").isdigit():
        raise ValueError(micros)
    return _EPOCH + timedelta(microseconds=int(micros))


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadToken(token) from exc
