"""What every cell of a steering page's permission matrix must show (the money, committee and
holiday pages share it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.shortcuts import resolve_url

from tinhso.core.testing import Case

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)
INLINE = re.compile(
    r"""<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*["']|\sstyle\s*=\s*["']|<style""",
    re.IGNORECASE,
)


def check_answer(
    response: Any, case: Case, *, method: str, before: Any, everything: Callable[[], Any]
) -> None:
    """The case's status; anonymous users sent to sign in; nothing changed unless an allowed
    POST; a page that loads nothing from outside, runs no inline code and shows the tabs."""
    assert response.status_code == case.status
    if case.role is None:
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    if case.denied or method != "post":
        assert everything() == before
    if response.status_code == 200:
        html = response.content.decode()
        assert EXTERNAL.findall(html) == []
        assert INLINE.findall(html) == []
        assert 'data-testid="steering-tabs"' in html
