"""GS1 EPCIS 2.0 and CBV 2.0: document and event validation, and the CBV 2.0 event hash ID.

Pure functions over parsed JSON, no database; the capture API and command build on them::

    problems = validate_document(document)      # [] when every part of it is valid
    if not problems:
        namespaces = hash_prefixes(document["@context"])
        for event in document["epcisBody"]["eventList"]:
            event.setdefault("eventID", event_hash_id(event, namespaces))

A single event (one-event capture) is checked with ``validate_event(event)`` and hashed with
``event_hash_id(event)``; it carries its own ``@context``. See docs/adr/0008-epcis-validation.md.
"""

from .canonical import HashNamespaces
from .hashing import (
    HASH_VERSION,
    document_event_hash_ids,
    event_hash_id,
    hash_prefixes,
    prehash,
)
from .problems import Problem
from .syntax import context_prefixes
from .validation import EVENT_TYPES, validate_document, validate_event

__all__ = [
    "EVENT_TYPES",
    "HASH_VERSION",
    "HashNamespaces",
    "Problem",
    "context_prefixes",
    "document_event_hash_ids",
    "event_hash_id",
    "hash_prefixes",
    "prehash",
    "validate_document",
    "validate_event",
]
