"""Validation of GS1 identification keys (GS1 General Specifications §3 and §7.9).

Each ``validate_*`` function takes the key as written and returns its normal form (a GTIN as
14 digits) or raises :class:`GS1KeyError`, whose message says what is wrong: the length, a
character that is not allowed, or the check digit expected and found. Messages are English
msgids, translated by gettext.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from biip import ParseError
from biip.gs1_prefixes import GS1CompanyPrefix, GS1Prefix
from biip.gtin import Gtin
from django.utils.translation import gettext as _

from .ai import CSET39, CSET82

VIETNAM_PREFIX = "893"  # GS1 Prefix allocated to GS1 Vietnam
_CSET82 = frozenset(CSET82)
_CSET39 = frozenset(CSET39)
_CSET82_RE = re.compile("[" + re.escape(CSET82) + "]+")
_CSET39_RE = re.compile("[" + re.escape(CSET39) + "]+")
_DIGIT_CHARS = "0123456789"
_ASCII_ZERO = 48


class GS1KeyError(ValueError):
    """A GS1 key or AI value is malformed; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_digit(digits: str) -> str:
    """Return the GS1 mod-10 check digit of an ASCII digit string (GenSpecs §7.9.1)."""
    raw = digits.encode("ascii")
    odd = raw[-1::-2]  # rightmost digit and every second one to its left: weight 3
    even = raw[-2::-2]
    total = 3 * (sum(odd) - _ASCII_ZERO * len(odd)) + sum(even) - _ASCII_ZERO * len(even)
    return _DIGIT_CHARS[-total % 10]


def is_digits(value: str) -> bool:
    """True for a non-empty string of ASCII digits only."""
    return value.isascii() and value.isdigit()


# -- building blocks ---------------------------------------------------------------------------


def require_digits(key: str, value: str) -> None:
    """Raise unless ``value`` is a non-empty ASCII digit string."""
    if value.isascii() and value.isdigit():
        return
    if not value:
        raise GS1KeyError("empty", _("%(key)s is empty.") % {"key": key})
    for position, char in enumerate(value, start=1):
        if char not in _DIGIT_CHARS:
            raise GS1KeyError(
                "non_digit",
                _("%(key)s must contain only digits; found '%(char)s' at position %(position)d.")
                % {"key": key, "char": char, "position": position},
            )


def require_length(key: str, value: str, length: int) -> None:
    """Raise unless ``value`` has exactly ``length`` characters."""
    if len(value) != length:
        raise GS1KeyError(
            "length",
            _("%(key)s must be %(expected)d digits long; got %(length)d.")
            % {"key": key, "expected": length, "length": len(value)},
        )


def require_check_digit(key: str, digits: str) -> None:
    """Raise unless the last digit of ``digits`` is the check digit of the others."""
    expected = check_digit(digits[:-1])
    if digits[-1] != expected:
        raise GS1KeyError(
            "check_digit",
            _("%(key)s has a wrong check digit: expected %(expected)s, got %(actual)s.")
            % {"key": key, "expected": expected, "actual": digits[-1]},
        )


def require_charset(key: str, value: str, max_length: int, *, cset39: bool = False) -> None:
    """Raise unless ``value`` has 1..max_length characters of GS1 character set 82 (or 39)."""
    if 0 < len(value) <= max_length and (_CSET39_RE if cset39 else _CSET82_RE).fullmatch(value):
        return
    if not value:
        raise GS1KeyError("empty", _("%(key)s is empty.") % {"key": key})
    if len(value) > max_length:
        raise GS1KeyError(
            "too_long",
            _("%(key)s is too long: at most %(max)d characters, got %(length)d.")
            % {"key": key, "max": max_length, "length": len(value)},
        )
    allowed = _CSET39 if cset39 else _CSET82
    for position, char in enumerate(value, start=1):
        if char not in allowed:
            raise GS1KeyError(
                "charset",
                _(
                    "%(key)s contains '%(char)s' at position %(position)d, which is not allowed "
                    "(GS1 character set %(cset)s)."
                )
                % {"key": key, "char": char, "position": position, "cset": 39 if cset39 else 82},
            )


def _fixed_numeric(key: str, value: str, length: int) -> str:
    require_digits(key, value)
    require_length(key, value, length)
    require_check_digit(key, value)
    return value


def _numeric_then_serial(
    key: str, value: str, length: int, serial_max: int, *, numeric_serial: bool
) -> str:
    """Keys made of ``length`` digits ending in a check digit, then an optional serial part."""
    head, serial = value[:length], value[length:]
    require_digits(key, head)
    if len(head) < length:
        raise GS1KeyError(
            "length",
            _("%(key)s must start with %(expected)d digits; got %(length)d.")
            % {"key": key, "expected": length, "length": len(head)},
        )
    require_check_digit(key, head)
    if serial:
        serial_key = _("%(key)s serial component") % {"key": key}
        if numeric_serial:
            require_digits(serial_key, serial)
        require_charset(serial_key, serial, serial_max)
    return value


# -- the keys ----------------------------------------------------------------------------------


def validate_gtin(value: str) -> str:
    """Validate a GTIN-8/12/13/14 and return it as 14 digits."""
    key = "GTIN"
    require_digits(key, value)
    if len(value) not in (8, 12, 13, 14):
        raise GS1KeyError(
            "length",
            _("%(key)s must be 8, 12, 13 or 14 digits long; got %(length)d.")
            % {"key": key, "length": len(value)},
        )
    require_check_digit(key, value)
    return value.zfill(14)


def validate_gln(value: str, key: str = "GLN") -> str:
    """Validate a GLN (13 digits, check digit); also the party GLN (AI 417)."""
    return _fixed_numeric(key, value, 13)


def validate_sscc(value: str) -> str:
    """Validate an SSCC (18 digits, check digit)."""
    return _fixed_numeric("SSCC", value, 18)


def validate_gsrn(value: str, key: str = "GSRN") -> str:
    """Validate a GSRN, recipient (AI 8018) or provider (AI 8017): 18 digits, check digit."""
    return _fixed_numeric(key, value, 18)


def validate_gsin(value: str) -> str:
    """Validate a GSIN (17 digits, check digit)."""
    return _fixed_numeric("GSIN", value, 17)


def validate_grai(value: str) -> str:
    """Validate a GRAI (AI 8003): filler 0, 13 digits with check digit, serial up to 16."""
    if value[:1] != "0" and is_digits(value[:1]):
        raise GS1KeyError(
            "filler",
            _("GRAI must start with the filler digit 0; got %(digit)s.") % {"digit": value[:1]},
        )
    return _numeric_then_serial("GRAI", value, 14, 16, numeric_serial=False)


def validate_gdti(value: str) -> str:
    """Validate a GDTI (AI 253): 13 digits with check digit, then a serial of up to 17."""
    return _numeric_then_serial("GDTI", value, 13, 17, numeric_serial=False)


def validate_gcn(value: str) -> str:
    """Validate a GCN (AI 255): 13 digits with check digit, then up to 12 serial digits."""
    return _numeric_then_serial("GCN", value, 13, 12, numeric_serial=True)


def validate_itip(value: str) -> str:
    """Validate an ITIP (AI 8006): GTIN-14, then piece number and total count (2 digits each)."""
    key = "ITIP"
    require_digits(key, value)
    require_length(key, value, 18)
    require_check_digit(key, value[:14])
    piece, total = int(value[14:16]), int(value[16:18])
    if not 1 <= piece <= total:
        raise GS1KeyError(
            "piece",
            _("%(key)s piece number %(piece)02d must be between 01 and the total %(total)02d.")
            % {"key": key, "piece": piece, "total": total},
        )
    return value


def validate_giai(value: str) -> str:
    """Validate a GIAI (AI 8004): up to 30 characters of set 82."""
    require_charset("GIAI", value, 30)
    return value


def validate_ginc(value: str) -> str:
    """Validate a GINC (AI 401): up to 30 characters of set 82."""
    require_charset("GINC", value, 30)
    return value


def validate_cpid(value: str) -> str:
    """Validate a CPID (AI 8010): up to 30 characters of set 39."""
    require_charset("CPID", value, 30, cset39=True)
    return value


def validate_gmn(value: str) -> str:
    """Validate a GMN (AI 8013): up to 25 characters of set 82 (check pair not verified)."""
    require_charset("GMN", value, 25)
    return value


@dataclass(frozen=True, slots=True)
class KeyType:
    """A GS1 key: its name, its AI and its validator."""

    name: str
    ai: str
    validate: Callable[[str], str]


KEY_TYPES: dict[str, KeyType] = {
    kt.ai: kt
    for kt in (
        KeyType("GTIN", "01", validate_gtin),
        KeyType("SSCC", "00", validate_sscc),
        KeyType("GLN", "414", validate_gln),
        KeyType("PGLN", "417", lambda v: validate_gln(v, "Party GLN")),
        KeyType("Pay-to GLN", "415", lambda v: validate_gln(v, "Pay-to GLN")),
        KeyType("GRAI", "8003", validate_grai),
        KeyType("GIAI", "8004", validate_giai),
        KeyType("GSRN", "8018", validate_gsrn),
        KeyType("GSRNP", "8017", lambda v: validate_gsrn(v, "GSRN provider")),
        KeyType("GDTI", "253", validate_gdti),
        KeyType("GINC", "401", validate_ginc),
        KeyType("GSIN", "402", validate_gsin),
        KeyType("CPID", "8010", validate_cpid),
        KeyType("GCN", "255", validate_gcn),
        KeyType("ITIP", "8006", validate_itip),
        KeyType("GMN", "8013", validate_gmn),
    )
}


def validate_key(ai: str, value: str) -> str:
    """Validate the value of the primary-key AI ``ai``; return its normal form."""
    return KEY_TYPES[ai].validate(value)


# -- GTIN details for display (biip) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GtinInfo:
    """A valid GTIN with its GS1 prefix and, when GS1 publishes it, its company prefix."""

    gtin14: str
    format: int  # 8, 12, 13 or 14 after leading zeros are dropped
    prefix: str | None
    prefix_usage: str | None
    company_prefix: str | None

    @property
    def is_vietnamese(self) -> bool:
        """True when GS1 Vietnam (prefix 893) allocated this GTIN's number range."""
        return self.prefix == VIETNAM_PREFIX


def describe_gtin(value: str) -> GtinInfo:
    """Validate a GTIN and describe it (GS1 prefix, company prefix), for display."""
    gtin14 = validate_gtin(value)
    try:
        parsed = Gtin.parse(gtin14)
    except ParseError:  # pragma: no cover - validate_gtin already checked what biip checks
        parsed = None
    prefix = parsed.prefix if parsed else None
    company = parsed.company_prefix if parsed else None
    return GtinInfo(
        gtin14=gtin14,
        format=int(parsed.format) if parsed else 14,
        prefix=prefix.value if prefix else None,
        prefix_usage=prefix.usage if prefix else None,
        company_prefix=company.value if company else None,
    )


def gs1_prefix(digits: str) -> GS1Prefix | None:
    """The GS1 prefix (member organisation range) a GLN/GTIN-13/SSCC body starts with."""
    try:
        return GS1Prefix.extract(digits)
    except ParseError:
        return None


def company_prefix_length(digits: str) -> int | None:
    """Length of the GS1 Company Prefix at the start of ``digits``, from GS1's published
    GCP length table bundled in biip; None when GS1 does not publish it or it is not 6..12."""
    head = digits[:12]
    if not is_digits(head):
        return None
    try:
        found = GS1CompanyPrefix.extract(head)
    except ParseError:
        return None
    if found is None or not 6 <= len(found.value) <= 12:
        return None
    return len(found.value)
