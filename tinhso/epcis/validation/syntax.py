"""Lexical rules of the EPCIS 2.0 JSON binding: URIs, timestamps, offsets and JSON-LD prefixes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .vocabulary import STANDARD_PREFIXES

# RFC 3986 absolute URI: a scheme, a colon and something after it, no white space.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+\Z")
# xsd:dateTimeStamp in the extended ISO 8601 form, the time zone being mandatory.
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)\Z")
# eventTimeZoneOffset: -14:00 .. +14:00 (EPCIS 2.0 section 7.3.6, the official schema's pattern).
_OFFSET = re.compile(r"[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)\Z")
_VERSION = re.compile(r"\d+(?:\.\d+)*\Z")
_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")


def is_uri(value: object) -> bool:
    """Whether the value is a string holding an absolute URI."""
    return isinstance(value, str) and _URI.match(value) is not None


def is_timestamp(value: object) -> bool:
    """Whether the value is an xsd:dateTimeStamp (date, time and time zone) that exists."""
    if not isinstance(value, str) or _TIMESTAMP.match(value) is None:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_offset(value: object) -> bool:
    """Whether the value is a time zone offset such as +07:00."""
    return isinstance(value, str) and _OFFSET.match(value) is not None


def is_version(value: object) -> bool:
    """Whether the value is a dotted version number such as 2.0."""
    return isinstance(value, str) and _VERSION.match(value) is not None


def context_prefixes(context: Any, inherited: dict[str, str] | None = None) -> dict[str, str]:
    """The prefixes a JSON-LD ``@context`` declares, on top of the inherited ones.

    Strings in the context are remote contexts (the EPCIS one brings the standard prefixes);
    objects map a prefix to its namespace IRI. Terms whose value is not an IRI string are
    ignored: they are term definitions, not prefixes.
    """
    prefixes = dict(STANDARD_PREFIXES if inherited is None else inherited)
    entries = context if isinstance(context, list) else [context]
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for name, iri in entry.items():
            if isinstance(name, str) and isinstance(iri, str) and _PREFIX.match(name):
                prefixes[name] = iri
    return prefixes


def is_namespaced(key: str, prefixes: dict[str, str]) -> bool:
    """Whether a field name is a user extension: a CURIE with a declared prefix or a full URI."""
    prefix, colon, rest = key.partition(":")
    if not colon or not rest:
        return False
    if prefix in prefixes:
        return True
    return rest.startswith("//") or prefix == "urn"
