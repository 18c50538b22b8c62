"""The traceability module's own tabs, under its one main-menu entry; each shown only to users
its policy lets in (the same MenuItem rule as the main menu)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tinhso.core.navigation import MenuItem

_P = "tinhso.traceability.permissions."

TABS: list[MenuItem] = [
    MenuItem(_("My enterprise"), "traceability:mine", _P + "EnterprisePolicy", "profile"),
    MenuItem(_("Overview"), "traceability:overview", _P + "EnterprisePolicy", "overview"),
    MenuItem(_("Enterprises"), "traceability:enterprise_list", _P + "EnterprisePolicy", "browse"),
    MenuItem(_("Locations"), "traceability:location_list", _P + "LocationPolicy"),
    MenuItem(_("Products"), "traceability:product_list", _P + "ProductPolicy"),
]
