"""Filters of the steering lists, shared by the API and (later) the pages."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.steering.choices import Review, TaskLevel, TaskStatus
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    ExtensionRequest,
    ProgressReport,
    Task,
)
from tinhso.steering.selectors import with_status


class DirectiveFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    number = django_filters.CharFilter(lookup_expr="icontains", label=_("number"))

    class Meta:
        model = Directive
        fields = ["number", "type", "date"]


class TaskFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """``status`` is derived: it is worked out for the tasks in reach, then matched."""

    status = django_filters.MultipleChoiceFilter(
        choices=TaskStatus.choices, method="filter_status", label=_("Status")
    )
    lead_unit = django_filters.CharFilter(field_name="lead_unit__code", label=_("lead unit"))
    level = django_filters.ChoiceFilter(choices=TaskLevel.choices, label=_("level"))

    class Meta:
        model = Task
        fields = ["directive", "parent", "programme", "lead_unit", "level", "status"]

    def filter_status(
        self, queryset: QuerySet[Task], name: str, value: list[str]
    ) -> QuerySet[Task]:
        return with_status(queryset, value) if value else queryset


class ProgressReportFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    review = django_filters.ChoiceFilter(choices=Review.choices, label=_("review"))

    class Meta:
        model = ProgressReport
        fields = ["task", "marks_done", "review"]


class ExtensionRequestFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    class Meta:
        model = ExtensionRequest
        fields = ["task", "status"]


class AllocationFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    org_unit = django_filters.CharFilter(field_name="org_unit__code", label=_("org unit"))

    class Meta:
        model = Allocation
        fields = ["programme", "year", "org_unit"]


class DisbursementFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    programme = django_filters.NumberFilter(
        field_name="allocation__programme", label=_("programme")
    )

    class Meta:
        model = Disbursement
        fields = ["allocation", "programme"]
