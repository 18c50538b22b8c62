"""What every app's services do alike around a write: refuse field names a service does not
take, set the changes, and gather the field messages of several checks into one error."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

Errors = dict[str, list[str]]


def check_names(fields: dict[str, Any], allowed: Collection[str]) -> None:
    """Refuse, by name, every field the service does not take."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be changed.")))


def assign(obj: Model, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(obj, name, value)


def raise_errors(*error_dicts: Errors) -> None:
    """One ValidationError with every field's messages, if any check found something."""
    errors: Errors = {}
    for found in error_dicts:
        for name, messages in found.items():
            if messages:
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
