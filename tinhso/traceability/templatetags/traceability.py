"""Template helpers of the traceability pages: the module's tabs and the enterprise home card."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from tinhso.traceability.navigation import TABS
from tinhso.traceability.selectors import enterprise_of, products_with_counts, with_counts

register = template.Library()

RECENT_PRODUCTS = 5


@register.inclusion_tag("traceability/_tabs.html", takes_context=True)
def traceability_tabs(context: dict[str, Any]) -> dict[str, Any]:
    """The traceability tabs this user may open, the current page's marked active."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    tabs = [
        {"item": item, "active": item.url_name == current}
        for item in TABS
        if item.allows(request.user)
    ]
    return {"tabs": tabs}


@register.inclusion_tag("traceability/_home_card.html", takes_context=True)
def enterprise_home(context: dict[str, Any]) -> dict[str, Any]:
    """The enterprise's summary on its home page: counts, latest products, what to do next."""
    user = context["request"].user
    enterprise = enterprise_of(user)
    if enterprise is None:
        return {"enterprise": None}
    counted = with_counts(type(enterprise).objects.filter(pk=enterprise.pk)).get()
    products = products_with_counts(enterprise.products.order_by("-updated_at"))
    return {
        "enterprise": counted,
        "products": list(products[:RECENT_PRODUCTS]),
    }


@register.filter
def as_date(value: Any) -> dt.date | None:
    """An ISO date written as text (a certification's valid-until) as a date, for |date."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
