"""The EPCIS event hash ID of CBV 2.0 (section 8.9): ``ni:///sha-256;<hex>?ver=CBV2.0``.

The pre-hash string lists the event's fields in the canonical property order, each as
``name=value``, lists sorted, values normalised (see :mod:`.canonical`): timestamps to UTC with
milliseconds, numbers without trailing zeros, EPC URIs and Digital Links to constrained
canonical Digital Links on https://id.gs1.org, bare CBV words and GS1 CURIEs to web URIs, user
extension names to ``{namespace}localName``. What standard fields carry beyond their standard
content, then the event's user extensions, come last. Where CBV 2.0's text leaves a detail
open, this follows GS1's reference implementation (github.com/RalphTro/epcis-event-hash-generator)
and its published CBV 2.0 vectors, which the tests check; docs/adr/0008-epcis-validation.md
lists those choices.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from . import vocabulary as cbv
from .canonical import HashNamespaces, Text, canonical_timestamp

HASH_VERSION = "CBV2.0"

_STANDARD = HashNamespaces.of(None)


def _uris(words: frozenset[str], stem: str) -> dict[str, str]:
    return {word: stem + word for word in words}


_BIZ_STEPS = _uris(cbv.BIZ_STEPS, cbv.CBV_WEB + "BizStep-")
_DISPOSITIONS = _uris(cbv.DISPOSITIONS, cbv.CBV_WEB + "Disp-")
_TYPED_LISTS = (
    (
        "bizTransactionList",
        "bizTransaction",
        _uris(cbv.BIZ_TRANSACTION_TYPES, cbv.CBV_WEB + "BTT-"),
    ),
    ("sourceList", "source", _uris(cbv.SOURCE_DESTINATION_TYPES, cbv.CBV_WEB + "SDT-")),
    ("destinationList", "destination", _uris(cbv.SOURCE_DESTINATION_TYPES, cbv.CBV_WEB + "SDT-")),
)
_QUANTITY_LISTS = ("quantityList", "childQuantityList", "inputQuantityList")
_METADATA_ORDER = (
    "time",
    "startTime",
    "endTime",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "bizRules",
)
_REPORT_ORDER = (
    "type",
    "exception",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "time",
    "microorganism",
    "chemicalSubstance",
    "value",
    "component",
    "stringValue",
    "booleanValue",
    "hexBinaryValue",
    "uriValue",
    "minValue",
    "maxValue",
    "meanValue",
    "sDev",
    "percRank",
    "percValue",
    "uom",
    "coordinateReferenceSystem",
)
_TIME_KEYS = frozenset({"time", "startTime", "endTime"})
# Measurement and alert types expand into the GS1 web vocabulary, components into CBV.
_SENSOR_WORDS = {
    "type": _uris(cbv.MEASUREMENT_TYPES, cbv.GS1_VOC_WEB),
    "exception": _uris(cbv.SENSOR_ALERT_TYPES, cbv.GS1_VOC_WEB),
    "component": _uris(cbv.COMPONENTS, cbv.CBV_WEB + "Comp-"),
}
# Not hashed: what the repository records, the hash itself, and what CBV 2.0's canonical
# property order leaves out (certificationInfo, errorDeclaration, comments).
_NOT_HASHED = frozenset(
    {
        "@context",
        "type",
        "eventID",
        "recordTime",
        "certificationInfo",
        "errorDeclaration",
        "rdfs:comment",
        "comment",
    }
)
_HANDLED = _NOT_HASHED | {
    "eventTime",
    "eventTimeZoneOffset",
    "epcList",
    "parentID",
    "inputEPCList",
    "childEPCs",
    *_QUANTITY_LISTS,
    "outputEPCList",
    "outputQuantityList",
    "action",
    "transformationID",
    "bizStep",
    "disposition",
    "persistentDisposition",
    "readPoint",
    "bizLocation",
    "bizTransactionList",
    "sourceList",
    "destinationList",
    "sensorElementList",
    "ilmd",
}


def hash_prefixes(context: Any) -> HashNamespaces:
    """The namespaces of a document's ``@context``, to hash its events with."""
    return HashNamespaces.of(context)


def event_hash_id(event: Mapping[str, Any], prefixes: HashNamespaces | None = None) -> str:
    """The CBV 2.0 EPCIS event hash ID (SHA-256) of an event.

    ``prefixes`` come from the enclosing document's ``@context`` (:func:`hash_prefixes`); the
    event's own ``@context`` is added to them.
    """
    digest = hashlib.sha256(prehash(event, prefixes).encode()).hexdigest()
    return f"ni:///sha-256;{digest}?ver={HASH_VERSION}"


def document_event_hash_ids(document: Mapping[str, Any]) -> list[str]:
    """The hash IDs of the events of an EPCISDocument, in document order."""
    prefixes = hash_prefixes(document.get("@context"))
    events = document.get("epcisBody", {}).get("eventList", [])
    return [event_hash_id(event, prefixes) for event in events]


def prehash(event: Mapping[str, Any], prefixes: HashNamespaces | None = None) -> str:
    """The canonical pre-hash string of an event (CBV 2.0, section 8.9.2)."""
    ns = prefixes or _STANDARD
    if "@context" in event:
        ns = HashNamespaces.of(event["@context"], ns)
    text = ns.text
    get = event.get
    out = [f"eventType={get('type')}"]
    value = get("eventTime")
    if value is not None:
        _append(out, "eventTime=", canonical_timestamp(value))
    _scalar(out, "eventTimeZoneOffset", get("eventTimeZoneOffset"), text)
    _ids(out, "epcList", get("epcList"), text)
    _scalar(out, "parentID", get("parentID"), text)
    _ids(out, "inputEPCList", get("inputEPCList"), text)
    _ids(out, "childEPCs", get("childEPCs"), text)
    for key in _QUANTITY_LISTS:
        _quantities(out, key, get(key), text)
    _ids(out, "outputEPCList", get("outputEPCList"), text)
    _quantities(out, "outputQuantityList", get("outputQuantityList"), text)
    _scalar(out, "action", get("action"), text)
    _scalar(out, "transformationID", get("transformationID"), text)
    _word(out, "bizStep", get("bizStep"), _BIZ_STEPS, text)
    _word(out, "disposition", get("disposition"), _DISPOSITIONS, text)
    _persistent_disposition(out, get("persistentDisposition"), text)
    remnants: list[str] = []
    _location(out, remnants, "readPoint", get("readPoint"), ns)
    _location(out, remnants, "bizLocation", get("bizLocation"), ns)
    for key, id_key, words in _TYPED_LISTS:
        _typed_list(out, key, id_key, get(key), words, text)
    _sensor_elements(out, remnants, get("sensorElementList"), ns)
    ilmd = get("ilmd")
    if isinstance(ilmd, dict):
        ilmd_entries = _object_entries(ilmd, ns)
        if ilmd_entries:
            out.append("ilmd")
            out.extend(sorted(ilmd_entries))
    # Extensions inside standard fields follow in property order, then the event's own user
    # extensions, sorted (rules 20 and 21 as the CBV 2.0 vectors apply them).
    out.extend(remnants)
    extensions = [
        entry
        for key, item in event.items()
        if key not in _HANDLED
        for entry in _entries(key, item, ns)
    ]
    extensions.sort()
    out.extend(extensions)
    return "".join(out)


def _append(out: list[str], label: str, text: str) -> None:
    if text:
        out.append(label + text)


def _scalar(out: list[str], name: str, value: Any, text: Text) -> None:
    if value is not None:
        canonical = text(value)
        if canonical:
            out.append(f"{name}={canonical}")


def _word(out: list[str], name: str, value: Any, words: dict[str, str], text: Text) -> None:
    """A standard vocabulary field: a bare CBV word becomes its web URI (rule 16)."""
    if value is not None:
        uri = words.get(value) if value.__class__ is str else None
        _append(out, name + "=", uri or text(value))


def _ids(out: list[str], name: str, values: Any, text: Text) -> None:
    if isinstance(values, list):
        entries = ["epc=" + canonical for canonical in map(text, values) if canonical]
        if entries:
            entries.sort()
            out.append(name)
            out.extend(entries)


def _quantities(out: list[str], name: str, elements: Any, text: Text) -> None:
    if not isinstance(elements, list):
        return
    entries = []
    for element in elements:
        if isinstance(element, dict):
            parts: list[str] = []
            _scalar(parts, "epcClass", element.get("epcClass"), text)
            _scalar(parts, "quantity", element.get("quantity"), text)
            _scalar(parts, "uom", element.get("uom"), text)
            if parts:
                entries.append("quantityElement" + "".join(parts))
    if entries:
        entries.sort()
        out.append(name)
        out.extend(entries)


def _persistent_disposition(out: list[str], value: Any, text: Text) -> None:
    if not isinstance(value, dict):
        return
    entries: list[str] = []
    for key in ("set", "unset"):
        words = value.get(key)
        if isinstance(words, list):
            part: list[str] = []
            for word in words:
                _word(part, key, word, _DISPOSITIONS, text)
            entries.extend(sorted(part))
    if entries:
        out.append("persistentDisposition")
        out.extend(entries)


def _location(
    out: list[str], remnants: list[str], name: str, value: Any, ns: HashNamespaces
) -> None:
    if not isinstance(value, dict):
        return
    _scalar(out, name + "id", value.get("id"), ns.text)
    if len(value) > 1:
        extensions = [
            e for key, item in value.items() if key != "id" for e in _entries(key, item, ns)
        ]
        if extensions:
            remnants.append(name + "".join(sorted(extensions)))


def _typed_list(
    out: list[str], name: str, id_key: str, elements: Any, words: dict[str, str], text: Text
) -> None:
    """bizTransactionList, sourceList, destinationList: "type=…" then "<id>=…" (rule 13)."""
    if not isinstance(elements, list):
        return
    entries = []
    for element in elements:
        if isinstance(element, dict):
            parts: list[str] = []
            _word(parts, "type", element.get("type"), words, text)
            _scalar(parts, id_key, element.get(id_key), text)
            if parts:
                entries.append("".join(parts))
    if entries:
        entries.sort()
        out.append(name)
        out.extend(entries)


def _ordered(value: dict[str, Any], order: tuple[str, ...], text: Text) -> str:
    parts: list[str] = []
    for key in order:
        item = value.get(key)
        if item is None:
            continue
        if key in _TIME_KEYS:
            _append(parts, key + "=", canonical_timestamp(item))
        elif key in _SENSOR_WORDS:
            _word(parts, key, item, _SENSOR_WORDS[key], text)
        else:
            _scalar(parts, key, item, text)
    return "".join(parts)


def _sensor_elements(
    out: list[str], remnants: list[str], elements: Any, ns: HashNamespaces
) -> None:
    """sensorElementList: CBV 2.0 writes its elements, not the list's own name."""
    if not isinstance(elements, list):
        return
    entries = []
    rests = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        parts: list[str] = []
        rest: list[str] = []
        metadata = element.get("sensorMetadata")
        if isinstance(metadata, dict):
            _append(parts, "sensorMetadata", _ordered(metadata, _METADATA_ORDER, ns.text))
            _remainder(rest, "sensorMetadata", metadata, _METADATA_ORDER, ns)
        reports = element.get("sensorReport")
        texts: list[str] = []
        for report in reports if isinstance(reports, list) else ():
            if isinstance(report, dict):
                _append(texts, "sensorReport", _ordered(report, _REPORT_ORDER, ns.text))
                _remainder(rest, "sensorReport", report, _REPORT_ORDER, ns)
        parts.extend(sorted(texts))
        if parts:
            entries.append("sensorElement" + "".join(parts))
        for key, item in element.items():
            if key != "sensorMetadata" and key != "sensorReport":
                rest.extend(_entries(key, item, ns))
        if rest:
            rests.append("sensorElement" + "".join(sorted(rest)))
    out.extend(sorted(entries))
    remnants.extend(sorted(rests))


def _remainder(
    rest: list[str], name: str, value: dict[str, Any], order: tuple[str, ...], ns: HashNamespaces
) -> None:
    """What a standard structure carries beyond its standard fields goes with the extensions."""
    extra = [e for key, item in value.items() if key not in order for e in _entries(key, item, ns)]
    if extra:
        rest.append(name + "".join(sorted(extra)))


def _entries(key: str, value: Any, ns: HashNamespaces) -> list[str]:
    """A user extension as pre-hash entries, a list giving one entry per item (rule 20)."""
    return _value_entries(_expanded_name(key, ns.names), value, ns)


def _value_entries(name: str, value: Any, ns: HashNamespaces) -> list[str]:
    if isinstance(value, list):
        return [entry for item in value for entry in _value_entries(name, item, ns)]
    if isinstance(value, dict):
        return [name + "".join(sorted(_object_entries(value, ns)))]
    canonical = ns.text(value)
    return [f"{name}={canonical}" if canonical else name]


def _object_entries(value: dict[str, Any], ns: HashNamespaces) -> list[str]:
    return [entry for key, item in value.items() for entry in _entries(key, item, ns)]


def _expanded_name(key: str, names: Mapping[str, str]) -> str:
    """``prefix:local`` as ``{namespace}local``; a full URI split after its last / or #."""
    prefix, colon, local = key.partition(":")
    if not colon:
        return key
    namespace = names.get(prefix)
    if namespace is not None:
        return f"{{{namespace}}}{local}"
    if local.startswith("//"):
        cut = max(key.rfind("/"), key.rfind("#")) + 1
        return f"{{{key[:cut]}}}{key[cut:]}"
    return key
