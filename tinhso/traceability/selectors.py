"""Reads of the traceability registry shared with other rooms."""

from __future__ import annotations

from typing import Any

from tinhso.traceability.models import Enterprise


def enterprise_of(user: Any) -> Enterprise | None:
    """The enterprise an enterprise-role account acts for (the first, should there be several);
    None for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Enterprise.objects.filter(users=user).order_by("pk").first()
