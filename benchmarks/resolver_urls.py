"""The project's URLs plus a bare view, for ``benchmarks/resolver.py`` only (selected by
``benchmarks/resolver_settings.py``; nothing here is in the shipped URLconf). The bare view comes
after the project's URLs, as the resolver's own patterns do, so that finding either walks the
same list (BARE_FIRST=1 puts it first, to see what the walk costs)."""

import os

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

BARE_PATH = "/benchmark/bare/"


def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: a small answer, no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("config.urls")),
    path(BARE_PATH.lstrip("/"), bare),
]
if os.environ.get("BARE_FIRST") == "1":
    urlpatterns.reverse()
