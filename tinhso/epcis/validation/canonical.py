"""Value normalisation of the CBV 2.0 event hash (section 8.9.2, rules 5 to 18).

Values are normalised through a cache: a capture of thousands of events repeats the same
business steps, locations, classes and transactions over and over.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from tinhso.traceability.gs1.identifiers import canonical_digital_link

from . import vocabulary as cbv
from .syntax import context_prefixes

# Namespaces of the standard prefixes as the CBV 2.0 vectors expand them: GS1 web vocabulary on
# ref.gs1.org (whatever a document declares for gs1), the CBV master data namespace without its
# trailing colon as in XML, unless a document declares it itself.
DEFAULT_NAMESPACES: dict[str, str] = {
    **cbv.STANDARD_PREFIXES,
    "gs1": cbv.GS1_VOC_WEB,
    "cbvmda": "urn:epcglobal:cbv:mda",
}
# Only CURIEs of GS1 namespaces are expanded in values; other CURIE-looking values may be
# identifiers in their own right and are kept as written.
_GS1_NAMESPACES = ("https://ref.gs1.org", "https://gs1.org")
_DEFAULT_GS1_PREFIXES = {
    prefix: iri for prefix, iri in DEFAULT_NAMESPACES.items() if iri.startswith(_GS1_NAMESPACES)
}

_CBV_URNS = (
    ("urn:epcglobal:cbv:bizstep:", cbv.CBV_WEB + "BizStep-"),
    ("urn:epcglobal:cbv:disp:", cbv.CBV_WEB + "Disp-"),
    ("urn:epcglobal:cbv:btt:", cbv.CBV_WEB + "BTT-"),
    ("urn:epcglobal:cbv:sdt:", cbv.CBV_WEB + "SDT-"),
    ("urn:epcglobal:cbv:er:", cbv.CBV_WEB + "ER-"),
)
_NUMBER_START = frozenset("0123456789+-.")
_DL_BASE = "https://id.gs1.org/"
# Rule 18: a constrained Digital Link keeps the finest level of identification only: these
# qualifiers, the first present winning (a serial over a lot), and no others.
_KEPT_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "01": ("21", "235", "10"),
    "8006": ("21", "10"),
    "414": ("254",),
    "8010": ("8011",),
}

Text = Callable[[Any], str]


class HashNamespaces:
    """The prefixes in scope for hashing an event: names for extension keys, and how values
    are read (the fast shared cache unless a document maps its own prefixes to GS1 terms)."""

    __slots__ = ("names", "text")

    def __init__(self, names: dict[str, str]) -> None:
        names["gs1"] = cbv.GS1_VOC_WEB
        self.names = names
        gs1 = {p: iri for p, iri in names.items() if iri.startswith(_GS1_NAMESPACES)}
        self.text: Text = canonical_value if gs1 == _DEFAULT_GS1_PREFIXES else _reader(gs1)

    @classmethod
    def of(cls, context: Any, inherited: HashNamespaces | None = None) -> HashNamespaces:
        """The namespaces of an ``@context`` on top of the inherited (else the standard) ones."""
        base = inherited.names if inherited is not None else DEFAULT_NAMESPACES
        return cls(context_prefixes(context, dict(base)))


def _reader(gs1: Mapping[str, str]) -> Text:
    def text(value: Any) -> str:
        if isinstance(value, str):
            prefix, colon, rest = value.partition(":")
            iri = gs1.get(prefix) if colon else None
            return _canonical(iri + rest if iri is not None else value)
        return canonical_value(value)

    return text


def canonical_value(value: Any) -> str:
    """The canonical text of a JSON value, standard prefixes only (rules 5-7, 14-18)."""
    if value.__class__ is str:
        return _canonical_string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return _canonical(str(value))
    return ""


@lru_cache(maxsize=32768)
def _canonical_string(value: str) -> str:
    prefix, colon, rest = value.partition(":")
    iri = _DEFAULT_GS1_PREFIXES.get(prefix) if colon else None
    return _canonical(iri + rest if iri is not None else value)


def _canonical(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    if text.startswith("urn:epcglobal:cbv:"):
        for urn, web in _CBV_URNS:
            text = text.replace(urn, web)
    if text[0] in _NUMBER_START:
        return _number(text)
    if text.startswith(("urn:epc:", "http")):
        return _digital_link(text)
    return text


def _number(text: str) -> str:
    """A number without trailing zeros, written as the reference implementation writes it."""
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    return str(int(number)) if number.is_integer() else str(number)


def _digital_link(text: str) -> str:
    """The constrained canonical GS1 Digital Link of an EPC URI or a Digital Link (rules 17-18)."""
    link = canonical_digital_link(text)
    if not link.startswith(_DL_BASE):
        return text
    parts = link[len(_DL_BASE) :].split("/")
    if len(parts) == 2:
        return link
    kept = _KEPT_QUALIFIERS.get(parts[0], ())
    if len(parts) == 4 and parts[2] in kept:
        return link
    if len(parts) % 2:
        return link
    qualifiers = dict(zip(parts[2::2], parts[3::2], strict=True))
    path = parts[:2]
    for ai in kept:
        if ai in qualifiers:
            path += [ai, qualifiers[ai]]
            break
    return _DL_BASE + "/".join(path)


def canonical_timestamp(value: Any) -> str:
    """A timestamp in UTC at millisecond precision, rounded half to even as the CBV 2.0 vectors
    round (rules 8 and 9); a value that is no timestamp stays as written."""
    if value.__class__ is not str:
        return ""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    offset = moment.utcoffset()
    if offset is None:
        return text
    moment = moment.replace(tzinfo=None) - offset
    micro = moment.microsecond
    if micro % 1000:
        moment += timedelta(microseconds=round(micro, -3) - micro)
    return moment.isoformat(timespec="milliseconds") + "Z"
