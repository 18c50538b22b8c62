"""Reading EPC URIs (GS1 EPC Tag Data Standard 2.x, section "EPC URI") into GS1 keys.

:func:`parse_epc_uri` turns ``urn:epc:id:sgtin:0614141.812345.6789`` into the primary key AI,
its value and its key qualifiers (``("01", "80614141123458", (("21", "6789"),))``), checking
each field as the TDS grammar says, or raises :class:`IdentifierError` naming what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from .keys import GS1KeyError, check_digit, is_digits

Qualifiers = tuple[tuple[str, str], ...]
Converted = tuple[str, str, Qualifiers]  # primary key AI, its value, key qualifiers

# One EPC URI component: characters of GS1 set 82, with the seven TDS escapes (§ "EPC URI").
_EPC_COMPONENT = re.compile(r"(?:[!'()*+,\-.0-9:;=A-Z_a-z]|%(?:22|25|26|2[Ff]|3[CcEeFf]))+")
_CPI_COMPONENT = re.compile(r"(?:[\-0-9A-Z]|%(?:23|2[Ff]))*")  # GS1 set 39, escaped
_PLAIN = re.compile(r"[0-9A-Za-z_.-]*")
_UNESCAPE = {
    "%22": '"',
    "%25": "%",
    "%26": "&",
    "%2F": "/",
    "%3C": "<",
    "%3E": ">",
    "%3F": "?",
    "%23": "#",
}
_ESCAPE = {"%": "%25", '"': "%22", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F"}
_ESCAPE_CPI = {"#": "%23", "/": "%2F"}


class IdentifierError(GS1KeyError):
    """A GS1 EPC URI or Digital Link that does not follow its standard; ``message`` says why."""


def _error(code: str, message: str) -> IdentifierError:
    return IdentifierError(code, message)


def parse_epc_uri(urn: str) -> Converted | None:
    """The key, value and qualifiers of a GS1 EPC URI; None for a non-GS1 EPC scheme."""
    if not urn.startswith("urn:epc:"):
        return None
    kind, _sep, rest = urn[8:].partition(":")
    scheme, _sep, body = rest.partition(":")
    converter = _CONVERTERS.get((kind, scheme))
    if converter is None:
        return None  # not a GS1 key scheme (gid, usdod, adi, bic, imovn…)
    return converter(body)


def _fields(scheme: str, body: str, count: int) -> list[str]:
    """Split the fields; the last one (a serial, an extension…) may itself contain dots."""
    parts = body.split(".", count - 1)
    if len(parts) != count:
        raise _error(
            "fields",
            _(
                "A %(scheme)s EPC URI has %(count)d dot-separated fields after the scheme; "
                "got %(actual)d."
            )
            % {"scheme": scheme, "count": count, "actual": len(parts)},
        )
    return parts


def _numeric(scheme: str, gcp: str, reference: str, total: int) -> str:
    """GS1 Company Prefix + reference, all digits, of the standard total length."""
    if not (is_digits(gcp) and 6 <= len(gcp) <= 12):
        raise _error(
            "company_prefix",
            _(
                "The GS1 Company Prefix of a %(scheme)s EPC URI must be 6 to 12 digits; "
                "got '%(value)s'."
            )
            % {"scheme": scheme, "value": gcp},
        )
    if len(gcp) + len(reference) != total or (reference and not is_digits(reference)):
        raise _error(
            "reference",
            _(
                "In a %(scheme)s EPC URI the GS1 Company Prefix and the next field must be "
                "%(total)d digits together; got '%(gcp)s.%(reference)s'."
            )
            % {"scheme": scheme, "total": total, "gcp": gcp, "reference": reference},
        )
    return gcp + reference


def _component(scheme: str, raw: str, max_length: int) -> str:
    """Decode one escaped EPC URI component and check its length."""
    if _PLAIN.fullmatch(raw) and raw:
        value = raw
    elif _EPC_COMPONENT.fullmatch(raw):
        value = re.sub(r"%[0-9A-Fa-f]{2}", lambda m: _UNESCAPE[m.group(0).upper()], raw)
    else:
        raise _error(
            "component",
            _(
                "'%(value)s' is not a valid %(scheme)s EPC URI component: it must be 1 or more "
                'characters of GS1 set 82, with " %% & / < > ? written as %%22 %%25 %%26 %%2F '
                "%%3C %%3E %%3F."
            )
            % {"value": raw, "scheme": scheme},
        )
    if len(value) > max_length:
        raise _error(
            "too_long",
            _("A %(scheme)s EPC URI component is at most %(max)d characters; got %(length)d.")
            % {"scheme": scheme, "max": max_length, "length": len(value)},
        )
    return value


def _with_check(digits: str) -> str:
    return digits + check_digit(digits)


def _gtin(scheme: str, gcp: str, indicator_item: str) -> str:
    _numeric(scheme, gcp, indicator_item, 13)
    return _with_check(indicator_item[0] + gcp + indicator_item[1:])


def _sgtin(body: str) -> Converted:
    p = _fields("sgtin", body, 3)
    return "01", _gtin("sgtin", p[0], p[1]), (("21", _component("sgtin", p[2], 20)),)


def _lgtin(body: str) -> Converted:
    p = _fields("lgtin", body, 3)
    return "01", _gtin("lgtin", p[0], p[1]), (("10", _component("lgtin", p[2], 20)),)


def _upui(body: str) -> Converted:
    p = _fields("upui", body, 3)
    return "01", _gtin("upui", p[0], p[1]), (("235", _component("upui", p[2], 28)),)


def _wildcard(scheme: str, body: str, count: int) -> list[str]:
    parts = _fields(scheme, body, count)
    if parts[-1] != "*":
        raise _error(
            "pattern",
            _("Only the last field of a %(scheme)s EPC pattern may be '*'.") % {"scheme": scheme},
        )
    return parts


def _sgtin_class(body: str) -> Converted:
    p = _wildcard("sgtin", body, 3)
    return "01", _gtin("sgtin", p[0], p[1]), ()


def _sscc(body: str) -> Converted:
    p = _fields("sscc", body, 2)
    _numeric("sscc", p[0], p[1], 17)
    return "00", _with_check(p[1][0] + p[0] + p[1][1:]), ()


def _sgln(body: str) -> Converted:
    p = _fields("sgln", body, 3)
    gln = _with_check(_numeric("sgln", p[0], p[1], 12))
    if p[2] == "0":  # TDS: extension "0" means the GLN has no extension
        return "414", gln, ()
    return "414", gln, (("254", _component("sgln", p[2], 20)),)


def _pgln(body: str) -> Converted:
    p = _fields("pgln", body, 2)
    return "417", _with_check(_numeric("pgln", p[0], p[1], 12)), ()


def _grai_head(scheme: str, p: list[str]) -> str:
    return "0" + _with_check(_numeric(scheme, p[0], p[1], 12))


def _grai(body: str) -> Converted:
    p = _fields("grai", body, 3)
    return "8003", _grai_head("grai", p) + _component("grai", p[2], 16), ()


def _grai_class(body: str) -> Converted:
    p = _wildcard("grai", body, 3)
    return "8003", _grai_head("grai", p), ()


def _gdti(body: str) -> Converted:
    p = _fields("gdti", body, 3)
    head = _with_check(_numeric("gdti", p[0], p[1], 12))
    return "253", head + _component("gdti", p[2], 17), ()


def _gdti_class(body: str) -> Converted:
    p = _wildcard("gdti", body, 3)
    return "253", _with_check(_numeric("gdti", p[0], p[1], 12)), ()


def _sgcn_serial(raw: str) -> str:
    if not (is_digits(raw) and len(raw) <= 12):
        raise _error(
            "serial",
            _("The serial component of an sgcn EPC URI is 1 to 12 digits; got '%(value)s'.")
            % {"value": raw},
        )
    return raw


def _sgcn(body: str) -> Converted:
    p = _fields("sgcn", body, 3)
    head = _with_check(_numeric("sgcn", p[0], p[1], 12))
    return "255", head + _sgcn_serial(p[2]), ()


def _sgcn_class(body: str) -> Converted:
    p = _wildcard("sgcn", body, 3)
    return "255", _with_check(_numeric("sgcn", p[0], p[1], 12)), ()


def _alnum_key(scheme: str, ai: str, body: str, max_length: int) -> Converted:
    p = _fields(scheme, body, 2)
    _numeric(scheme, p[0], "", len(p[0]))
    reference = _component(scheme, p[1], max_length - len(p[0])) if p[1] else ""
    return ai, p[0] + reference, ()


def _giai(body: str) -> Converted:
    return _alnum_key("giai", "8004", body, 30)


def _ginc(body: str) -> Converted:
    return _alnum_key("ginc", "401", body, 30)


def _gsrn(body: str) -> Converted:
    p = _fields("gsrn", body, 2)
    return "8018", _with_check(_numeric("gsrn", p[0], p[1], 17)), ()


def _gsrnp(body: str) -> Converted:
    p = _fields("gsrnp", body, 2)
    return "8017", _with_check(_numeric("gsrnp", p[0], p[1], 17)), ()


def _gsin(body: str) -> Converted:
    p = _fields("gsin", body, 2)
    return "402", _with_check(_numeric("gsin", p[0], p[1], 16)), ()


def _cpid(p: list[str]) -> str:
    _numeric("cpi", p[0], "", len(p[0]))
    if not _CPI_COMPONENT.fullmatch(p[1]):
        raise _error(
            "component",
            _(
                "'%(value)s' is not a valid cpi component/part reference: digits, capital "
                "letters and '-', with # and / written as %%23 and %%2F."
            )
            % {"value": p[1]},
        )
    reference = re.sub(r"%[0-9A-Fa-f]{2}", lambda m: _UNESCAPE[m.group(0).upper()], p[1])
    if len(p[0]) + len(reference) > 30:
        raise _error(
            "too_long",
            _("A CPID is at most 30 characters; got %(length)d.")
            % {"length": len(p[0]) + len(reference)},
        )
    return p[0] + reference


def _cpi(body: str) -> Converted:
    p = _fields("cpi", body, 3)
    serial = p[2]
    if not (is_digits(serial) and len(serial) <= 12 and (serial == "0" or serial[0] != "0")):
        raise _error(
            "serial",
            _(
                "The serial of a cpi EPC URI is 1 to 12 digits without leading zeros; "
                "got '%(value)s'."
            )
            % {"value": serial},
        )
    return "8010", _cpid(p), (("8011", serial),)


def _cpi_class(body: str) -> Converted:
    p = _wildcard("cpi", body, 3)
    return "8010", _cpid(p), ()


def _itip_value(p: list[str]) -> str:
    gtin = _gtin("itip", p[0], p[1])
    piece, total = p[2], p[3]
    if not (is_digits(piece + total) and len(piece) == 2 and len(total) == 2):
        raise _error(
            "piece",
            _(
                "The piece and total fields of an itip EPC URI are 2 digits each; "
                "got '%(piece)s.%(total)s'."
            )
            % {"piece": piece, "total": total},
        )
    return gtin + piece + total


def _itip(body: str) -> Converted:
    p = _fields("itip", body, 5)
    return "8006", _itip_value(p), (("21", _component("itip", p[4], 20)),)


def _itip_class(body: str) -> Converted:
    p = _wildcard("itip", body, 5)
    return "8006", _itip_value(p), ()


_CONVERTERS: dict[tuple[str, str], Callable[[str], Converted]] = {
    ("id", "sgtin"): _sgtin,
    ("id", "sscc"): _sscc,
    ("id", "sgln"): _sgln,
    ("id", "grai"): _grai,
    ("id", "giai"): _giai,
    ("id", "gsrn"): _gsrn,
    ("id", "gsrnp"): _gsrnp,
    ("id", "gdti"): _gdti,
    ("id", "cpi"): _cpi,
    ("id", "sgcn"): _sgcn,
    ("id", "ginc"): _ginc,
    ("id", "gsin"): _gsin,
    ("id", "itip"): _itip,
    ("id", "upui"): _upui,
    ("id", "pgln"): _pgln,
    ("class", "lgtin"): _lgtin,
    ("idpat", "sgtin"): _sgtin_class,
    ("idpat", "itip"): _itip_class,
    ("idpat", "grai"): _grai_class,
    ("idpat", "gdti"): _gdti_class,
    ("idpat", "sgcn"): _sgcn_class,
    ("idpat", "cpi"): _cpi_class,
}


def escape_component(value: str, *, cpi: bool = False) -> str:
    """Write a key component for an EPC URI, with the TDS escapes (set 39 ones for a CPI)."""
    table = _ESCAPE_CPI if cpi else _ESCAPE
    return "".join(table.get(char, char) for char in value)
