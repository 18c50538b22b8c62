"""The resolver's answers in the GS1 Resolver standard's terms (GS1-Conformant Resolver 1.x):
the RFC 9264 linkset of a Digital Link, the ``Link`` header pointing at it, the target of a
requested link type, and the description at ``/.well-known/gs1resolver``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tinhso.traceability.choices import LinkType
from tinhso.traceability.models import ProductLink

GS1_VOC = "https://gs1.org/voc/"
LINKSET_TYPE = "application/linkset+json"
DEFAULT_LINK = "gs1:pip"
RESOLVER_NAME = "Tỉnh Số — GS1 Digital Link resolver"


def expand(link_type: str) -> str:
    """``gs1:pip`` → ``https://gs1.org/voc/pip``; a full URI stays as it is."""
    if link_type.startswith("gs1:"):
        return GS1_VOC + link_type[4:]
    return link_type


def compact(link_type: str) -> str:
    """``https://gs1.org/voc/pip`` (or http) → ``gs1:pip``; anything else as it is."""
    for stem in (GS1_VOC, "http://gs1.org/voc/"):
        if link_type.startswith(stem):
            return "gs1:" + link_type[len(stem) :]
    return link_type


def absolute(href: str, root: str) -> str:
    """A link's target made absolute on this site's root when it is a path."""
    return root.rstrip("/") + href if href.startswith("/") else href


def build_linkset(
    *, anchor: str, links: Sequence[ProductLink], page: str, page_title: str, language: str
) -> dict[str, Any]:
    """The linkset of one Digital Link: its links grouped by link type (full GS1 Web Vocabulary
    URIs as relation types, as RFC 9264 and the resolver standard write them), in the order the
    registry keeps them, and ``gs1:defaultLink`` — the product's default link, else the consumer
    page, which also stands as gs1:pip when the product has none."""
    root = anchor.split("/01/", 1)[0]
    entry: dict[str, Any] = {"anchor": anchor}
    default: dict[str, Any] | None = None
    for link in links:
        target: dict[str, Any] = {"href": absolute(link.href, root), "title": link.title}
        if link.language:
            target["hreflang"] = [link.language]
        if link.media_type:
            target["type"] = link.media_type
        entry.setdefault(expand(link.link_type), []).append(target)
        if link.is_default and default is None:
            default = target
    own = {"href": page, "title": page_title, "hreflang": [language], "type": "text/html"}
    pip = expand(LinkType.PIP)
    if pip not in entry:
        entry[pip] = [own]
    entry[GS1_VOC + "defaultLink"] = [default or own]
    return {"linkset": [entry]}


def link_header(linkset_url: str, anchor: str) -> str:
    """The ``Link`` header of every answer: where the linkset is, and the item it describes."""
    return f'<{linkset_url}>; rel="linkset"; type="{LINKSET_TYPE}", <{anchor}>; rel="owl:sameAs"'


def target_of(link_type: str, links: Sequence[ProductLink], language: str) -> ProductLink | None:
    """The link of ``link_type`` (CURIE or URI) to redirect to: the one in the reader's
    language, else the first; None when the product has none of that type."""
    wanted = compact(link_type)
    matching = [link for link in links if link.link_type == wanted]
    for link in matching:
        if link.language.split("-")[0] == language.split("-")[0]:
            return link
    return matching[0] if matching else None


def default_link(links: Sequence[ProductLink]) -> ProductLink | None:
    return next((link for link in links if link.is_default), None)


def description(root: str) -> dict[str, Any]:
    """The resolver description file (GS1-Conformant Resolver standard, section on
    ``/.well-known/gs1resolver``)."""
    return {
        "name": RESOLVER_NAME,
        "resolverRoot": root.rstrip("/"),
        "supportedPrimaryKeys": ["gtin"],
        "supportedLinkTypes": [
            {"namespace": GS1_VOC, "prefix": "gs1:", "profile": GS1_VOC + "?show=linktypes"}
        ],
        "linkTypeDefaultCanBeLinkset": True,
        "linkTypes": [expand(value) for value in LinkType.values],
        "supportedContextValuesEnumerated": [],
        "validatesGs1Keys": True,
        "contact": {"organization": "Tỉnh Số"},
    }
