"""What of an event the repository indexes, and in which canonical form, so that a value
matches however a document or a query writes it.

- Identifiers (EPCs, parents, inputs, outputs, classes) and locations: the constrained canonical
  GS1 Digital Link of the CBV 2.0 event hash (``urn:epc:id:sgtin:0614141.107346.2017`` and
  ``https://example.com/01/10614141073464/21/2017`` are both
  ``https://id.gs1.org/01/10614141073464/21/2017``); a non-GS1 URI stays as written.
- Business steps and dispositions: the bare CBV word, whether written bare, as a URN
  (``urn:epcglobal:cbv:bizstep:shipping``), as a web URI (``https://ref.gs1.org/cbv/BizStep-
  shipping``) or as a CURIE (``cbv:BizStep-shipping``); any other value as its full URI.
- An EPC pattern (``urn:epc:idpat:sgtin:0614141.107346.*``, the serial part wildcarded) is its
  class; it matches the class and everything below it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tinhso.epcis.choices import IdentifierRole
from tinhso.epcis.validation import vocabulary as cbv
from tinhso.epcis.validation.canonical import canonical_value

# Indexed text longer than this is refused at capture (a B-tree entry has a size limit).
MAX_INDEXED_LENGTH = 500

# Roles as plain integers: rows go to the database as they are (COPY on PostgreSQL).
_PARENT = IdentifierRole.PARENT.value
_ID_LISTS = (
    ("epcList", IdentifierRole.EPC.value),
    ("childEPCs", IdentifierRole.CHILD.value),
    ("inputEPCList", IdentifierRole.INPUT.value),
    ("outputEPCList", IdentifierRole.OUTPUT.value),
)
_QUANTITY_LISTS = (
    ("quantityList", IdentifierRole.QUANTITY.value),
    ("childQuantityList", IdentifierRole.CHILD_QUANTITY.value),
    ("inputQuantityList", IdentifierRole.INPUT_QUANTITY.value),
    ("outputQuantityList", IdentifierRole.OUTPUT_QUANTITY.value),
)
# The event field each role's identifiers come from: to name the field in an error.
ROLE_FIELDS = {role: key for key, role in (*_ID_LISTS, *_QUANTITY_LISTS)} | {_PARENT: "parentID"}

_WEB_STEMS = (
    cbv.CBV_WEB,
    "http://ref.gs1.org/cbv/",
    "https://ns.gs1.org/cbv/",
    "http://ns.gs1.org/cbv/",
    "https://gs1.org/voc/",
    "http://gs1.org/voc/",
)
_PATTERN = "urn:epc:idpat:"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A CBV vocabulary: its bare words and the stems of its URN and web URI forms."""

    words: frozenset[str]
    urn: str
    web: str


BIZ_STEP = Vocabulary(cbv.BIZ_STEPS, "urn:epcglobal:cbv:bizstep:", "BizStep-")
DISPOSITION = Vocabulary(cbv.DISPOSITIONS, "urn:epcglobal:cbv:disp:", "Disp-")


def canonical_identifier(value: str) -> str:
    """The canonical form of an EPC, class, location or other identifier (cached)."""
    return canonical_value(value)


def is_pattern(value: str) -> bool:
    """Whether a query value is an EPC pattern (matches a class and what is below it)."""
    return value.startswith(_PATTERN)


def canonical_term(
    value: str, vocabulary: Vocabulary, prefixes: Mapping[str, str] | None = None
) -> str:
    """A business step or disposition: the bare CBV word for any form of a CBV value, else the
    value with its CURIE prefix expanded (``prefixes`` of the document, else the standard)."""
    if value in vocabulary.words:
        return value
    expanded = _expanded(value, prefixes if prefixes is not None else cbv.STANDARD_PREFIXES)
    word = ""
    if expanded.startswith(vocabulary.urn):
        word = expanded[len(vocabulary.urn) :]
    else:
        for stem in _WEB_STEMS:
            if expanded.startswith(stem + vocabulary.web):
                word = expanded[len(stem) + len(vocabulary.web) :]
                break
    return word if word in vocabulary.words else expanded


def _expanded(value: str, prefixes: Mapping[str, str]) -> str:
    prefix, colon, rest = value.partition(":")
    if not colon or rest.startswith("//") or prefix in ("urn", "http", "https"):
        return value
    namespace = prefixes.get(prefix)
    return namespace + rest if namespace is not None else value


def location_id(value: Any) -> str:
    """The canonical identifier of a readPoint or bizLocation object ("" when absent)."""
    if isinstance(value, dict):
        location = value.get("id")
        if isinstance(location, str):
            return canonical_identifier(location)
    return ""


def event_identifiers(event: Mapping[str, Any]) -> list[tuple[str, int]]:
    """Every identifier the event names with its role, canonical, each (identifier, role) once."""
    found: dict[tuple[str, int], None] = {}
    parent = event.get("parentID")
    if isinstance(parent, str):
        found[canonical_identifier(parent), _PARENT] = None
    for key, role in _ID_LISTS:
        values = event.get(key)
        if isinstance(values, list):
            for value in values:
                if isinstance(value, str):
                    found[canonical_identifier(value), role] = None
    for key, role in _QUANTITY_LISTS:
        elements = event.get(key)
        if isinstance(elements, list):
            for element in elements:
                epc_class = element.get("epcClass") if isinstance(element, dict) else None
                if isinstance(epc_class, str):
                    found[canonical_identifier(epc_class), role] = None
    return list(found)
