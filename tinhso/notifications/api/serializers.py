"""The JSON of notifications."""

from __future__ import annotations

from rest_framework import serializers

from tinhso.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    """One notification; ``link`` is a path on this site, ``read_at`` null while unread."""

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer[dict[str, int]]):
    """How many notifications were marked read."""

    marked = serializers.IntegerField()
