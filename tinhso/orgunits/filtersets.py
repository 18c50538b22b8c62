"""Filters of the org-unit list, shared by the page and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.orgunits.choices import OrgUnitKind
from tinhso.orgunits.models import OrgUnit


class OrgUnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=OrgUnitKind.choices)
    parent = django_filters.CharFilter(label=_("Parent code"), field_name="parent__code")
    active = django_filters.BooleanFilter(
        label=_("In force"), field_name="valid_to", lookup_expr="isnull"
    )
    active_on = django_filters.DateFilter(label=_("In force on"), method="filter_active_on")

    class Meta:
        model = OrgUnit
        fields = ["q", "kind", "parent", "active", "active_on"]

    def search(self, queryset: QuerySet[OrgUnit], name: str, value: str) -> QuerySet[OrgUnit]:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__istartswith=value) | Q(name_en__icontains=value)
        )

    def filter_active_on(
        self, queryset: QuerySet[OrgUnit], name: str, value: object
    ) -> QuerySet[OrgUnit]:
        return queryset.active_on(value)  # type: ignore[attr-defined]
