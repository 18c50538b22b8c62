"""Filters of the notifications list, shared by the API."""

from __future__ import annotations

import django_filters

from tinhso.notifications.models import Notification


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Only unread (true) or only read (false)"
    )

    class Meta:
        model = Notification
        fields = ["unread"]
