"""GS1 Application Identifiers as the GS1 Digital Link URI syntax uses them.

The format and pattern of every AI come from biip's bundled AI table (itself generated from
the GS1 General Specifications). This module adds what the Digital Link standard (URI syntax
1.2+, its ABNF grammar) says on top: which AIs are primary keys, which key qualifiers each key
takes and in which order, the deprecated short names ("gtin", "lot", "ser", "exp"…) and where
the check digit of each AI sits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier

# GS1 AI encodable character set 82 (GS1 General Specifications §7.11, figure 7.11-1).
CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
# GS1 AI encodable character set 39 (used by the CPID, AI 8010).
CSET39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Role(StrEnum):
    """Where an AI may stand in a Digital Link URI."""

    PRIMARY_KEY = "primary_key"
    QUALIFIER = "qualifier"
    ATTRIBUTE = "attribute"


# Primary key AI -> the key-qualifier paths the grammar allows after it. Each tuple is one
# path; every element in it is optional but they must keep that order, and paths do not mix.
PRIMARY_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "01": (("22", "10", "21"), ("235",)),  # GTIN; (01)+(235) is the UPUI
    "8006": (("22", "10", "21"),),  # ITIP
    "8013": ((),),  # GMN
    "8010": (("8011",),),  # CPID [+ serial]
    "414": (("254",), ("7040",)),  # GLN of a physical location [+ extension | + UIC-ext]
    "415": (("8020",),),  # GLN of the invoicing party [+ payment reference]
    "417": (("7040",),),  # Party GLN [+ UIC-ext]
    "8017": (("8019",),),  # GSRN provider [+ SRIN]
    "8018": (("8019",),),  # GSRN recipient [+ SRIN]
    "255": ((),),  # GCN
    "00": ((),),  # SSCC
    "253": ((),),  # GDTI
    "401": ((),),  # GINC
    "402": ((),),  # GSIN
    "8003": ((),),  # GRAI
    "8004": (("7040",),),  # GIAI [+ UIC-ext]
}
QUALIFIERS: frozenset[str] = frozenset(
    code for paths in PRIMARY_KEYS.values() for path in paths for code in path
)

# Short names from Digital Link 1.0/1.1, deprecated since 1.2 but still accepted on input.
SHORT_NAMES: dict[str, str] = {
    "gtin": "01",
    "itip": "8006",
    "gmn": "8013",
    "cpid": "8010",
    "gln": "414",
    "payTo": "415",
    "party": "417",
    "gsrnp": "8017",
    "gsrn": "8018",
    "gcn": "255",
    "sscc": "00",
    "gdti": "253",
    "ginc": "401",
    "gsin": "402",
    "grai": "8003",
    "giai": "8004",
    "cpv": "22",
    "lot": "10",
    "ser": "21",
    "cpsn": "8011",
    "glnx": "254",
    "refno": "8020",
    "srin": "8019",
    "exp": "17",
    "expdt": "7003",
}

# AI -> number of leading digits of its value that end with a GS1 mod-10 check digit.
CHECK_DIGIT_SPAN: dict[str, int] = {
    "00": 18,
    "01": 14,
    "02": 14,
    "03": 14,
    "253": 13,
    "255": 13,
    "402": 17,
    "410": 13,
    "411": 13,
    "412": 13,
    "413": 13,
    "414": 13,
    "415": 13,
    "416": 13,
    "417": 13,
    "8003": 14,
    "8006": 14,
    "8017": 18,
    "8018": 18,
    "8026": 14,
}


@dataclass(frozen=True, slots=True)
class ApplicationIdentifier:
    """One GS1 AI: its code, titles, format and the compiled pattern of its value."""

    code: str
    title: str
    description: str
    format: str  # e.g. "N14", "X..20", "N13[+X..17]" (without the AI itself)
    pattern: re.Pattern[str]  # full match of the value (without the AI)
    check_digit_span: int | None

    @property
    def role(self) -> Role:
        """Primary key, key qualifier or data attribute (by the Digital Link grammar)."""
        if self.code in PRIMARY_KEYS:
            return Role.PRIMARY_KEY
        if self.code in QUALIFIERS:
            return Role.QUALIFIER
        return Role.ATTRIBUTE


@lru_cache(maxsize=1024)
def get_ai(code: str) -> ApplicationIdentifier | None:
    """Return the AI with exactly this code (digits, or a deprecated short name), else None."""
    code = SHORT_NAMES.get(code, code)
    if not (code.isascii() and code.isdigit() and 2 <= len(code) <= 4):
        return None
    try:
        found = GS1ApplicationIdentifier.extract(code)
    except ParseError:
        return None
    if found.ai != code:
        return None
    _, _, value_format = found.format.partition("+")
    # biip's pattern is "^<ai>(…)$"; drop the anchor and the AI to match the value alone.
    value_pattern = re.compile(found.pattern[1 + len(code) :].removesuffix("$"))
    return ApplicationIdentifier(
        code=code,
        title=found.data_title,
        description=found.description,
        format=value_format,
        pattern=value_pattern,
        check_digit_span=CHECK_DIGIT_SPAN.get(code),
    )


def resolve_code(name: str) -> str:
    """Map a deprecated short name ("lot") to its AI code ("10"); other names unchanged."""
    return SHORT_NAMES.get(name, name)
