"""Filters of the monitoring metadata lists, shared by the pages and the API. Choices of related
metadata are named by code, so the same query string works in a page and in the API."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.monitoring.choices import Aggregation, Direction, PeriodTypeChoice, ValueType
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    Category,
    DataElement,
    DataSet,
    Indicator,
    IndicatorGroup,
    Target,
    ValidationRule,
)

ALL = _("All")


class FilterForm(BootstrapMixin, forms.Form):
    """A filter form with Bootstrap's classes, so a list template can render any filter set."""


class CodedFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """Search by code, national code or either name."""

    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        form = FilterForm

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(code__icontains=value)
            | Q(national_code__icontains=value)
            | Q(name__icontains=value)
            | Q(name_en__icontains=value)
        )


def _by_code(queryset: QuerySet[Any], field_name: str, label: Any) -> Any:
    return django_filters.ModelChoiceFilter(
        label=label, field_name=field_name, queryset=queryset, to_field_name="code",
        empty_label=ALL,
    )  # fmt: skip


def _choice(label: Any, choices: Any) -> Any:
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label=ALL)


class CategoryFilterSet(CodedFilterSet):
    class Meta(CodedFilterSet.Meta):
        model = Category
        fields = ["q"]


class DataElementFilterSet(CodedFilterSet):
    value_type = _choice(_("Value type"), ValueType.choices)
    aggregation = _choice(_("Aggregation"), Aggregation.choices)
    category = _by_code(
        Category.objects.exclude(code=DEFAULT_CODE), "category", _("Disaggregation")
    )
    data_set = _by_code(DataSet.objects.all(), "data_sets", _("Data set"))

    class Meta(CodedFilterSet.Meta):
        model = DataElement
        fields = ["q", "value_type", "aggregation", "category", "data_set"]


class IndicatorGroupFilterSet(CodedFilterSet):
    class Meta(CodedFilterSet.Meta):
        model = IndicatorGroup
        fields = ["q"]


class IndicatorFilterSet(CodedFilterSet):
    group = _by_code(IndicatorGroup.objects.all(), "groups", _("Group"))
    direction = _choice(_("Direction"), Direction.choices)

    class Meta(CodedFilterSet.Meta):
        model = Indicator
        fields = ["q", "group", "direction"]


class ValidationRuleFilterSet(CodedFilterSet):
    """Search also finds the rules whose sides name an element, e.g. ``#{STARTUPS``."""

    class Meta(CodedFilterSet.Meta):
        model = ValidationRule
        fields = ["q"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        sides = queryset.filter(Q(left__icontains=value) | Q(right__icontains=value))
        return super().search(queryset, name, value) | sides


class DataSetFilterSet(CodedFilterSet):
    period_type = _choice(_("Period type"), PeriodTypeChoice.choices)
    element = _by_code(DataElement.objects.all(), "elements", _("Data element"))
    org_unit = django_filters.CharFilter(
        label=_("Reporting unit code"), field_name="org_units__code"
    )

    class Meta(CodedFilterSet.Meta):
        model = DataSet
        fields = ["q", "period_type", "element", "org_unit"]


class TargetFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    indicator = _by_code(Indicator.objects.all(), "indicator", _("Indicator"))
    org_unit = django_filters.CharFilter(label=_("Org unit code"), field_name="org_unit__code")
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Target
        form = FilterForm
        fields = ["q", "indicator", "org_unit", "year"]

    def search(self, queryset: QuerySet[Target], name: str, value: str) -> QuerySet[Target]:
        return queryset.filter(
            Q(indicator__code__icontains=value)
            | Q(indicator__name__icontains=value)
            | Q(org_unit__code__istartswith=value)
            | Q(org_unit__name__icontains=value)
        )
