"""What the metadata services share: the policy, the fields every coded object takes, the
model's own validation as field messages, the audited delete, and the checks on codes and
expressions several kinds of metadata need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from tinhso.audit.models import AuditAction
from tinhso.audit.services import Snapshot, record_change
from tinhso.core.writes import Errors
from tinhso.monitoring.models import Indicator, ValidationRule
from tinhso.monitoring.permissions import MetadataPolicy
from tinhso.monitoring.references import EXPRESSIONS, check_expression

policy = MetadataPolicy()

CODED = ("code", "national_code", "name", "name_en", "description")


def model_errors(obj: Model, **options: Any) -> Errors:
    """The model's own validation (types, lengths, choices, unique codes) as field messages."""
    try:
        obj.full_clean(**options)
    except ValidationError as exc:
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {}


def delete_unreferenced(
    actor: Any,
    obj: Model,
    state: Snapshot,
    problems: list[str],
    *,
    org_unit: Model | None = None,
    parts: QuerySet[Any] | None = None,
) -> None:
    """Delete ``obj`` and its ``parts`` (a category's options) unless something refers to it;
    the entry keeps what it was."""
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        record_change(
            actor=actor, action=AuditAction.DELETE, obj=obj, before=state, org_unit=org_unit
        )
        if parts is not None:
            parts.delete()
        obj.delete()


def sorted_codes(queryset: Iterable[Any]) -> list[str]:
    """The codes of ``queryset``, sorted: how audit entries list related metadata."""
    return sorted(obj.code for obj in queryset)


def joined_codes(queryset: Iterable[Any]) -> str:
    """The sorted codes of ``queryset`` in one line, for messages."""
    return ", ".join(sorted_codes(queryset))


def code_of(obj: Any) -> str | None:
    """The code of an optional related object, for audit entries."""
    return obj.code if obj is not None else None


def dot_message() -> str:
    """Why codes that expressions address (elements, options, rules) cannot hold a dot."""
    return _("A code here cannot contain a dot: expressions read #{ELEMENT.OPTION}.")


def add_expression_problems(obj: Indicator | ValidationRule, errors: Errors) -> None:
    """Add to ``errors`` what check_expression finds in each expression field of ``obj``; a
    field the model's own validation refused (left blank) is not parsed too."""
    for name in EXPRESSIONS[type(obj)]:
        text = getattr(obj, name)
        if text.strip() and name not in errors:
            problems = check_expression(text)
            if problems:
                errors[name] = problems
