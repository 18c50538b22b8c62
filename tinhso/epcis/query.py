"""The standard's event query (EPCIS 2.0 section 8.2.7.1, SimpleEventQuery) as URL parameters
of the REST binding, read into an :class:`EventQuery`.

Supported: eventType, GE_/LT_eventTime, GE_/LT_recordTime, EQ_action, EQ_bizStep,
EQ_disposition, EQ_readPoint, EQ_bizLocation, EQ_eventID, MATCH_epc, MATCH_parentID,
MATCH_inputEPC, MATCH_outputEPC, MATCH_anyEPC, MATCH_epcClass, MATCH_inputEPCClass,
MATCH_outputEPCClass, MATCH_anyEPCClass, perPage and nextPageToken. List values are repeated
parameters or joined by ``|`` (``EQ_bizStep=shipping|receiving``). The official query schema
allows no other parameter, so any other name is refused (QueryParameterException), naming it;
a standard one this repository does not implement (EQ_ILMD_…, WD_readPoint…) is refused the
same way, and says so. Values are canonicalised as at capture (see :mod:`.indexing`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tinhso.epcis.choices import IdentifierRole
from tinhso.epcis.indexing import (
    BIZ_STEP,
    DISPOSITION,
    canonical_identifier,
    canonical_term,
    is_pattern,
)
from tinhso.epcis.validation import EVENT_TYPES
from tinhso.epcis.validation.syntax import is_timestamp
from tinhso.epcis.validation.vocabulary import ACTIONS

PER_PAGE_DEFAULT = 30
PER_PAGE_MAX = 1000

_R = IdentifierRole
_EPCS = (_R.EPC, _R.CHILD)
_ANY_EPC = (_R.EPC, _R.CHILD, _R.PARENT, _R.INPUT, _R.OUTPUT)
_CLASSES = (_R.QUANTITY, _R.CHILD_QUANTITY)
_ANY_CLASS = (_R.QUANTITY, _R.CHILD_QUANTITY, _R.INPUT_QUANTITY, _R.OUTPUT_QUANTITY)
ALL_ROLES: tuple[int, ...] = tuple(role.value for role in IdentifierRole)

MATCH_ROLES: dict[str, tuple[int, ...]] = {
    "MATCH_epc": tuple(r.value for r in _EPCS),
    "MATCH_parentID": (_R.PARENT.value,),
    "MATCH_inputEPC": (_R.INPUT.value,),
    "MATCH_outputEPC": (_R.OUTPUT.value,),
    "MATCH_anyEPC": tuple(r.value for r in _ANY_EPC),
    "MATCH_epcClass": tuple(r.value for r in _CLASSES),
    "MATCH_inputEPCClass": (_R.INPUT_QUANTITY.value,),
    "MATCH_outputEPCClass": (_R.OUTPUT_QUANTITY.value,),
    "MATCH_anyEPCClass": tuple(r.value for r in _ANY_CLASS),
}
TIME_PARAMETERS = {
    "GE_eventTime": ("event_time", "gte"),
    "LT_eventTime": ("event_time", "lt"),
    "GE_recordTime": ("record_time", "gte"),
    "LT_recordTime": ("record_time", "lt"),
}
EQUAL_COLUMNS = {
    "EQ_action": "action",
    "EQ_bizStep": "biz_step",
    "EQ_disposition": "disposition",
    "EQ_readPoint": "read_point",
    "EQ_bizLocation": "biz_location",
    "EQ_eventID": "event_id",
}
PAGING = ("perPage", "nextPageToken")
# Names the official query schema (REST Bindings/query-schema.json) allows beside those above.
_STANDARD = re.compile(
    r"(?:(?:EQ|GT|GE|LT|LE|EXISTS|HASATTR|WD)_\w+|eventCountLimit|maxEventCount|orderBy|"
    r"orderDirection|GE_errorDeclaration_Time|LT_errorDeclaration_Time)\Z"
)


class QueryParameterError(ValueError):
    """A query parameter is unknown, unsupported, repeated or has a malformed value."""

    def __init__(self, name: str, message: Promise | str) -> None:
        super().__init__(name)
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Match:
    """Identifiers in given roles: exact canonical values, and patterns (class prefixes)."""

    roles: tuple[int, ...]
    exact: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()


@dataclass
class EventQuery:
    """A parsed event query: filters on columns and identifiers, and the page asked for."""

    event_types: list[str] = field(default_factory=list)
    times: dict[tuple[str, str], datetime] = field(default_factory=dict)
    equals: dict[str, list[str]] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    per_page: int = PER_PAGE_DEFAULT
    page_token: str = ""


def parse_query(params: Mapping[str, Sequence[str]]) -> EventQuery:
    """Read URL parameters (name -> every value given) into an EventQuery, or raise
    QueryParameterError naming the first parameter that is wrong."""
    query = EventQuery()
    for name, raw in params.items():
        if name in MATCH_ROLES:
            query.matches.append(match_of(MATCH_ROLES[name], _values(name, raw)))
        elif name in EQUAL_COLUMNS:
            query.equals[EQUAL_COLUMNS[name]] = _equal_values(name, _values(name, raw))
        elif name in TIME_PARAMETERS:
            query.times[TIME_PARAMETERS[name]] = _time(name, _single(name, raw))
        elif name == "eventType":
            query.event_types = _event_types(_values(name, raw))
        elif name == "perPage":
            query.per_page = _per_page(_single(name, raw))
        elif name == "nextPageToken":
            query.page_token = _single(name, raw)
        elif _STANDARD.match(name):
            raise QueryParameterError(
                name, _("This query parameter is not supported by this repository.")
            )
        else:
            raise QueryParameterError(name, _("Unknown query parameter."))
    return query


def match_of(roles: tuple[int, ...], values: Sequence[str]) -> Match:
    """A MATCH_ condition: each value canonical, a pattern becoming the class it names."""
    exact = [canonical_identifier(v) for v in values if not is_pattern(v)]
    classes = [canonical_identifier(v) for v in values if is_pattern(v)]
    return Match(roles, tuple(exact + classes), tuple(c + "/" for c in classes))


def _values(name: str, raw: Sequence[str]) -> list[str]:
    values = [piece.strip() for value in raw for piece in value.split("|")]
    if not values or any(not value for value in values):
        raise QueryParameterError(name, _("Must not be empty."))
    return values


def _single(name: str, raw: Sequence[str]) -> str:
    if len(raw) != 1:
        raise QueryParameterError(name, _("Give this query parameter once."))
    value = raw[0].strip()
    if not value:
        raise QueryParameterError(name, _("Must not be empty."))
    return value


def _time(name: str, value: str) -> datetime:
    # An unencoded "+" of a time zone arrives as a space; nothing else in a timestamp is one.
    value = value.replace(" ", "+")
    if not is_timestamp(value):
        raise QueryParameterError(
            name, _("Must be a date and time with a time zone, such as 2026-01-31T08:00:00+07:00.")
        )
    return datetime.fromisoformat(value).astimezone(UTC)


def _event_types(values: list[str]) -> list[str]:
    unknown = [value for value in values if value not in EVENT_TYPES]
    if unknown:
        raise QueryParameterError(
            "eventType",
            _(
                "Must be ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent "
                "or AssociationEvent."
            ),
        )
    return values


def _equal_values(name: str, values: list[str]) -> list[str]:
    if name == "EQ_action":
        if any(value not in ACTIONS for value in values):
            raise QueryParameterError(name, _("Must be ADD, OBSERVE or DELETE."))
        return values
    if name == "EQ_bizStep":
        return [canonical_term(value, BIZ_STEP) for value in values]
    if name == "EQ_disposition":
        return [canonical_term(value, DISPOSITION) for value in values]
    if name in ("EQ_readPoint", "EQ_bizLocation"):
        return [canonical_identifier(value) for value in values]
    return values


def _per_page(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise QueryParameterError("perPage", _("Must be a whole number of at least 1."))
    return min(int(value), PER_PAGE_MAX)
