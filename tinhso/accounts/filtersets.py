"""Filters of the user list, shared by the page and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.models import User


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    org_unit = django_filters.CharFilter(label=_("Org unit code"), field_name="org_unit__code")
    role = django_filters.CharFilter(label=_("Role"), field_name="groups__name")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "org_unit", "role", "is_active"]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return queryset.filter(Q(full_name__icontains=value) | Q(username__icontains=value))
