"""Every write to monitoring metadata: disaggregation categories and their options, data
elements, indicator groups, indicators, validation rules, data sets and targets. Center staff and
administrators.

Codes are how everything else names metadata: dataValueSets files and the API address elements,
options and data sets by code, and the expressions of indicators and validation rules read
``#{ELEMENT.OPTION}``. So a code stays fixed once something refers to it: an element's once
values are reported for it or an expression names it; an option's likewise; a category's once
its options hold values; a data set's once a unit has a report of it; an indicator's once it has
targets. Group and rule codes stay free.
What stored values depend on is fixed with them: an element's category and value type, a data
set's period type. ``fixed_fields`` says which fields of an object are fixed and why.

Nothing that data refer to is ever deleted; unreferenced metadata may be, and that is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from tinhso.audit.models import AuditAction
from tinhso.audit.services import Snapshot, record_change, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    Category,
    CategoryOption,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    IndicatorGroup,
    Target,
    ValidationRule,
)
from tinhso.monitoring.permissions import MetadataPolicy
from tinhso.monitoring.references import (
    EXPRESSIONS,
    check_expression,
    codes_using,
    naming,
    references_of,
)
from tinhso.orgunits.models import OrgUnit

policy = MetadataPolicy()

CODED = ("code", "national_code", "name", "name_en", "description")
CATEGORY_FIELDS = (*CODED, "options")
ELEMENT_FIELDS = (
    *CODED, "value_type", "unit", "aggregation", "direction", "category", "min_value", "max_value",
)  # fmt: skip
GROUP_FIELDS = CODED
INDICATOR_FIELDS = (
    *CODED, "numerator", "denominator", "factor", "decimals", "unit", "direction",
    "green_from", "amber_from", "groups",
)  # fmt: skip
DATA_SET_FIELDS = (
    *CODED, "period_type", "deadline_days", "late_days", "elements", "org_units",
)  # fmt: skip
RULE_FIELDS = (*CODED, "left", "operator", "right")
TARGET_FIELDS = ("indicator", "org_unit", "year", "value", "baseline", "baseline_year")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class OptionSpec:
    """One option of a category as entered; the order of the list is the display order."""

    code: str
    name: str
    name_en: str = ""


# Categories ------------------------------------------------------------------------------------


def create_category(
    *, actor: Any, code: str, name: str, options: Sequence[OptionSpec], **fields: Any
) -> Category:
    """Create a disaggregation category with its options. Center staff and administrators."""
    policy.require(actor, ADD)
    check_names(fields, CATEGORY_FIELDS)
    category = Category(code=code, name=name, **fields)
    raise_errors(_clean(category), {"options": _option_problems(options)})
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
        _refuse_fixed(category, changes)
        before = _category_state(category)
        assign(category, changes)
        errors = _clean(category)
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
    users = _joined(category.data_elements.all())
    if users:
        problems.append(_("Data elements use it: %(codes)s.") % {"codes": users})
    _delete(actor, category, _category_state(category), problems, parts=category.options.all())


def _option_problems(options: Sequence[OptionSpec]) -> list[str]:
    if not options:
        return [_("Give at least one option.")]
    problems = []
    seen: set[str] = set()
    for number, spec in enumerate(options, 1):
        option = CategoryOption(code=spec.code, name=spec.name, name_en=spec.name_en)
        errors = _clean(option, exclude=["category"])
        if "." in spec.code:
            errors.setdefault("code", []).append(_dot_message())
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


# Data elements ---------------------------------------------------------------------------------


def create_data_element(
    *, actor: Any, code: str, name: str, value_type: str, **fields: Any
) -> DataElement:
    """Create a data element. Center staff and administrators."""
    policy.require(actor, ADD)
    check_names(fields, ELEMENT_FIELDS)
    element = DataElement(code=code, name=name, value_type=value_type, **fields)
    raise_errors(_element_problems(element))
    with transaction.atomic():
        element.save()
        record_write(actor, element, None, _element_state(element))
    return element


def update_data_element(*, actor: Any, element: DataElement, **changes: Any) -> DataElement:
    """Change a data element; its code, category and value type are fixed once it has values."""
    policy.require(actor, CHANGE, element)
    check_names(changes, ELEMENT_FIELDS)
    with transaction.atomic():
        _refuse_fixed(element, changes)
        before = _element_state(element)
        assign(element, changes)
        raise_errors(_element_problems(element))
        element.save()
        record_write(actor, element, before, _element_state(element))
    return element


def delete_data_element(*, actor: Any, element: DataElement) -> None:
    """Delete a data element that has no values, is in no data set and no expression."""
    policy.require(actor, DELETE, element)
    problems = []
    if element.values.exists():
        problems.append(_("Values have been reported for it."))
    sets = _joined(element.data_sets.all())
    if sets:
        problems.append(_("It belongs to data sets: %(codes)s.") % {"codes": sets})
    indicators = codes_using(Indicator, element.code)
    if indicators:
        problems.append(_("Indicators use it: %(codes)s.") % {"codes": indicators})
    rules = codes_using(ValidationRule, element.code)
    if rules:
        problems.append(_("Validation rules use it: %(codes)s.") % {"codes": rules})
    _delete(actor, element, _element_state(element), problems)


def _element_problems(element: DataElement) -> Errors:
    errors = _clean(element)
    if "." in element.code:
        errors.setdefault("code", []).append(_dot_message())
    if element.category is not None and element.category.code == DEFAULT_CODE:
        errors.setdefault("category", []).append(
            _("Leave the disaggregation empty for values that are not split.")
        )
    low, high = element.min_value, element.max_value
    if low is not None and high is not None and low > high:
        errors.setdefault("max_value", []).append(_("The maximum is below the minimum."))
    return errors


def _element_state(element: DataElement) -> Snapshot:
    plain = [name for name in ELEMENT_FIELDS if name != "category"]
    return {**snapshot(element, plain), "category": _code_of(element.category)}


def _dot_message() -> str:
    return _("A code here cannot contain a dot: expressions read #{ELEMENT.OPTION}.")


# Indicator groups ------------------------------------------------------------------------------


def create_indicator_group(*, actor: Any, code: str, name: str, **fields: Any) -> IndicatorGroup:
    """Create an indicator group (a framework or programme). Center staff and administrators."""
    policy.require(actor, ADD)
    check_names(fields, GROUP_FIELDS)
    group = IndicatorGroup(code=code, name=name, **fields)
    raise_errors(_clean(group))
    with transaction.atomic():
        group.save()
        record_write(actor, group, None, snapshot(group, CODED))
    return group


def update_indicator_group(*, actor: Any, group: IndicatorGroup, **changes: Any) -> IndicatorGroup:
    """Change an indicator group; its code too, since only links by id refer to it."""
    policy.require(actor, CHANGE, group)
    check_names(changes, GROUP_FIELDS)
    with transaction.atomic():
        before = snapshot(group, CODED)
        assign(group, changes)
        raise_errors(_clean(group))
        group.save()
        record_write(actor, group, before, snapshot(group, CODED))
    return group


def delete_indicator_group(*, actor: Any, group: IndicatorGroup) -> None:
    """Delete a group; its indicators stay, outside it. The entry lists who was in it."""
    policy.require(actor, DELETE, group)
    state = {**snapshot(group, CODED), "indicators": _codes(group.indicators.all())}
    _delete(actor, group, state, [])


# Indicators ------------------------------------------------------------------------------------


def create_indicator(
    *,
    actor: Any,
    code: str,
    name: str,
    numerator: str,
    denominator: str = "1",
    groups: Iterable[IndicatorGroup] = (),
    **fields: Any,
) -> Indicator:
    """Create an indicator; its expressions must parse and name known elements and options."""
    policy.require(actor, ADD)
    check_names(fields, INDICATOR_FIELDS)
    indicator = Indicator(
        code=code, name=name, numerator=numerator, denominator=denominator, **fields
    )
    raise_errors(_indicator_problems(indicator))
    with transaction.atomic():
        indicator.save()
        indicator.groups.set(list(groups))
        record_write(actor, indicator, None, _indicator_state(indicator))
    return indicator


def update_indicator(*, actor: Any, indicator: Indicator, **changes: Any) -> Indicator:
    """Change an indicator; its code is fixed once it has targets."""
    policy.require(actor, CHANGE, indicator)
    check_names(changes, INDICATOR_FIELDS)
    groups = changes.pop("groups", None)
    with transaction.atomic():
        _refuse_fixed(indicator, changes)
        before = _indicator_state(indicator)
        assign(indicator, changes)
        raise_errors(_indicator_problems(indicator))
        indicator.save()
        if groups is not None:
            indicator.groups.set(list(groups))
        record_write(actor, indicator, before, _indicator_state(indicator))
    return indicator


def delete_indicator(*, actor: Any, indicator: Indicator) -> None:
    """Delete an indicator that has no targets."""
    policy.require(actor, DELETE, indicator)
    problems = []
    if indicator.targets.exists():
        problems.append(_("It has targets; delete them first."))
    _delete(actor, indicator, _indicator_state(indicator), problems)


def _indicator_problems(indicator: Indicator) -> Errors:
    errors = _clean(indicator)
    _add_expression_problems(indicator, errors)
    if indicator.factor == 0:
        errors.setdefault("factor", []).append(_("The factor cannot be zero."))
    amber, green = indicator.amber_from, indicator.green_from
    if amber is not None and green is not None and amber > green:
        errors.setdefault("amber_from", []).append(_("Amber starts above green."))
    return errors


def _add_expression_problems(obj: Indicator | ValidationRule, errors: Errors) -> None:
    """Add to ``errors`` what check_expression finds in each expression field of ``obj``; a
    field the model's own validation refused (left blank) is not parsed too."""
    for name in EXPRESSIONS[type(obj)]:
        text = getattr(obj, name)
        if text.strip() and name not in errors:
            problems = check_expression(text)
            if problems:
                errors[name] = problems


def _indicator_state(indicator: Indicator) -> Snapshot:
    plain = [name for name in INDICATOR_FIELDS if name != "groups"]
    return {**snapshot(indicator, plain), "groups": _codes(indicator.groups.all())}


# Validation rules ------------------------------------------------------------------------------


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
    _delete(actor, rule, snapshot(rule, RULE_FIELDS), [])


def _rule_problems(rule: ValidationRule) -> Errors:
    errors = _clean(rule)
    if "." in rule.code:
        errors.setdefault("code", []).append(_dot_message())
    _add_expression_problems(rule, errors)
    # Constants on both sides compare nothing a unit reports: the rule would always or never fail.
    sides_valid = not {"left", "right"} & set(errors)
    if sides_valid and not references_of(rule):
        errors["left"] = [_("Name a data element on at least one side.")]
    return errors


# Data sets -------------------------------------------------------------------------------------


def create_data_set(
    *,
    actor: Any,
    code: str,
    name: str,
    period_type: str,
    elements: Iterable[DataElement],
    org_units: Iterable[OrgUnit] = (),
    **fields: Any,
) -> DataSet:
    """Create a data set: which elements which units report, how often and by when."""
    policy.require(actor, ADD)
    check_names(fields, DATA_SET_FIELDS)
    data_set = DataSet(code=code, name=name, period_type=period_type, **fields)
    elements, org_units = list(elements), list(org_units)
    raise_errors(_clean(data_set), _membership_problems(data_set, elements, org_units))
    with transaction.atomic():
        data_set.save()
        data_set.elements.set(elements)
        data_set.org_units.set(org_units)
        record_write(actor, data_set, None, _data_set_state(data_set))
    return data_set


def update_data_set(*, actor: Any, data_set: DataSet, **changes: Any) -> DataSet:
    """Change a data set; its code and period type are fixed once units have reports of it.
    Removing an element keeps its values; it is just no longer asked for in this set."""
    policy.require(actor, CHANGE, data_set)
    check_names(changes, DATA_SET_FIELDS)
    elements, org_units = changes.pop("elements", None), changes.pop("org_units", None)
    elements = list(elements) if elements is not None else None
    org_units = list(org_units) if org_units is not None else None
    with transaction.atomic():
        _refuse_fixed(data_set, changes)
        before = _data_set_state(data_set)
        assign(data_set, changes)
        raise_errors(_clean(data_set), _membership_problems(data_set, elements, org_units))
        data_set.save()
        if elements is not None:
            data_set.elements.set(elements)
        if org_units is not None:
            data_set.org_units.set(org_units)
        record_write(actor, data_set, before, _data_set_state(data_set))
    return data_set


def delete_data_set(*, actor: Any, data_set: DataSet) -> None:
    """Delete a data set no unit has a report of; its elements and their values stay."""
    policy.require(actor, DELETE, data_set)
    problems = []
    if data_set.submissions.exists():
        problems.append(_("Units have reports of it."))
    _delete(actor, data_set, _data_set_state(data_set), problems)


def _membership_problems(
    data_set: DataSet, elements: list[DataElement] | None, org_units: list[OrgUnit] | None
) -> Errors:
    errors: Errors = {}
    if elements is not None and not elements:
        errors["elements"] = [_("Choose at least one data element.")]
    if org_units is not None:
        current = set(data_set.org_units.values_list("pk", flat=True)) if data_set.pk else set()
        ended = [unit.code for unit in org_units if not unit.is_active and unit.pk not in current]
        if ended:
            message = _("These units no longer exist: %(codes)s.") % {"codes": ", ".join(ended)}
            errors["org_units"] = [message]
    return errors


def _data_set_state(data_set: DataSet) -> Snapshot:
    plain = [name for name in DATA_SET_FIELDS if name not in {"elements", "org_units"}]
    return {
        **snapshot(data_set, plain),
        "elements": _codes(data_set.elements.all()),
        "org_units": _codes(data_set.org_units.all()),
    }


# Targets ---------------------------------------------------------------------------------------


def create_target(
    *, actor: Any, indicator: Indicator, org_unit: OrgUnit, year: int, value: Any, **fields: Any
) -> Target:
    """Set where an indicator should be for a unit in a year, with an optional baseline."""
    policy.require(actor, ADD)
    check_names(fields, TARGET_FIELDS)
    target = Target(indicator=indicator, org_unit=org_unit, year=year, value=value, **fields)
    raise_errors(_target_problems(target))
    with transaction.atomic():
        target.save()
        record_write(actor, target, None, _target_state(target), org_unit=target.org_unit)
    return target


def update_target(*, actor: Any, target: Target, **changes: Any) -> Target:
    """Change a target, its year or unit included; nothing refers to a target."""
    policy.require(actor, CHANGE, target)
    check_names(changes, TARGET_FIELDS)
    with transaction.atomic():
        before = _target_state(target)
        assign(target, changes)
        raise_errors(_target_problems(target))
        target.save()
        record_write(actor, target, before, _target_state(target), org_unit=target.org_unit)
    return target


def delete_target(*, actor: Any, target: Target) -> None:
    """Delete a target."""
    policy.require(actor, DELETE, target)
    _delete(actor, target, _target_state(target), [], org_unit=target.org_unit)


def _target_problems(target: Target) -> Errors:
    errors = _clean(target, validate_constraints=False)
    clash = Target.objects.filter(
        indicator_id=target.indicator_id, org_unit_id=target.org_unit_id, year=target.year
    ).exclude(pk=target.pk)
    if target.year is not None and clash.exists():
        message = _("This indicator already has a target for this unit and year.")
        errors.setdefault("year", []).append(message)
    for name in ("year", "baseline_year"):
        year = getattr(target, name)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            message = _("Give a year from %(first)s to %(last)s.")
            errors.setdefault(name, []).append(message % {"first": FIRST_YEAR, "last": LAST_YEAR})
    if target.baseline is not None and target.baseline_year is None:
        errors.setdefault("baseline_year", []).append(_("Give the year of the baseline."))
    if target.baseline is None and target.baseline_year is not None:
        errors.setdefault("baseline", []).append(_("Give the baseline value."))
    if target.baseline_year and target.year and target.baseline_year > target.year:
        errors.setdefault("baseline_year", []).append(_("The baseline is after the target year."))
    return errors


def _target_state(target: Target) -> Snapshot:
    return {
        **snapshot(target, ["year", "value", "baseline", "baseline_year"]),
        "indicator": target.indicator.code,
        "org_unit": target.org_unit.code,
    }


# What is fixed ---------------------------------------------------------------------------------


def fixed_fields(obj: Model) -> dict[str, str]:
    """The fields of ``obj`` that can no longer change, each with the reason; forms show them
    read-only and the update services refuse to change them."""
    checks: dict[type[Model], Callable[[Any], dict[str, str]]] = {
        DataElement: _fixed_of_element,
        Category: _fixed_of_category,
        Indicator: _fixed_of_indicator,
        DataSet: _fixed_of_data_set,
    }
    check = checks.get(type(obj))
    return check(obj) if check is not None and obj.pk is not None else {}


def _fixed_of_element(element: DataElement) -> dict[str, str]:
    fixed: dict[str, str] = {}
    indicators = codes_using(Indicator, element.code)
    rules = codes_using(ValidationRule, element.code)
    if indicators:
        fixed["code"] = _("Fixed: indicators use this code (%(codes)s).") % {"codes": indicators}
    elif rules:
        fixed["code"] = _("Fixed: validation rules use this code (%(codes)s).") % {"codes": rules}
    if element.values.exists():
        reason = _("Fixed: values have been reported for this data element.")
        fixed.update(dict.fromkeys(("code", "category", "value_type"), reason))
    return fixed


def _fixed_of_category(category: Category) -> dict[str, str]:
    if DataValue.objects.filter(option__category=category).exists():
        return {"code": _("Fixed: its options hold reported values.")}
    return {}


def _fixed_of_indicator(indicator: Indicator) -> dict[str, str]:
    if indicator.targets.exists():
        return {"code": _("Fixed: the indicator has targets.")}
    return {}


def _fixed_of_data_set(data_set: DataSet) -> dict[str, str]:
    if data_set.submissions.exists():
        reason = _("Fixed: units have reports of this data set.")
        return dict.fromkeys(("code", "period_type"), reason)
    return {}


def _refuse_fixed(obj: Model, changes: dict[str, Any]) -> None:
    """Refuse a change to a fixed field; giving its current value again is no change."""
    fixed = fixed_fields(obj)
    errors = {
        name: reason
        for name, reason in fixed.items()
        if name in changes and changes[name] != getattr(obj, name)
    }
    if errors:
        raise ValidationError(errors)


# Shared steps ----------------------------------------------------------------------------------


def _clean(obj: Model, **options: Any) -> Errors:
    """The model's own validation (types, lengths, choices, unique codes) as field messages."""
    try:
        obj.full_clean(**options)
    except ValidationError as exc:
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {}


def _delete(
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


def _codes(queryset: Iterable[Any]) -> list[str]:
    return sorted(obj.code for obj in queryset)


def _joined(queryset: Iterable[Any]) -> str:
    return ", ".join(_codes(queryset))


def _code_of(obj: Any) -> str | None:
    return obj.code if obj is not None else None
