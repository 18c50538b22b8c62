"""Every write of notifications: sending one (idempotent on its key) and marking them read.

Notifications are a user's own inbox, not reported data: marking one read is not audited (it
would flood the audit trail with nothing anyone needs to trace). What a notification was sent
for is recorded by its sender (e.g. steering's ReminderLog).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from tinhso.core.policies import CHANGE
from tinhso.notifications.models import Notification
from tinhso.notifications.permissions import NotificationPolicy

policy = NotificationPolicy()
TITLE_LENGTH = Notification._meta.get_field("title").max_length or 300


def notify(
    *, recipient: Any, key: str, title: str, body: str = "", link: str = ""
) -> tuple[Notification, bool]:
    """Send ``recipient`` a notification unless one with ``key`` was sent to them already;
    returns it and whether it is new. For code that sends (reminders), not for users."""
    if not key:
        raise ValidationError({"key": _("A notification needs a key.")})
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValidationError({"link": _("A link must be a path on this site.")})
    title = Truncator(title).chars(TITLE_LENGTH)
    with transaction.atomic():
        return Notification.objects.get_or_create(
            recipient=recipient, key=key, defaults={"title": title, "body": body, "link": link}
        )


def mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (once: the first reading is kept)."""
    policy.require(actor, CHANGE, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    policy.require(actor, CHANGE)
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
