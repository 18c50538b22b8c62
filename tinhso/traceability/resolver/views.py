"""The GS1 Digital Link resolver at the site's root: ``/01/{gtin}[/22/{cpv}][/10/{lot}]
[/21/{serial}]`` and ``/01/{gtin}/235/{tpx}``, ``/.well-known/gs1resolver``, and the public
image of a product reachable by its GTIN. No login: the consumer scans a pack.

What a Digital Link answers (GS1-Conformant Resolver standard 1.x):

- ``?linkType=linkset`` (or ``all``), or ``Accept: application/linkset+json`` (or
  ``application/json``): the RFC 9264 linkset;
- ``?linkType=gs1:…``: 302 to the product's link of that type, else to its default link, else
  to the consumer page;
- otherwise the consumer page (HTML).

A malformed URI answers 400 with the parser's reason, a well-formed key the registry does not
know 404; each as a page, or as a JSON problem when JSON is asked for. Every answer carries a
``Link`` header to the linkset.

Answers of a resolved link are kept in memory and served again until a write changes the data
they show, in any process (``resolver.memo``, ``resolver.freshness``): a repeated scan costs one
primary-key lookup.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from tinhso.traceability.gs1.digital_link import DigitalLink, DigitalLinkError, parse_digital_link
from tinhso.traceability.resolver import linkset, memo, selectors
from tinhso.traceability.resolver.journey import journey_of
from tinhso.traceability.views.common import image_response

_HTML = "text/html"
_JSON = "application/json"
_LINKSET_TYPES = ("linkset", "all")
_PROBLEM = "application/problem+json"
_ACCEPT_KEPT = 500  # longer Accept headers are negotiated each time


def _root(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _requested(request: HttpRequest) -> str:
    """The path and query as sent: the server's raw URI where it gives one (gunicorn's
    RAW_URI, uWSGI's REQUEST_URI), since a decoded path has lost the difference between "/"
    and "%2F" in a lot or serial; else Django's path, re-encoded."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    return raw if isinstance(raw, str) and raw.startswith("/") else request.get_full_path()


def _wants(request: HttpRequest) -> str:
    """The representation asked for: HTML (browsers, no Accept), linkset JSON or JSON."""
    accept = request.headers.get("Accept")
    if not accept:
        return _HTML
    return _negotiated(accept) if len(accept) <= _ACCEPT_KEPT else _negotiate(accept)


def _negotiate(accept: str) -> str:
    request = HttpRequest()
    request.META["HTTP_ACCEPT"] = accept
    return request.get_preferred_type([_HTML, linkset.LINKSET_TYPE, _JSON]) or _HTML


# Clients send few distinct Accept headers, and parsing one costs more than the rest of a kept
# answer: the outcome is kept per header.
_negotiated = lru_cache(maxsize=256)(_negotiate)


def _problem(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if _wants(request) != _HTML:
        body = {"code": code, "message": message, "errors": {}, "status": status}
        response: HttpResponse = JsonResponse(
            body, status=status, content_type=_PROBLEM, json_dumps_params={"ensure_ascii": False}
        )
    else:
        context = {"status": status, "message": message, "path": request.path}
        response = render(request, "traceability/consumer_error.html", context, status=status)
    response["Vary"] = "Accept, Cookie"
    return response


def _kept_as(link: DigitalLink, wants: str, request: HttpRequest) -> str:
    """How the memo may keep this answer: "page" (for anonymous visitors), "any" (the linkset),
    or "" (a link-type redirect, cheap and not worth the room; a page for a signed-in user)."""
    link_type = link.link_type
    if link_type in _LINKSET_TYPES or (link_type is None and wants != _HTML):
        return "any"
    if link_type is None and memo.may_share_page(request):
        return "page"
    return ""


class ResolverView(View):
    """Resolve a GTIN Digital Link (see the module's docstring)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, rest: str = "") -> HttpResponse:
        requested, wants, root = _requested(request), _wants(request), _root(request)
        key = memo.key_of(requested, wants, root)
        kept = memo.MEMO.get(key)
        if kept is not None and kept.serves(request):
            return kept.response(request)
        try:
            link = parse_digital_link(requested)
        except DigitalLinkError as error:
            return _problem(request, 400, error.code, str(error.message))
        if link.key != "01":  # only "/01/…" routes here; kept for a prefix before another key
            return _problem(
                request, 404, "unsupported_key", _("This resolver resolves GTINs only.")
            )
        resolved = selectors.resolve(link)
        if resolved is None:
            return _problem(
                request,
                404,
                "not_found",
                _("No product, batch or item with this code is registered with the province."),
            )
        kept_as = _kept_as(link, wants, request)
        response = self._answer(request, resolved, root + link.path, wants, bool(kept_as))
        if not kept_as:
            return response
        answer = memo.Answer.of(response, anonymous_only=kept_as == "page")
        memo.MEMO.put(key, answer, resolved.generation)
        return answer.response(request)

    def _answer(
        self,
        request: HttpRequest,
        resolved: selectors.Resolved,
        anchor: str,
        wants: str,
        kept: bool,
    ) -> HttpResponse:
        """The linkset, a redirect or the page; ``kept``: a page for the memo, with the CSRF
        token's placeholder."""
        links = selectors.product_links(resolved.product)
        link_type = resolved.link.link_type
        if link_type in _LINKSET_TYPES or (link_type is None and wants != _HTML):
            response = self._linkset(resolved, anchor, links, wants)
        elif link_type:
            response = self._redirect(resolved.link, anchor, links)
        else:
            response = self._page(request, resolved, anchor, links, kept)
        response["Link"] = linkset.link_header(f"{anchor}?linkType=linkset", anchor)
        response["Vary"] = "Accept, Cookie"
        return response

    def _linkset(
        self, resolved: selectors.Resolved, anchor: str, links: Any, wants: str
    ) -> HttpResponse:
        body = linkset.build_linkset(
            anchor=anchor,
            links=links,
            page=anchor,
            page_title=resolved.product.name,
            language="vi",
        )
        content_type = _JSON if wants == _JSON else linkset.LINKSET_TYPE
        return JsonResponse(
            body, content_type=content_type, json_dumps_params={"ensure_ascii": False}
        )

    def _redirect(self, link: DigitalLink, anchor: str, links: Any) -> HttpResponse:
        assert link.link_type is not None
        target = linkset.target_of(link.link_type, links, get_language() or "vi")
        target = target or linkset.default_link(links)
        href = linkset.absolute(target.href, anchor.split("/01/", 1)[0]) if target else anchor
        return redirect(href)

    def _page(
        self,
        request: HttpRequest,
        resolved: selectors.Resolved,
        anchor: str,
        links: Any,
        kept: bool,
    ) -> HttpResponse:
        origin = resolved.origin
        journey = journey_of(resolved)
        product = resolved.product
        root = anchor.split("/01/", 1)[0]
        english = (get_language() or "vi").startswith("en")
        context = {
            "resolved": resolved,
            "product": product,
            "product_name": product.name_en if english and product.name_en else product.name,
            "enterprise": product.enterprise,
            "batch": resolved.batch,
            "serial": resolved.serial,
            "origin": origin,
            "journey": journey,
            "links": [link for link in links if linkset.absolute(link.href, root) != anchor],
            "anchor": anchor,
            "certifications": [c for c in product.certifications if isinstance(c, dict)],
        }
        if kept:  # each visitor's own token replaces it (memo.Answer.response)
            context["csrf_token"] = memo.CSRF_PLACEHOLDER
        return render(request, "traceability/consumer.html", context)


class ResolverDescriptionView(View):
    """``/.well-known/gs1resolver``: what this resolver resolves and how."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return JsonResponse(
            linkset.description(_root(request)), json_dumps_params={"ensure_ascii": False}
        )


class PublicImageView(View):
    """The image of a product with a GTIN, to anyone: the consumer page shows it. The path
    (``/01/{gtin}/image``) is never a well-formed Digital Link, so it cannot hide one."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, gtin: str) -> FileResponse:
        product = selectors.public_image_product(gtin)
        if product is None:
            raise Http404
        return image_response(product, public=True)
