"""Checks of the EPCIS 2.0 event fields, one function per data type of the standard.

Every check takes the collector, the value and the field path, adds problems and returns
nothing. Paths are only built when something is wrong, so a valid event costs little.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import vocabulary as cbv
from .problems import Problem
from .syntax import context_prefixes, is_namespaced, is_offset, is_timestamp, is_uri

_UOM = re.compile(r"[A-Z0-9]{2,3}\Z")
_HEX = re.compile(r"[A-Fa-f0-9]+\Z")


class Collector:
    """Gathers the problems of one event (or of the document around it)."""

    __slots__ = ("event_id", "event_index", "prefixes", "problems")

    def __init__(
        self,
        problems: list[Problem],
        prefixes: dict[str, str],
        event_index: int | None = None,
        event_id: str | None = None,
    ) -> None:
        self.problems = problems
        self.prefixes = prefixes
        self.event_index = event_index
        self.event_id = event_id

    def add(self, path: str, code: str, template: Promise | str, **params: Any) -> None:
        """Record a problem at the path."""
        self.problems.append(Problem(path, code, template, params, self.event_index, self.event_id))


Check = Callable[[Collector, Any, str], None]


def shown(value: Any) -> str:
    """A value as a message quotes it: short, whatever its size."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


# Messages shared by many checks.
MISSING = _("This field is required.")
NOT_OBJECT = _("Must be a JSON object.")
NOT_LIST = _("Must be a list.")
NOT_URI = _("Must be an absolute URI, such as urn:epc:id:sgtin:… or https://id.gs1.org/….")
NOT_TIMESTAMP = _(
    "Must be a date and time with its time zone, such as 2026-03-01T08:30:00.000+07:00."
)
UNKNOWN_FIELD = _(
    "“%(field)s” is not an EPCIS 2.0 field here; a user extension needs a namespace: "
    "a prefix declared in @context, or a full URI."
)
NOT_ALLOWED_FIELD = _("“%(field)s” is not allowed here.")


def check_uri(chk: Collector, value: Any, path: str) -> None:
    """An identifier: any absolute URI (EPC URI, GS1 Digital Link, other URI)."""
    if not is_uri(value):
        chk.add(path, "not_uri", NOT_URI)


def check_timestamp(chk: Collector, value: Any, path: str) -> None:
    """A date and time with a time zone (xsd:dateTimeStamp)."""
    if not is_timestamp(value):
        chk.add(path, "not_timestamp", NOT_TIMESTAMP)


def check_offset(chk: Collector, value: Any, path: str) -> None:
    """eventTimeZoneOffset: +hh:mm or -hh:mm between -14:00 and +14:00."""
    if not is_offset(value):
        chk.add(
            path,
            "not_offset",
            _("Must be a time zone offset between -14:00 and +14:00, such as +07:00."),
        )


def check_number(chk: Collector, value: Any, path: str) -> None:
    """A JSON number (true and false are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        chk.add(path, "not_number", _("Must be a number."))


def check_string(chk: Collector, value: Any, path: str) -> None:
    """Any JSON string."""
    if not isinstance(value, str):
        chk.add(path, "not_string", _("Must be a string."))


def check_boolean(chk: Collector, value: Any, path: str) -> None:
    """A JSON boolean."""
    if not isinstance(value, bool):
        chk.add(path, "not_boolean", _("Must be true or false."))


def check_hex(chk: Collector, value: Any, path: str) -> None:
    """xsd:hexBinary."""
    if not isinstance(value, str) or _HEX.match(value) is None:
        chk.add(path, "not_hex", _("Must be hexadecimal digits."))


def check_anything(chk: Collector, value: Any, path: str) -> None:
    """User extension content: any JSON value."""


def check_action(chk: Collector, value: Any, path: str) -> None:
    """action: ADD, OBSERVE or DELETE."""
    if not isinstance(value, str) or value not in cbv.ACTIONS:
        chk.add(path, "bad_action", _("Must be ADD, OBSERVE or DELETE."))


def check_context(chk: Collector, value: Any, path: str) -> None:
    """A JSON-LD @context: a URI, an object, or a list of them."""
    entries = value if isinstance(value, list) else [value]
    if not entries or not all(isinstance(e, dict) or is_uri(e) for e in entries):
        chk.add(
            path,
            "bad_context",
            _("Must be a JSON-LD context: a URI, an object, or a list of them."),
        )


def vocabulary_check(
    words: Collection[str], vocabulary: Promise, stems: tuple[str, ...] = cbv.CBV_URI_STEMS
) -> Check:
    """A check for a CBV vocabulary: a bare word CBV 2.0 defines, else an absolute URI.

    URIs starting with ``stems`` are the standard vocabulary's own URI forms, which the JSON
    binding writes as bare words (the official schema refuses them).
    """

    def check(chk: Collector, value: Any, path: str) -> None:
        if isinstance(value, str):
            if value in words:
                return
            if ":" in value:
                if value.startswith(stems):
                    chk.add(
                        path,
                        "vocabulary_uri_form",
                        _(
                            "A standard %(vocabulary)s is written as its bare CBV word in "
                            "EPCIS JSON, not as “%(value)s”."
                        ),
                        vocabulary=vocabulary,
                        value=shown(value),
                    )
                    return
                if is_uri(value):
                    return
        chk.add(
            path,
            "not_in_vocabulary",
            _(
                "“%(value)s” is not a CBV 2.0 %(vocabulary)s: use a word CBV defines, or an "
                "absolute URI (or a CURIE with a declared prefix) for your own value."
            ),
            vocabulary=vocabulary,
            value=shown(value),
        )

    return check


check_biz_step = vocabulary_check(cbv.BIZ_STEPS, _("business step"))
check_disposition = vocabulary_check(cbv.DISPOSITIONS, _("disposition"))
check_biz_transaction_type = vocabulary_check(
    cbv.BIZ_TRANSACTION_TYPES, _("business transaction type")
)
check_source_destination_type = vocabulary_check(
    cbv.SOURCE_DESTINATION_TYPES, _("source/destination type")
)
check_error_reason = vocabulary_check(cbv.ERROR_REASONS, _("error reason"))
check_measurement_type = vocabulary_check(
    cbv.MEASUREMENT_TYPES | cbv.LEGACY_MEASUREMENT_TYPES,
    _("sensor measurement type"),
    cbv.GS1_VOC_URI_STEMS,
)
check_alert_type = vocabulary_check(
    cbv.SENSOR_ALERT_TYPES, _("sensor alert type"), cbv.GS1_VOC_URI_STEMS
)
check_component = vocabulary_check(cbv.COMPONENTS, _("sensor component"))


def check_object(
    chk: Collector,
    value: Any,
    path: str,
    fields: dict[str, Check],
    required: tuple[str, ...] = (),
    extensible: bool = True,
) -> bool:
    """A JSON object with known fields, required ones and (if extensible) user extensions."""
    if not isinstance(value, dict):
        chk.add(path, "not_object", NOT_OBJECT)
        return False
    pre = path + "." if path else ""
    for key, item in value.items():
        check = fields.get(key)
        if check is not None:
            check(chk, item, pre + key)
        elif not extensible:
            chk.add(pre + key, "unknown_field", NOT_ALLOWED_FIELD, field=shown(key))
        elif not is_namespaced(key, chk.prefixes):
            chk.add(pre + key, "unknown_field", UNKNOWN_FIELD, field=shown(key))
    for key in required:
        if key not in value:
            chk.add(pre + key, "missing", MISSING)
    return True


def list_items(chk: Collector, value: Any, path: str, non_empty: bool = False) -> list[Any]:
    """The items of a list field, or nothing (with a problem) when it is not a list."""
    if not isinstance(value, list):
        chk.add(path, "not_list", NOT_LIST)
        return []
    if non_empty and not value:
        chk.add(path, "empty_list", _("Must not be empty."))
    return value


def _has_duplicates(items: list[Any]) -> bool:
    strings = [item for item in items if isinstance(item, str)]
    return len(set(strings)) != len(strings)


def check_uri_list(chk: Collector, value: Any, path: str) -> None:
    """A list of identifiers (epcList, childEPCs, inputEPCList…): URIs, each once."""
    items = list_items(chk, value, path)
    for i, item in enumerate(items):
        if not is_uri(item):
            chk.add(f"{path}[{i}]", "not_uri", NOT_URI)
    if _has_duplicates(items):
        chk.add(path, "duplicate", _("Lists the same identifier more than once."))


def check_certification_info(chk: Collector, value: Any, path: str) -> None:
    """certificationInfo: a URI or a list of URIs."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if not is_uri(item):
                chk.add(f"{path}[{i}]", "not_uri", NOT_URI)
    elif not is_uri(value):
        chk.add(path, "not_uri", NOT_URI)


def _check_uom(chk: Collector, value: Any, path: str) -> None:
    if not isinstance(value, str) or _UOM.match(value) is None:
        chk.add(
            path,
            "bad_uom",
            _("Must be a UN/CEFACT Rec. 20 unit code of 2 or 3 capitals or digits, such as KGM."),
        )


_QUANTITY_FIELDS: dict[str, Check] = {
    "epcClass": check_uri,
    "quantity": check_number,
    "uom": _check_uom,
}


def check_quantity_list(chk: Collector, value: Any, path: str) -> None:
    """quantityList and its kin: {epcClass, quantity (a number), uom}, nothing else."""
    for i, element in enumerate(list_items(chk, value, path)):
        item_path = f"{path}[{i}]"
        valid = check_object(chk, element, item_path, _QUANTITY_FIELDS, ("epcClass",), False)
        if valid and "uom" in element and "quantity" not in element:
            chk.add(
                f"{item_path}.uom",
                "uom_without_quantity",
                _("A unit of measure needs a quantity."),
            )


def check_location(chk: Collector, value: Any, path: str) -> None:
    """readPoint and bizLocation: {id} plus user extensions."""
    check_object(chk, value, path, {"id": check_uri}, ("id",))


_BIZ_TRANSACTION_FIELDS: dict[str, Check] = {
    "type": check_biz_transaction_type,
    "bizTransaction": check_uri,
}
_SOURCE_FIELDS: dict[str, Check] = {"type": check_source_destination_type, "source": check_uri}
_DESTINATION_FIELDS: dict[str, Check] = {
    "type": check_source_destination_type,
    "destination": check_uri,
}


def check_biz_transaction_list(chk: Collector, value: Any, path: str) -> None:
    """bizTransactionList: [{type (CBV), bizTransaction (URI)}]."""
    for i, element in enumerate(list_items(chk, value, path)):
        check_object(
            chk, element, f"{path}[{i}]", _BIZ_TRANSACTION_FIELDS, ("bizTransaction",), False
        )


def check_source_list(chk: Collector, value: Any, path: str) -> None:
    """sourceList: [{type (CBV), source (URI)}]."""
    for i, element in enumerate(list_items(chk, value, path)):
        check_object(chk, element, f"{path}[{i}]", _SOURCE_FIELDS, ("type", "source"), False)


def check_destination_list(chk: Collector, value: Any, path: str) -> None:
    """destinationList: [{type (CBV), destination (URI)}]."""
    for i, element in enumerate(list_items(chk, value, path)):
        check_object(
            chk, element, f"{path}[{i}]", _DESTINATION_FIELDS, ("type", "destination"), False
        )


def _check_disposition_list(chk: Collector, value: Any, path: str) -> None:
    items = list_items(chk, value, path, non_empty=True)
    for i, item in enumerate(items):
        check_disposition(chk, item, f"{path}[{i}]")
    if _has_duplicates(items):
        chk.add(path, "duplicate", _("Lists the same disposition more than once."))


_PERSISTENT_FIELDS: dict[str, Check] = {
    "set": _check_disposition_list,
    "unset": _check_disposition_list,
}


def check_persistent_disposition(chk: Collector, value: Any, path: str) -> None:
    """persistentDisposition: {set, unset}, non-empty lists of dispositions, one at least."""
    if check_object(chk, value, path, _PERSISTENT_FIELDS, (), False) and not value:
        chk.add(path, "empty_object", _("Needs a set or an unset list."))


_METADATA_FIELDS: dict[str, Check] = {
    "time": check_timestamp,
    "startTime": check_timestamp,
    "endTime": check_timestamp,
    "deviceID": check_uri,
    "deviceMetadata": check_uri,
    "rawData": check_uri,
    "dataProcessingMethod": check_uri,
    "bizRules": check_uri,
}
_REPORT_FIELDS: dict[str, Check] = {
    "type": check_measurement_type,
    "exception": check_alert_type,
    "deviceID": check_uri,
    "deviceMetadata": check_uri,
    "rawData": check_uri,
    "dataProcessingMethod": check_uri,
    "bizRules": check_uri,
    "time": check_timestamp,
    "microorganism": check_uri,
    "chemicalSubstance": check_uri,
    "coordinateReferenceSystem": check_uri,
    "value": check_number,
    "component": check_component,
    "stringValue": check_string,
    "booleanValue": check_boolean,
    "hexBinaryValue": check_hex,
    "uriValue": check_uri,
    "minValue": check_number,
    "maxValue": check_number,
    "meanValue": check_number,
    "sDev": check_number,
    "percRank": check_number,
    "percValue": check_number,
    "uom": check_string,
}


def _check_sensor_metadata(chk: Collector, value: Any, path: str) -> None:
    check_object(chk, value, path, _METADATA_FIELDS)


def _check_sensor_reports(chk: Collector, value: Any, path: str) -> None:
    for i, report in enumerate(list_items(chk, value, path, non_empty=True)):
        # EPCIS 2.0's JSON Schema requires the measurement type of every report (ADR 0008).
        check_object(chk, report, f"{path}[{i}]", _REPORT_FIELDS, ("type",))


_SENSOR_ELEMENT_FIELDS: dict[str, Check] = {
    "sensorMetadata": _check_sensor_metadata,
    "sensorReport": _check_sensor_reports,
}


def check_sensor_element_list(chk: Collector, value: Any, path: str) -> None:
    """sensorElementList: [{sensorMetadata, sensorReport: [...]}] plus user extensions."""
    for i, element in enumerate(list_items(chk, value, path)):
        check_object(chk, element, f"{path}[{i}]", _SENSOR_ELEMENT_FIELDS, ("sensorReport",))


def check_ilmd(chk: Collector, value: Any, path: str) -> None:
    """ilmd: instance/lot master data, every field of it namespaced."""
    check_object(chk, value, path, {})


def _check_corrective_ids(chk: Collector, value: Any, path: str) -> None:
    for i, item in enumerate(list_items(chk, value, path)):
        if not is_uri(item):
            chk.add(f"{path}[{i}]", "not_uri", NOT_URI)


_ERROR_DECLARATION_FIELDS: dict[str, Check] = {
    "declarationTime": check_timestamp,
    "reason": check_error_reason,
    "correctiveEventIDs": _check_corrective_ids,
}


def check_error_declaration(chk: Collector, value: Any, path: str) -> None:
    """errorDeclaration: {declarationTime, reason, correctiveEventIDs} plus user extensions."""
    check_object(chk, value, path, _ERROR_DECLARATION_FIELDS, ("declarationTime",))


def check_event_context(chk: Collector, value: Any, path: str) -> None:
    """An event's own @context; its prefixes are already in ``chk.prefixes``."""
    check_context(chk, value, path)


def event_prefixes(event: dict[str, Any], inherited: dict[str, str] | None) -> dict[str, str]:
    """The prefixes in scope in an event: the document's, then the event's own @context."""
    context = event.get("@context")
    if context is None:
        return inherited if inherited is not None else context_prefixes(None)
    return context_prefixes(context, inherited)
