"""Template helpers of the steering pages."""

from __future__ import annotations

from typing import Any

from django import template

from tinhso.steering.navigation import TABS

register = template.Library()


@register.inclusion_tag("steering/_tabs.html", takes_context=True)
def steering_tabs(context: dict[str, Any]) -> dict[str, Any]:
    """The steering tabs this user may open, the current page's marked active."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    tabs = [
        {"item": item, "active": item.url_name == current}
        for item in TABS
        if item.allows(request.user)
    ]
    return {"tabs": tabs}
