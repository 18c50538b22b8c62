"""Reads of notifications: a user's inbox and how much of it is unread."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tinhso.notifications.models import Notification


def inbox(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody else's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (0 for a visitor)."""
    return inbox(user).filter(read_at__isnull=True).count()
