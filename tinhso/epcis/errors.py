"""Capture problems as a job keeps them, and as the standard's problem objects show them.

A job stores each problem language-neutral: where it is (event index, eventID, field), its
code, its English msgid and the values to put in it. It is rendered in the reader's language
when read, as an RFC 7807 problem of type ``epcisException:ValidationException``.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.epcis.validation import Problem

VALIDATION_EXCEPTION = "epcisException:ValidationException"
IMPLEMENTATION_EXCEPTION = "epcisException:ImplementationException"

# Problems of the repository's own, beside the validation's.
EVENT_ID_TAKEN = _("Another owner has already stored an event with this eventID.")
TOO_LONG = _("Longer than %(limit)s characters; the repository does not index such values.")
INTERNAL = _("The capture failed on the server; nothing was stored. Try again later.")


def stored(problem: Problem) -> dict[str, Any]:
    """A problem as JSON to keep on a capture job: no text in any particular language."""
    with translation.override(None):
        msgid = str(problem.template)
        # A translatable value in a message (a field's name) is kept as its msgid too.
        params = {
            name: {"msgid": str(value)} if isinstance(value, Promise) else value
            for name, value in problem.params.items()
        }
    return {
        "event": problem.event_index,
        "eventID": problem.event_id,
        "field": problem.path,
        "code": problem.code,
        "msgid": msgid,
        "params": params,
    }


def message_of(entry: dict[str, Any]) -> str:
    """The message of a stored problem in the active language."""
    text = gettext(entry["msgid"])
    params = entry.get("params")
    if not params:
        return text
    return text % {
        name: gettext(value["msgid"]) if isinstance(value, dict) else value
        for name, value in params.items()
    }


def problem_object(entry: dict[str, Any]) -> dict[str, Any]:
    """A stored problem as the standard's RFC 7807 problem object, with where it is."""
    internal = entry["code"] == "internal"
    title = (
        _("The capture failed on the server.")
        if internal
        else _("Invalid EPCIS document.")
        if entry["event"] is None and entry["eventID"] is None
        else _("Invalid EPCIS event.")
    )
    return {
        "type": IMPLEMENTATION_EXCEPTION if internal else VALIDATION_EXCEPTION,
        "title": str(title),
        "status": 500 if internal else 400,
        "detail": message_of(entry),
        "event": entry["event"],
        "eventID": entry["eventID"],
        "field": entry["field"],
        "code": entry["code"],
    }


def summary_line(entry: dict[str, Any]) -> str:
    """One problem on one line, for the command line: event, eventID, field and message."""
    where = []
    if entry["event"] is not None:
        where.append(gettext("event %(index)s") % {"index": entry["event"]})
    if entry["eventID"]:
        where.append(entry["eventID"])
    where.append(entry["field"] or gettext("(document)"))
    return f"{' '.join(where)}: {message_of(entry)}"
