"""What the steering services share: one policy of each kind, the fields each service takes,
and the checks and steps several of them need."""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import Model
from django.utils.translation import gettext as _

from tinhso.core.writes import Errors
from tinhso.monitoring.reports import check_evidence
from tinhso.steering.permissions import (
    AllocationPolicy,
    DirectivePolicy,
    DisbursementPolicy,
    HolidayPolicy,
    ProgrammePolicy,
    SteeringCommitteePolicy,
    TaskPolicy,
    TaskRecordPolicy,
)

directive_policy = DirectivePolicy()
task_policy = TaskPolicy()
record_policy = TaskRecordPolicy()
programme_policy = ProgrammePolicy()
allocation_policy = AllocationPolicy()
disbursement_policy = DisbursementPolicy()
committee_policy = SteeringCommitteePolicy()
holiday_policy = HolidayPolicy()

DIRECTIVE_FIELDS = ("number", "date", "issuing_body", "type", "summary", "attachment")
TASK_FIELDS = (
    "directive", "parent", "level", "title", "lead_unit", "deadline", "recurrence", "first_due",
    "last_due",
    "expected_product", "programme", "cancelled_on",
)  # fmt: skip
TASK_RELATIONS = ("co_units", "indicators")
PROGRAMME_FIELDS = ("name", "first_year", "last_year")
ALLOCATION_FIELDS = ("programme", "year", "org_unit", "project", "amount")
COMMITTEE_FIELDS = ("org_unit", "decision_number", "decision_date", "head", "members")
HOLIDAY_FIELDS = ("date", "name")


def clean(obj: Model, **options: Any) -> Errors:
    """The model's own validation (types, lengths, choices, unique fields) as field messages;
    the table constraints are checked by the services, which name the field."""
    try:
        obj.full_clean(validate_constraints=False, **options)
    except ValidationError as exc:
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {}


def required_reason(text: str, field: str) -> str:
    if not text.strip():
        raise ValidationError({field: _("Say why, so the unit knows what to correct.")})
    return text.strip()


def file_problems(field: str, upload: File[bytes] | None) -> Errors:
    if upload is None:
        return {}
    try:
        check_evidence(upload)
    except ValueError as exc:
        return {field: [str(exc)]}
    return {}


def attach_file(obj: Model, field: str, upload: File[bytes] | None) -> None:
    """Store ``upload`` in ``obj``'s file field (not saving ``obj``); callers hold the
    transaction."""
    if upload is not None:
        name = os.path.basename(upload.name or field)
        getattr(obj, field).save(name, upload, save=False)
