"""Conversion between EPC URIs (GS1 EPC Tag Data Standard 2.x, "EPC URI") and GS1 Digital
Link URIs, so that an identifier matches whichever way an EPCIS document writes it.

- :func:`canonical_digital_link` — any GS1 identifier (EPC URN, EPC class URN, class-level
  ``idpat``, or a Digital Link on any host) to ``https://id.gs1.org/…``; anything else is
  returned unchanged. Never raises. Called for every EPC of every captured event: cached.
- :func:`digital_link_of` — the same, strictly: a :class:`DigitalLink`, None for a non-GS1
  identifier, :class:`IdentifierError` for a malformed GS1 one.
- :func:`epc_urn` — a Digital Link to its EPC URN; needs the GS1 Company Prefix length.

EPC URI schemes: sgtin, sscc, sgln, grai, giai, gsrn, gsrnp, gdti, cpi, sgcn, ginc, gsin, itip,
upui, pgln; ``urn:epc:class:lgtin``; ``urn:epc:idpat:{sgtin,itip,grai,gdti,sgcn,cpi}`` with only
the serial part wildcarded (the class-level keys of EPCIS 2.0 epcClass).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from django.utils.translation import gettext as _

from .digital_link import (
    CANONICAL_BASE,
    DigitalLink,
    DigitalLinkError,
    encode_value,
    parse_digital_link,
)
from .epc_uri import IdentifierError, escape_component, parse_epc_uri
from .keys import GS1KeyError, check_digit, company_prefix_length, is_digits

__all__ = [
    "CANONICAL_BASE",
    "IdentifierError",
    "canonical_digital_link",
    "digital_link_of",
    "epc_urn",
]

_PLAIN = re.compile(r"[0-9A-Za-z_.-]*")
_PLAIN_SGTIN = re.compile(r"urn:epc:id:sgtin:([0-9]{6,12})\.([0-9]{1,7})\.([0-9A-Za-z_.-]{1,20})")


def _error(code: str, message: str) -> IdentifierError:
    return IdentifierError(code, message)


# -- EPC URI -> Digital Link --------------------------------------------------------------------


@lru_cache(maxsize=8192)  # hits: read points, locations, classes; ~2 MB
def canonical_digital_link(identifier: str) -> str:
    """Canonical ``https://id.gs1.org/…`` Digital Link of a GS1 identifier (EPC URN or any
    Digital Link): GTIN as 14 digits, key qualifiers in standard order, no query string.
    A non-GS1 identifier (``urn:uuid:…``, a plain URL, ``urn:epc:id:gid:…``) or a malformed
    GS1 one is returned unchanged."""
    if identifier.startswith("urn:epc:"):
        fast = _PLAIN_SGTIN.fullmatch(identifier)  # the common case, in one regex
        if fast is not None and len(fast[1]) + len(fast[2]) == 13:
            gcp, item, serial = fast.groups()
            body = item[0] + gcp + item[1:]
            return f"{CANONICAL_BASE}/01/{body}{check_digit(body)}/21/{serial}"
        try:
            converted = parse_epc_uri(identifier)
        except GS1KeyError:
            return identifier
        return identifier if converted is None else _canonical(*converted)
    if identifier.startswith(("https://", "http://")):
        try:
            return parse_digital_link(identifier, strict_order=False).canonical
        except GS1KeyError:
            return identifier
    return identifier


def digital_link_of(identifier: str) -> DigitalLink | None:
    """The Digital Link of a GS1 identifier; None when it is not a GS1 identifier at all;
    IdentifierError (or DigitalLinkError) when it is one but malformed."""
    if identifier.startswith("urn:epc:"):
        converted = parse_epc_uri(identifier)
        if converted is None:
            return None
        key, value, qualifiers = converted
        return DigitalLink(key=key, value=value, qualifiers=dict(qualifiers))
    if identifier.startswith(("https://", "http://", "/")):
        try:
            return parse_digital_link(identifier)
        except DigitalLinkError as error:
            if error.code in ("missing_key", "scheme"):
                return None
            raise
    return None


def _canonical(key: str, value: str, qualifiers: tuple[tuple[str, str], ...]) -> str:
    uri = f"{CANONICAL_BASE}/{key}/{_dl(value)}"
    for ai, qualifier in qualifiers:
        uri += f"/{ai}/{_dl(qualifier)}"
    return uri


def _dl(value: str) -> str:
    return value if _PLAIN.fullmatch(value) else encode_value(value)


# -- Digital Link -> EPC URI --------------------------------------------------------------------


def epc_urn(identifier: str, company_prefix_length: int | None = None) -> str | None:
    """The EPC URN of a GS1 identifier.

    - An EPC URN is returned as it is (after checking it when it is a GS1 scheme).
    - A Digital Link is converted (TDS 2.x): /01+/21 → sgtin (a lot or CPV beside the serial is
      dropped), /01+/235 → upui, /01+/10 → lgtin class, /01 alone → ``idpat:sgtin:…*``, and so
      on. The GS1 Company Prefix length splits the key: give it, or it is looked up in GS1's
      published GCP length table (bundled in biip).
    - None when the identifier is not GS1, has no EPC form (GMN, pay-to GLN, a CPV without a
      serial, a UIC extension, an SRIN) or the GCP length is not given and not published.
    - IdentifierError / DigitalLinkError when the identifier is a malformed GS1 one, or the
      GCP length given cannot fit the key.
    """
    if identifier.startswith("urn:epc:"):
        parse_epc_uri(identifier)
        return identifier
    link = digital_link_of(identifier)
    if link is None:
        return None
    builder = _EPC_BUILDERS.get(link.key)
    if builder is None:
        return None
    length = company_prefix_length
    if length is None:
        length = _published_gcp_length(link)
        if length is None:
            return None
    elif not 6 <= length <= 12:
        raise _error(
            "company_prefix_length",
            _("A GS1 Company Prefix is 6 to 12 digits long; got %(length)d.") % {"length": length},
        )
    return builder(link, length)


def _gcp_digits(link: DigitalLink) -> str:
    """The digits of the key that start with the GS1 Company Prefix."""
    if link.key in ("01", "8006", "00", "8003"):  # indicator, extension or filler digit first
        return link.value[1:]
    return link.value


def _published_gcp_length(link: DigitalLink) -> int | None:
    return company_prefix_length(_gcp_digits(link))


def _split_gcp(link: DigitalLink, length: int, numeric_length: int) -> tuple[str, str]:
    digits = _gcp_digits(link)
    gcp = digits[:length]
    if len(gcp) < length or not is_digits(gcp) or length > numeric_length:
        raise _error(
            "company_prefix_length",
            _("A GS1 Company Prefix of %(length)d digits does not fit the %(key)s '%(value)s'.")
            % {"length": length, "key": f"({link.key})", "value": link.value},
        )
    return gcp, digits[length:numeric_length]


def _escape(value: str) -> str:
    return escape_component(value)


def _epc_gtin_like(link: DigitalLink, length: int) -> str:
    gcp, item = _split_gcp(link, length, 12)
    return f"{gcp}.{link.value[0]}{item}"


def _epc_from_gtin(link: DigitalLink, length: int) -> str | None:
    q = link.qualifiers
    head = _epc_gtin_like(link, length)
    if "21" in q:
        return f"urn:epc:id:sgtin:{head}.{_escape(q['21'])}"
    if "235" in q:
        return f"urn:epc:id:upui:{head}.{_escape(q['235'])}"
    if "22" in q:
        return None
    if "10" in q:
        return f"urn:epc:class:lgtin:{head}.{_escape(q['10'])}"
    return f"urn:epc:idpat:sgtin:{head}.*"


def _epc_from_itip(link: DigitalLink, length: int) -> str | None:
    q = link.qualifiers
    head = f"{_epc_gtin_like(link, length)}.{link.value[14:16]}.{link.value[16:18]}"
    if "21" in q:
        return f"urn:epc:id:itip:{head}.{_escape(q['21'])}"
    if q:
        return None
    return f"urn:epc:idpat:itip:{head}.*"


def _epc_from_sscc(link: DigitalLink, length: int) -> str:
    gcp, rest = _split_gcp(link, length, 16)
    return f"urn:epc:id:sscc:{gcp}.{link.value[0]}{rest}"


def _epc_from_gln(link: DigitalLink, length: int) -> str | None:
    if "7040" in link.qualifiers:
        return None
    gcp, location = _split_gcp(link, length, 12)
    if link.key == "417":
        return f"urn:epc:id:pgln:{gcp}.{location}"
    extension = link.qualifiers.get("254", "0")
    return f"urn:epc:id:sgln:{gcp}.{location}.{_escape(extension)}"


def _epc_with_serial(
    scheme: str, numeric: int, serial_from: int
) -> Callable[[DigitalLink, int], str]:
    def build(link: DigitalLink, length: int) -> str:
        gcp, reference = _split_gcp(link, length, numeric)
        serial = link.value[serial_from:]
        if serial:
            return f"urn:epc:id:{scheme}:{gcp}.{reference}.{_escape(serial)}"
        return f"urn:epc:idpat:{scheme}:{gcp}.{reference}.*"

    return build


def _epc_plain(scheme: str, numeric: int) -> Callable[[DigitalLink, int], str | None]:
    def build(link: DigitalLink, length: int) -> str | None:
        if link.qualifiers:  # a UIC extension (7040) or an SRIN (8019): no EPC form
            return None
        gcp, reference = _split_gcp(link, length, numeric)
        return f"urn:epc:id:{scheme}:{gcp}.{reference}"

    return build


def _epc_alnum(scheme: str) -> Callable[[DigitalLink, int], str | None]:
    def build(link: DigitalLink, length: int) -> str | None:
        if link.qualifiers:
            return None
        gcp, _reference = _split_gcp(link, length, len(link.value))
        return f"urn:epc:id:{scheme}:{gcp}.{_escape(link.value[length:])}"

    return build


def _epc_from_cpid(link: DigitalLink, length: int) -> str:
    gcp, _reference = _split_gcp(link, length, len(link.value))
    head = f"{gcp}.{escape_component(link.value[length:], cpi=True)}"
    if "8011" in link.qualifiers:
        return f"urn:epc:id:cpi:{head}.{link.qualifiers['8011']}"
    return f"urn:epc:idpat:cpi:{head}.*"


_EPC_BUILDERS: dict[str, Callable[[DigitalLink, int], str | None]] = {
    "01": _epc_from_gtin,
    "8006": _epc_from_itip,
    "00": _epc_from_sscc,
    "414": _epc_from_gln,
    "417": _epc_from_gln,
    "8003": _epc_with_serial("grai", 12, 14),
    "253": _epc_with_serial("gdti", 12, 13),
    "255": _epc_with_serial("sgcn", 12, 13),
    "8004": _epc_alnum("giai"),
    "401": _epc_alnum("ginc"),
    "8018": _epc_plain("gsrn", 17),
    "8017": _epc_plain("gsrnp", 17),
    "402": _epc_plain("gsin", 16),
    "8010": _epc_from_cpid,
}
