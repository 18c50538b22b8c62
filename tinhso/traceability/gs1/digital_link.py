"""Parsing and building GS1 Digital Link URIs (GS1 Digital Link: URI Syntax, 1.2 and later).

A Digital Link URI is ``{scheme}://{host}{any path prefix}/{key AI}/{key}[/{qualifier AI}/
{qualifier}…][?{data attribute AI}={value}&…&linkType=…]``. The path is read from the right
in ``/{AI}/{value}`` pairs, so a path prefix may contain anything. :func:`parse_digital_link`
raises :class:`DigitalLinkError` naming exactly what is wrong; the resolver answers 400 with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from django.utils.translation import gettext as _

from .ai import PRIMARY_KEYS, ApplicationIdentifier, get_ai, resolve_code
from .keys import (
    GS1KeyError,
    check_digit,
    require_charset,
    require_check_digit,
    require_digits,
    require_length,
    validate_key,
)

CANONICAL_BASE = "https://id.gs1.org"
LINK_TYPE_PARAM = "linkType"
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")
_SIMPLE_FORMAT = re.compile(r"([NXY])(\.\.)?(\d+)")


class DigitalLinkError(GS1KeyError):
    """The URI is not a well-formed GS1 Digital Link; ``message`` says why."""


def encode_value(value: str) -> str:
    """Percent-encode an AI value for a Digital Link path or query (all but unreserved)."""
    if _UNRESERVED.fullmatch(value):
        return value
    return quote(value, safe="")


@dataclass(frozen=True)
class DigitalLink:
    """A parsed Digital Link: primary key, key qualifiers (in order), data attributes."""

    key: str  # the primary key AI, e.g. "01"
    value: str  # its value in normal form (a GTIN as 14 digits)
    qualifiers: dict[str, str] = field(default_factory=dict)  # AI -> value, standard order
    attributes: dict[str, str] = field(default_factory=dict)  # AI -> value, from the query
    link_type: str | None = None
    other_params: dict[str, str] = field(default_factory=dict)  # non-GS1 query parameters
    base: str = ""  # scheme, host and path prefix as written before the key ("" for a path)

    @property
    def path(self) -> str:
        """The AI path: ``/01/{gtin}/10/{lot}``, values percent-encoded."""
        parts = [f"/{self.key}/{encode_value(self.value)}"]
        parts.extend(f"/{ai}/{encode_value(value)}" for ai, value in self.qualifiers.items())
        return "".join(parts)

    @property
    def query(self) -> str:
        """The query string (without "?"): data attributes, other parameters, linkType."""
        pairs = [f"{ai}={encode_value(value)}" for ai, value in self.attributes.items()]
        pairs.extend(
            f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in self.other_params.items()
        )
        if self.link_type is not None:
            pairs.append(f"{LINK_TYPE_PARAM}={quote(self.link_type, safe=':/')}")
        return "&".join(pairs)

    def uri(self, base: str = CANONICAL_BASE, *, with_query: bool = True) -> str:
        """The URI on ``base`` (scheme, host and optional path prefix)."""
        uri = base.rstrip("/") + self.path
        query = self.query if with_query else ""
        return f"{uri}?{query}" if query else uri

    @property
    def canonical(self) -> str:
        """The canonical form: on id.gs1.org, numeric AIs, standard order, no query."""
        return CANONICAL_BASE + self.path


def parse_digital_link(uri_or_path: str, *, strict_order: bool = True) -> DigitalLink:
    """Parse a Digital Link URI (any host and path prefix) or a bare path such as
    ``/01/09506000134352/10/ABC``; raise DigitalLinkError saying exactly what is wrong.
    With ``strict_order=False`` key qualifiers out of the standard's order are put in order
    instead of rejected (for matching identifiers; the resolver stays strict)."""
    base, path, query = _split(uri_or_path)
    segments = path.split("/")[1:] if path.startswith("/") else path.split("/")
    if segments and segments[-1] == "":
        segments.pop()  # a trailing slash
    start = _find_primary_key(segments)
    key = resolve_code(segments[start])
    value = _decode(segments[start + 1])
    try:
        value = validate_key(key, value)
    except GS1KeyError as error:
        raise DigitalLinkError(error.code, error.message) from error
    qualifiers = _parse_qualifiers(key, segments[start + 2 :], strict_order)
    attributes, link_type, other = _parse_query(query, {key, *qualifiers})
    prefix = "/".join(segments[:start])
    return DigitalLink(
        key=key,
        value=value,
        qualifiers=qualifiers,
        attributes=attributes,
        link_type=link_type,
        other_params=other,
        base=base + ("/" + prefix if prefix else ""),
    )


def _split(uri: str) -> tuple[str, str, str]:
    """(scheme://host, path, query) — the fragment is dropped."""
    uri = uri.partition("#")[0]
    location, _sep, query = uri.partition("?")
    base = ""
    if "://" in location:
        scheme, _sep, rest = location.partition("://")
        host, slash, path = rest.partition("/")
        if scheme.lower() not in ("http", "https") or not host:
            raise DigitalLinkError(
                "scheme", _("A GS1 Digital Link URI must be an http or https URI with a host.")
            )
        base, location = f"{scheme}://{host}", slash + path
    return base, location, query


def _find_primary_key(segments: list[str]) -> int:
    """Index of the primary key AI: the right-most one followed by whole /AI/value pairs."""
    for start in range(len(segments) - 2, -1, -2):
        if resolve_code(segments[start]) in PRIMARY_KEYS:
            return start
    for segment in segments:
        if resolve_code(segment) in PRIMARY_KEYS:
            raise DigitalLinkError(
                "incomplete_path",
                _(
                    "The path after AI (%(ai)s) must be /{AI}/{value} pairs; "
                    "an AI or a value is missing."
                )
                % {"ai": resolve_code(segment)},
            )
    raise DigitalLinkError(
        "missing_key",
        _(
            "No GS1 primary key found: the path must end with /{AI}/{value} pairs starting "
            "with a primary key such as /01/{GTIN}."
        ),
    )


def _decode(segment: str) -> str:
    if not segment:
        raise DigitalLinkError("empty", _("An AI value in the path is empty."))
    if "%" not in segment:
        return segment
    try:
        return unquote(segment, errors="strict")
    except UnicodeDecodeError as error:
        raise DigitalLinkError(
            "encoding", _("'%(value)s' is not valid percent-encoded UTF-8.") % {"value": segment}
        ) from error


def _label(ai: str) -> str:
    return _("AI (%(ai)s)") % {"ai": ai}


def _parse_qualifiers(key: str, pairs: list[str], strict_order: bool) -> dict[str, str]:
    paths = PRIMARY_KEYS[key]
    allowed = [ai for path in paths for ai in path]
    qualifiers: dict[str, str] = {}
    for index in range(0, len(pairs), 2):
        ai = resolve_code(pairs[index])
        definition = get_ai(ai)
        if definition is None:
            raise DigitalLinkError(
                "unknown_ai",
                _("Unknown GS1 application identifier '%(ai)s' in the path.") % {"ai": ai},
            )
        if ai not in allowed:
            raise DigitalLinkError(
                "qualifier_not_allowed",
                _(
                    "AI (%(ai)s) is not a key qualifier of AI (%(key)s) and cannot be in the "
                    "path; allowed: %(allowed)s. Data attributes go in the query string."
                )
                % {"ai": ai, "key": key, "allowed": _ai_list(allowed)},
            )
        if ai in qualifiers:
            raise DigitalLinkError(
                "duplicate_ai", _("AI (%(ai)s) appears more than once.") % {"ai": ai}
            )
        path = next(p for p in paths if ai in p)
        if qualifiers:
            _check_order(key, path, list(qualifiers)[-1], ai, strict_order)
        qualifiers[ai] = validate_ai_value(definition, _decode(pairs[index + 1]))
    if not strict_order and qualifiers:
        path = next(p for p in paths if ai in p)
        return {code: qualifiers[code] for code in path if code in qualifiers}
    return qualifiers


def _check_order(key: str, path: tuple[str, ...], previous: str, ai: str, strict: bool) -> None:
    """Qualifiers come from one path of the key (always checked) in its order (if strict)."""
    if previous not in path:
        raise DigitalLinkError(
            "qualifiers_mixed",
            _("AI (%(ai)s) and AI (%(previous)s) cannot both qualify AI (%(key)s).")
            % {"ai": ai, "previous": previous, "key": key},
        )
    if strict and path.index(previous) > path.index(ai):
        raise DigitalLinkError(
            "qualifier_order",
            _(
                "Key qualifiers of AI (%(key)s) must be in the order %(order)s; "
                "(%(ai)s) came after (%(previous)s)."
            )
            % {"key": key, "order": _ai_list(path), "ai": ai, "previous": previous},
        )


def _ai_list(ais: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"({ai})" for ai in ais) if ais else _("none")


def _parse_query(
    query: str, in_path: set[str]
) -> tuple[dict[str, str], str | None, dict[str, str]]:
    attributes: dict[str, str] = {}
    other: dict[str, str] = {}
    link_type: str | None = None
    for part in re.split("[&;]", query) if query else ():
        if not part:
            continue
        raw_name, _sep, raw_value = part.partition("=")
        name = _decode(raw_name) if raw_name else ""
        value = _decode(raw_value) if raw_value else ""
        if name == LINK_TYPE_PARAM:
            link_type = value
            continue
        ai = resolve_code(name)
        if not (ai.isascii() and ai.isdigit()):
            other[name] = value
            continue
        definition = get_ai(ai)
        if definition is None:
            raise DigitalLinkError(
                "unknown_ai",
                _("Unknown GS1 application identifier '%(ai)s' in the query string.") % {"ai": ai},
            )
        if ai in in_path or ai in attributes:
            raise DigitalLinkError(
                "duplicate_ai", _("AI (%(ai)s) appears more than once.") % {"ai": ai}
            )
        attributes[ai] = validate_ai_value(definition, value)
    return attributes, link_type, other


def validate_ai_value(definition: ApplicationIdentifier, value: str) -> str:
    """Check a qualifier or attribute value against its AI's format and check digit."""
    if not definition.pattern.fullmatch(value):
        label = _label(definition.code)
        _explain_format(definition, label, value)
        raise DigitalLinkError(
            "format",
            _("'%(value)s' is not a valid value for %(label)s (format %(format)s).")
            % {"value": value, "label": label, "format": definition.format},
        )
    span = definition.check_digit_span
    if span and value[span - 1] != check_digit(value[: span - 1]):
        try:
            require_check_digit(_label(definition.code), value[:span])
        except GS1KeyError as error:
            raise DigitalLinkError(error.code, error.message) from error
    return value


def _explain_format(definition: ApplicationIdentifier, label: str, value: str) -> None:
    """Raise a precise message (length, digit, character) for single-part formats."""
    match = _SIMPLE_FORMAT.fullmatch(definition.format)
    if match is None:
        return
    kind, variable, size = match.group(1), bool(match.group(2)), int(match.group(3))
    try:
        if kind == "N":
            require_digits(label, value)
            if variable:
                require_charset(label, value, size)
            else:
                require_length(label, value, size)
        else:
            require_charset(label, value, size, cset39=kind == "Y")
    except GS1KeyError as error:
        raise DigitalLinkError(error.code, error.message) from error
