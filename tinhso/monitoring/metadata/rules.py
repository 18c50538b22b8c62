"""Writes to validation rules, the checks between values of one report. Center staff and
administrators."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.audit.services import record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.monitoring.metadata.common import (
    CODED,
    add_expression_problems,
    delete_unreferenced,
    dot_message,
    model_errors,
    policy,
)
from tinhso.monitoring.models import ValidationRule
from tinhso.monitoring.references import references_of

RULE_FIELDS = (*CODED, "left", "operator", "right")


def create_validation_rule(
    *, actor: Any, code: str, name: str, left: str, operator: str, right: str, **fields: Any
) -> ValidationRule:
    """Create a rule between values of one report, e.g. online dossiers <= dossiers received;
    its name is the message a reporter sees when it is broken."""
    policy.require(actor, ADD)
    check_names(fields, RULE_FIELDS)
    rule = ValidationRule(code=code, name=name, left=left, operator=operator, right=right, **fields)
    raise_errors(_rule_problems(rule))
    with transaction.atomic():
        rule.save()
        record_write(actor, rule, None, snapshot(rule, RULE_FIELDS))
    return rule


def update_validation_rule(*, actor: Any, rule: ValidationRule, **changes: Any) -> ValidationRule:
    """Change a rule, its code too: nothing refers to a rule."""
    policy.require(actor, CHANGE, rule)
    check_names(changes, RULE_FIELDS)
    with transaction.atomic():
        before = snapshot(rule, RULE_FIELDS)
        assign(rule, changes)
        raise_errors(_rule_problems(rule))
        rule.save()
        record_write(actor, rule, before, snapshot(rule, RULE_FIELDS))
    return rule


def delete_validation_rule(*, actor: Any, rule: ValidationRule) -> None:
    """Delete a rule; reports saved under it keep their values."""
    policy.require(actor, DELETE, rule)
    delete_unreferenced(actor, rule, snapshot(rule, RULE_FIELDS), [])


def _rule_problems(rule: ValidationRule) -> Errors:
    errors = model_errors(rule)
    if "." in rule.code:
        errors.setdefault("code", []).append(dot_message())
    add_expression_problems(rule, errors)
    # Constants on both sides compare nothing a unit reports: the rule would always or never fail.
    sides_valid = not {"left", "right"} & set(errors)
    if sides_valid and not references_of(rule):
        errors["left"] = [_("Name a data element on at least one side.")]
    return errors
