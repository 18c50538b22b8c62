"""Writes to disaggregation categories and their options. Center staff and administrators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from tinhso.audit.services import Snapshot, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import assign, check_names, raise_errors
from tinhso.monitoring.metadata.common import (
    CODED,
    delete_unreferenced,
    dot_message,
    joined_codes,
    model_errors,
    policy,
)
from tinhso.monitoring.metadata.fixed import refuse_fixed
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    Category,
    CategoryOption,
    DataValue,
    Indicator,
    ValidationRule,
)
from tinhso.monitoring.references import naming

CATEGORY_FIELDS = (*CODED, "options")


@dataclass(frozen=True)
class OptionSpec:
    """One option of a category as entered; the order of the list is the display order."""

    code: str
    name: str
    name_en: str = ""


def create_category(
    *, actor: Any, code: str, name: str, options: Sequence[OptionSpec], **fields: Any
) -> Category:
    """Create a disaggregation category with its options. Center staff and administrators."""
    policy.require(actor, ADD)
    check_names(fields, CATEGORY_FIELDS)
    category = Category(code=code, name=name, **fields)
    raise_errors(model_errors(category), {"options": _option_problems(options)})
    with transaction.atomic():
        category.save()
        _sync_options(category, options)
        record_write(actor, category, None, _category_state(category))
    return category


def update_category(*, actor: Any, category: Category, **changes: Any) -> Category:
    """Change a category and, when ``options`` is given, replace its options by that list:
    options are matched by code; one that holds values or that an expression names stays."""
    policy.require(actor, CHANGE, category)
    check_names(changes, CATEGORY_FIELDS)
    if category.code == DEFAULT_CODE:
        raise ValidationError(_("The built-in category cannot be changed."))
    options: Sequence[OptionSpec] | None = changes.pop("options", None)
    with transaction.atomic():
        refuse_fixed(category, changes)
        before = _category_state(category)
        assign(category, changes)
        errors = model_errors(category)
        if options is not None:
            errors["options"] = _option_problems(options) + _removal_problems(category, options)
        raise_errors(errors)
        category.save()
        if options is not None:
            _sync_options(category, options)
        record_write(actor, category, before, _category_state(category))
    return category


def delete_category(*, actor: Any, category: Category) -> None:
    """Delete a category no data element uses, with its options."""
    policy.require(actor, DELETE, category)
    problems = []
    if category.code == DEFAULT_CODE:
        problems.append(_("The built-in category cannot be changed."))
    users = joined_codes(category.data_elements.all())
    if users:
        problems.append(_("Data elements use it: %(codes)s.") % {"codes": users})
    delete_unreferenced(
        actor, category, _category_state(category), problems, parts=category.options.all()
    )


def _option_problems(options: Sequence[OptionSpec]) -> list[str]:
    if not options:
        return [_("Give at least one option.")]
    problems = []
    seen: set[str] = set()
    for number, spec in enumerate(options, 1):
        option = CategoryOption(code=spec.code, name=spec.name, name_en=spec.name_en)
        errors = model_errors(option, exclude=["category"])
        if "." in spec.code:
            errors.setdefault("code", []).append(dot_message())
        if spec.code in seen:
            errors.setdefault("code", []).append(_("This code appears twice."))
        seen.add(spec.code)
        problems += [
            _("Option %(number)s (%(code)s): %(message)s")
            % {"number": number, "code": spec.code, "message": message}
            for messages in errors.values()
            for message in messages
        ]
    return problems


def _removal_problems(category: Category, options: Sequence[OptionSpec]) -> list[str]:
    """Why options missing from ``options`` cannot go: they hold values or expressions name them."""
    kept = {spec.code for spec in options}
    removed = [option for option in category.options.all() if option.code not in kept]
    if not removed:
        return []
    with_values = set(
        DataValue.objects.filter(option__in=removed).values_list("option__code", flat=True)
    )
    removed_codes = {option.code for option in removed}
    problems = [
        _("Option %(code)s holds reported values; it cannot be removed.") % {"code": code}
        for code in sorted(with_values)
    ]
    named = _options_in_expressions(category, Indicator)
    problems += [
        _("Indicators use option %(code)s: %(codes)s.") % {"code": code, "codes": named[code]}
        for code in sorted(removed_codes & set(named))
    ]
    named = _options_in_expressions(category, ValidationRule)
    problems += [
        _("Validation rules use option %(code)s: %(codes)s.") % {"code": code, "codes": named[code]}
        for code in sorted(removed_codes & set(named))
    ]
    return problems


def _sync_options(category: Category, options: Sequence[OptionSpec]) -> None:
    """Make the category's options exactly ``options``, in that order; callers checked first."""
    existing = {option.code: option for option in category.options.all()}
    kept = {spec.code for spec in options}
    removed = [option.pk for code, option in existing.items() if code not in kept]
    CategoryOption.objects.filter(pk__in=removed).delete()
    for order, spec in enumerate(options, 1):
        option = existing.get(spec.code) or CategoryOption(category=category, code=spec.code)
        values = (spec.name, spec.name_en, order)
        if option.pk is None or (option.name, option.name_en, option.sort_order) != values:
            option.name, option.name_en, option.sort_order = values
            option.save()


def _options_in_expressions(category: Category, model: type[Model]) -> dict[str, str]:
    """Option code -> the codes of the indicators (or rules) whose expressions name it."""
    elements = set(category.data_elements.values_list("code", flat=True))
    found: dict[str, set[str]] = {}
    for obj, references in naming(model, elements):
        for reference in references:
            if reference.code in elements and reference.option:
                found.setdefault(reference.option, set()).add(obj.code)
    return {option: ", ".join(sorted(codes)) for option, codes in found.items()}


def _category_state(category: Category) -> Snapshot:
    options = category.options.order_by("sort_order", "code")
    return {**snapshot(category, CODED), "options": [f"{o.code}: {o.name}" for o in options]}
