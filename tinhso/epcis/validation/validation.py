"""EPCIS 2.0 document and event validation, written from the standard (EPCIS 2.0 sections 7.3
and 7.4, the JSON/JSON-LD binding of section 12 and its JSON Schema) and CBV 2.0.

Each event type has its fields (any other field must be a namespaced user extension), its
required fields and its own rule about what it must identify. The checks are plain Python over
the parsed JSON: the official JSON Schema is used by the tests as the reference, not at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import fields as f
from .problems import Problem
from .syntax import context_prefixes, is_namespaced, is_version

Rule = Callable[[f.Collector, dict[str, Any], str], None]

EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)


@dataclass(frozen=True, slots=True)
class EventSpec:
    """What one event type may and must contain."""

    fields: dict[str, f.Check]
    required: tuple[str, ...]
    rule: Rule


def _has_items(event: dict[str, Any], key: str) -> bool:
    value = event.get(key)
    return isinstance(value, list) and bool(value)


def _object_rule(chk: f.Collector, event: dict[str, Any], pre: str) -> None:
    sensor_only = _has_items(event, "sensorElementList") and "readPoint" in event
    if not (_has_items(event, "epcList") or _has_items(event, "quantityList") or sensor_only):
        chk.add(
            pre + "epcList",
            "what_missing",
            _(
                "An ObjectEvent must name its objects: a non-empty epcList or quantityList "
                "(or sensor data with a readPoint)."
            ),
        )
    _ilmd_only_when_adding(chk, event, pre)


def _ilmd_only_when_adding(chk: f.Collector, event: dict[str, Any], pre: str) -> None:
    if "ilmd" in event and event.get("action") in ("OBSERVE", "DELETE"):
        chk.add(
            pre + "ilmd",
            "ilmd_not_allowed",
            _("Instance/lot master data (ilmd) is only allowed when the action is ADD."),
        )


def _children_rule(chk: f.Collector, event: dict[str, Any], pre: str) -> None:
    if event.get("action") == "DELETE":
        return
    if not (_has_items(event, "childEPCs") or _has_items(event, "childQuantityList")):
        chk.add(
            pre + "childEPCs",
            "what_missing",
            _(
                "Must name the children (childEPCs or childQuantityList) unless the action "
                "is DELETE."
            ),
        )


def _aggregation_rule(chk: f.Collector, event: dict[str, Any], pre: str) -> None:
    if event.get("action") in ("ADD", "DELETE") and "parentID" not in event:
        chk.add(
            pre + "parentID",
            "missing",
            _("The parent is required when the action is ADD or DELETE."),
        )
    _children_rule(chk, event, pre)


def _transaction_rule(chk: f.Collector, event: dict[str, Any], pre: str) -> None:
    if isinstance(event.get("bizTransactionList"), list) and not event["bizTransactionList"]:
        chk.add(pre + "bizTransactionList", "empty_list", _("Must not be empty."))
    if event.get("action") == "DELETE":
        return
    if not (_has_items(event, "epcList") or _has_items(event, "quantityList")):
        chk.add(
            pre + "epcList",
            "what_missing",
            _(
                "A TransactionEvent must name its objects (a non-empty epcList or "
                "quantityList) unless the action is DELETE."
            ),
        )


def _transformation_rule(chk: f.Collector, event: dict[str, Any], pre: str) -> None:
    inputs = _has_items(event, "inputEPCList") or _has_items(event, "inputQuantityList")
    outputs = _has_items(event, "outputEPCList") or _has_items(event, "outputQuantityList")
    if (inputs and outputs) or ("transformationID" in event and (inputs or outputs)):
        return
    chk.add(
        pre + ("outputEPCList" if inputs else "inputEPCList"),
        "what_missing",
        _(
            "A TransformationEvent needs inputs and outputs, or a transformationID with "
            "inputs or outputs."
        ),
    )


def _no_rule(chk: f.Collector, event: dict[str, Any], pre: str) -> None:
    """The type needs nothing beyond its required fields."""


_COMMON: dict[str, f.Check] = {
    "@context": f.check_event_context,
    "type": f.check_anything,
    "eventTime": f.check_timestamp,
    "recordTime": f.check_timestamp,
    "eventTimeZoneOffset": f.check_offset,
    "eventID": f.check_uri,
    "certificationInfo": f.check_certification_info,
    "errorDeclaration": f.check_error_declaration,
}
_WHY_WHERE: dict[str, f.Check] = {
    "bizStep": f.check_biz_step,
    "disposition": f.check_disposition,
    # Accepted on every event type: the official schema names it for object and transformation
    # events only but leaves the other types open to it, and the conformance corpus has it on
    # aggregation events.
    "persistentDisposition": f.check_persistent_disposition,
    "readPoint": f.check_location,
    "bizLocation": f.check_location,
    "bizTransactionList": f.check_biz_transaction_list,
    "sourceList": f.check_source_list,
    "destinationList": f.check_destination_list,
    "sensorElementList": f.check_sensor_element_list,
}
_TIME = ("eventTime", "eventTimeZoneOffset")
_PARENT_CHILDREN: dict[str, f.Check] = {
    "action": f.check_action,
    "parentID": f.check_uri,
    "childEPCs": f.check_uri_list,
    "childQuantityList": f.check_quantity_list,
}

EVENT_SPECS: dict[str, EventSpec] = {
    "ObjectEvent": EventSpec(
        {
            **_COMMON,
            **_WHY_WHERE,
            "action": f.check_action,
            "epcList": f.check_uri_list,
            "quantityList": f.check_quantity_list,
            "ilmd": f.check_ilmd,
        },
        (*_TIME, "action"),
        _object_rule,
    ),
    "AggregationEvent": EventSpec(
        {**_COMMON, **_WHY_WHERE, **_PARENT_CHILDREN},
        (*_TIME, "action"),
        _aggregation_rule,
    ),
    "TransactionEvent": EventSpec(
        {
            **_COMMON,
            **_WHY_WHERE,
            "action": f.check_action,
            "parentID": f.check_uri,
            "epcList": f.check_uri_list,
            "quantityList": f.check_quantity_list,
        },
        (*_TIME, "action", "bizTransactionList"),
        _transaction_rule,
    ),
    "TransformationEvent": EventSpec(
        {
            **_COMMON,
            **_WHY_WHERE,
            "inputEPCList": f.check_uri_list,
            "inputQuantityList": f.check_quantity_list,
            "outputEPCList": f.check_uri_list,
            "outputQuantityList": f.check_quantity_list,
            "transformationID": f.check_uri,
            "ilmd": f.check_ilmd,
        },
        _TIME,
        _transformation_rule,
    ),
    "AssociationEvent": EventSpec(
        {**_COMMON, **_WHY_WHERE, **_PARENT_CHILDREN},
        (*_TIME, "action", "parentID"),
        _children_rule,
    ),
}


def validate_event(
    event: Any,
    *,
    prefixes: dict[str, str] | None = None,
    index: int | None = None,
    path: str = "",
) -> list[Problem]:
    """The problems of one EPCIS 2.0 event; an empty list when it is valid.

    A single event (the one-event capture endpoint) carries its own ``@context``. Inside a
    document, ``prefixes`` are the document's, ``index`` its position in the event list and
    ``path`` its path (e.g. ``epcisBody.eventList[3]``).
    """
    problems: list[Problem] = []
    _check_event(problems, event, path, index, prefixes)
    return problems


def _check_event(
    problems: list[Problem],
    event: Any,
    base: str,
    index: int | None,
    inherited: dict[str, str] | None,
) -> None:
    if not isinstance(event, dict):
        f.Collector(problems, {}, index).add(
            base, "not_object", _("An event must be a JSON object.")
        )
        return
    event_id = event.get("eventID")
    prefixes = f.event_prefixes(event, inherited)
    chk = f.Collector(problems, prefixes, index, event_id if isinstance(event_id, str) else None)
    pre = base + "." if base else ""
    event_type = event.get("type")
    spec = EVENT_SPECS.get(event_type) if isinstance(event_type, str) else None
    if spec is None:
        chk.add(
            pre + "type",
            "missing" if event_type is None else "unknown_event_type",
            _(
                "Must be one of ObjectEvent, AggregationEvent, TransactionEvent, "
                "TransformationEvent or AssociationEvent."
            ),
        )
        return
    fields = spec.fields
    for key, value in event.items():
        check = fields.get(key)
        if check is not None:
            check(chk, value, pre + key)
        elif not is_namespaced(key, prefixes):
            chk.add(pre + key, "unknown_field", f.UNKNOWN_FIELD, field=f.shown(key))
    for key in spec.required:
        if key not in event:
            chk.add(pre + key, "missing", f.MISSING)
    if inherited is None and "@context" not in event:
        chk.add(pre + "@context", "missing", f.MISSING)
    spec.rule(chk, event, pre)


def _check_schema_version(chk: f.Collector, value: Any, path: str) -> None:
    if not is_version(value) or value.split(".")[0] != "2":
        chk.add(path, "bad_version", _("Must be an EPCIS 2 schema version, such as 2.0."))


def _check_vocabulary_elements(chk: f.Collector, value: Any, path: str) -> None:
    element_fields: dict[str, f.Check] = {
        "id": f.check_uri,
        "attributes": _check_attributes,
        "children": f.check_uri_list,
    }
    for i, element in enumerate(f.list_items(chk, value, path)):
        f.check_object(chk, element, f"{path}[{i}]", element_fields, ("id",))


def _check_attributes(chk: f.Collector, value: Any, path: str) -> None:
    attribute_fields: dict[str, f.Check] = {"id": f.check_uri, "attribute": f.check_anything}
    for i, attribute in enumerate(f.list_items(chk, value, path)):
        f.check_object(chk, attribute, f"{path}[{i}]", attribute_fields, ("id",))


def _check_vocabulary_list(chk: f.Collector, value: Any, path: str) -> None:
    vocabulary_fields: dict[str, f.Check] = {
        "type": f.check_uri,
        "vocabularyElementList": _check_vocabulary_elements,
    }
    for i, vocabulary in enumerate(f.list_items(chk, value, path)):
        f.check_object(chk, vocabulary, f"{path}[{i}]", vocabulary_fields, ("type",))


def _check_header(chk: f.Collector, value: Any, path: str) -> None:
    master_data: dict[str, f.Check] = {"vocabularyList": _check_vocabulary_list}

    def check_master_data(chk: f.Collector, value: Any, path: str) -> None:
        f.check_object(chk, value, path, master_data)

    f.check_object(chk, value, path, {"epcisMasterData": check_master_data})


_DOCUMENT_FIELDS: dict[str, f.Check] = {
    "@context": f.check_context,
    "id": f.check_uri,
    "type": f.check_anything,
    "schemaVersion": _check_schema_version,
    "creationDate": f.check_timestamp,
    "instanceIdentifier": f.check_string,
    "sender": f.check_string,
    "receiver": f.check_string,
    "epcisHeader": _check_header,
    "epcisBody": f.check_anything,
}
_QUERY_DOCUMENT_FIELDS: dict[str, f.Check] = {
    key: check
    for key, check in _DOCUMENT_FIELDS.items()
    if key not in ("instanceIdentifier", "sender", "receiver", "epcisHeader")
}


def validate_document(doc: Any) -> list[Problem]:
    """The problems of an EPCIS 2.0 document (EPCISDocument or EPCISQueryDocument).

    An empty list means every part of it, every event included, is valid. Problems of an event
    carry the event's index in the event list and its eventID.
    """
    problems: list[Problem] = []
    prefixes = context_prefixes(doc.get("@context") if isinstance(doc, dict) else None)
    chk = f.Collector(problems, prefixes)
    if not isinstance(doc, dict):
        chk.add("", "not_object", _("An EPCIS document must be a JSON object."))
        return problems
    doc_type = doc.get("type")
    if doc_type == "EPCISDocument":
        f.check_object(chk, doc, "", _DOCUMENT_FIELDS, ())
        required: tuple[str, ...] = ("@context", "schemaVersion", "creationDate", "epcisBody")
        events, events_path = _document_events(chk, doc.get("epcisBody"))
    elif doc_type == "EPCISQueryDocument":
        f.check_object(chk, doc, "", _QUERY_DOCUMENT_FIELDS, ())
        required = ("@context", "epcisBody")
        events, events_path = _query_events(chk, doc.get("epcisBody"))
    else:
        chk.add("type", "bad_document_type", _("Must be EPCISDocument or EPCISQueryDocument."))
        return problems
    for key in required:
        if key not in doc:
            chk.add(key, "missing", f.MISSING)
    for i, event in enumerate(events):
        _check_event(problems, event, f"{events_path}[{i}]", i, prefixes)
    return problems


def _document_events(chk: f.Collector, body: Any) -> tuple[list[Any], str]:
    if body is None:
        return [], "epcisBody.eventList"
    f.check_object(chk, body, "epcisBody", {"eventList": f.check_anything}, ("eventList",))
    return _event_list(chk, body, "epcisBody")


def _query_events(chk: f.Collector, body: Any) -> tuple[list[Any], str]:
    results_path = "epcisBody.queryResults.resultsBody"
    if body is None:
        return [], f"{results_path}.eventList"
    results: dict[str, f.Check] = {
        "eventList": f.check_anything,
        "vocabularyList": _check_vocabulary_list,
    }

    def check_results(chk: f.Collector, value: Any, path: str) -> None:
        f.check_object(chk, value, path, results, ("eventList",))

    query: dict[str, f.Check] = {
        "queryName": f.check_string,
        "subscriptionID": f.check_string,
        "resultsBody": check_results,
    }

    def check_query(chk: f.Collector, value: Any, path: str) -> None:
        f.check_object(chk, value, path, query, ("queryName", "resultsBody"))

    f.check_object(chk, body, "epcisBody", {"queryResults": check_query}, ("queryResults",))
    query_results = body.get("queryResults") if isinstance(body, dict) else None
    results_body = query_results.get("resultsBody") if isinstance(query_results, dict) else None
    return _event_list(chk, results_body, results_path)


def _event_list(chk: f.Collector, container: Any, path: str) -> tuple[list[Any], str]:
    events_path = f"{path}.eventList"
    if not isinstance(container, dict) or "eventList" not in container:
        return [], events_path
    return f.list_items(chk, container["eventList"], events_path), events_path
