"""Answers of the resolver kept in this process's memory, so that a repeated scan costs one
primary-key lookup instead of the queries and the template of a fresh answer.

An answer is kept under what it depends on: the path and query as requested, the representation
asked for (page, linkset, JSON), the language, and the site root (scheme and host, which the
answer's links carry), and it is served only while the data generation it was made at is
still the current one (``resolver.freshness``): any write the resolver shows, in any process,
makes every kept answer stale at once. Only answers of a resolved link are kept (the page, the
linkset, a link-type redirect); a 400 or 404 never is, so nothing an unknown path asks for takes
room. Memory is bounded (MAX_BYTES, least recently used first out).

A page is the same for every anonymous visitor but for its CSRF token (the language form), so it
is kept with a placeholder that each answer replaces with the visitor's own token; a signed-in
user (whose menu and name are on the page) or a visitor with messages waiting gets a fresh page.
The linkset is the same for everyone.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from tinhso.traceability.resolver import freshness

MAX_BYTES = 16 * 1024 * 1024  # about 1,800 consumer pages, per process
CSRF_PLACEHOLDER = "csrf-placeholder-" + secrets.token_hex(12)  # never in any data
_KEPT_HEADERS = ("Link", "Vary", "Location")

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Answer:
    """A response as kept: everything the view set on it, the body with the placeholder."""

    status: int
    content: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...]
    has_csrf_token: bool
    anonymous_only: bool  # a page: signed-in users get their own

    @classmethod
    def of(cls, response: HttpResponse, *, anonymous_only: bool) -> Answer:
        kept = tuple((name, response[name]) for name in _KEPT_HEADERS if name in response)
        placeholder = CSRF_PLACEHOLDER.encode()
        return cls(
            status=response.status_code,
            content=response.content,
            content_type=response["Content-Type"],
            headers=kept,
            has_csrf_token=placeholder in response.content,
            anonymous_only=anonymous_only,
        )

    def serves(self, request: HttpRequest) -> bool:
        """Whether this answer is the one ``request`` would get made afresh."""
        return not self.anonymous_only or may_share_page(request)

    def response(self, request: HttpRequest) -> HttpResponse:
        """A new response for ``request``: its own CSRF token, as a fresh render would set."""
        content = self.content
        if self.has_csrf_token:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content, status=self.status, content_type=self.content_type)
        for name, value in self.headers:
            response[name] = value
        return response


class Memo:
    """Answers made at one data generation, least recently used first out past ``max_bytes``.
    Thread-safe (gunicorn's threaded workers, runserver)."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Key, Answer] = OrderedDict()
        self._size = 0
        self._generation: int | None = None
        self._lock = threading.Lock()

    def get(self, key: Key) -> Answer | None:
        """The answer kept for ``key`` if it is of the current generation (one query when one is
        kept, none otherwise)."""
        with self._lock:
            answer = self._answers.get(key)
            generation = self._generation
        if answer is None:
            return None
        if freshness.generation_now() != generation:
            self.forget()
            return None
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
        return answer

    def put(self, key: Key, answer: Answer, generation: int | None) -> None:
        """Keep ``answer``, made from data read at ``generation`` (None: keep nothing)."""
        if generation is None or not 0 < len(answer.content) <= self.max_bytes:
            return
        with self._lock:
            if generation != self._generation:
                self._clear(generation)
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._size -= len(previous.content)
            self._answers[key] = answer
            self._size += len(answer.content)
            while self._size > self.max_bytes:
                _key, dropped = self._answers.popitem(last=False)
                self._size -= len(dropped.content)

    def forget(self) -> None:
        """Drop every answer (the data changed)."""
        with self._lock:
            self._clear(None)

    def __len__(self) -> int:
        return len(self._answers)

    def _clear(self, generation: int | None) -> None:
        self._answers.clear()
        self._size = 0
        self._generation = generation


# RESOLVER_MEMO_BYTES = 0 in the settings turns the memo off (every answer made afresh).
MEMO = Memo(getattr(settings, "RESOLVER_MEMO_BYTES", MAX_BYTES))
freshness.on_change(MEMO.forget)


def key_of(requested: str, wants: str, root: str) -> Key:
    """What an answer depends on, besides the data: the path and query as requested, the
    representation, the language and the site's root."""
    return (requested, wants, get_language() or "", root)


def may_share_page(request: HttpRequest) -> bool:
    """A kept page fits an anonymous visitor with no messages waiting (which it would show).
    Without a session cookie or a messages cookie both hold, and nothing need be loaded."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies:
        return True
    user: Any = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    return len(get_messages(request)) == 0
