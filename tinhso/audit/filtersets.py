"""Filters of the audit trail, shared by the page and the API."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.audit.models import AuditAction, AuditEntry


class AuditEntryFilterSet(django_filters.FilterSet):
    object_type = django_filters.CharFilter(
        label=_("Object type"),
        method="filter_object_type",
        help_text=_("app.model, e.g. orgunits.orgunit"),
    )
    object_id = django_filters.CharFilter(label=_("Object id"))
    actor = django_filters.CharFilter(label=_("Actor"), field_name="actor_name")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    since = django_filters.IsoDateTimeFilter(
        label=_("Since"), field_name="timestamp", lookup_expr="gte"
    )
    until = django_filters.IsoDateTimeFilter(
        label=_("Until"), field_name="timestamp", lookup_expr="lt"
    )

    class Meta:
        model = AuditEntry
        fields = ["object_type", "object_id", "actor", "action", "since", "until"]

    def filter_object_type(
        self, queryset: QuerySet[AuditEntry], name: str, value: str
    ) -> QuerySet[AuditEntry]:
        app_label, _sep, model = value.lower().partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)
