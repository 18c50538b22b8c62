"""One thing wrong with an EPCIS document or event, named by event and field path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True, slots=True)
class Problem:
    """A validation problem: where it is (event index, eventID, field path) and what is wrong.

    ``template`` is a lazy gettext msgid with ``%(name)s`` placeholders; ``message`` renders it
    in the language active when it is read, so a capture job can store problems and an API
    response can show them in the caller's language.
    """

    path: str
    code: str
    template: Promise | str
    params: dict[str, Any] = field(default_factory=dict)
    event_index: int | None = None
    event_id: str | None = None

    @property
    def message(self) -> str:
        """The human message, translated into the active language."""
        return str(self.template) % self.params if self.params else str(self.template)

    def as_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data: event, eventID, field, code and message."""
        return {
            "event": self.event_index,
            "eventID": self.event_id,
            "field": self.path,
            "code": self.code,
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
