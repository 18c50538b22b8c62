"""Tables of the registry's list pages."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tinhso.traceability.models import Enterprise, Location, Product

TABLE_CLASS = "table table-hover table-sm bg-white align-middle"
NOWRAP = {"td": {"class": "text-nowrap"}}
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def gtin_text(gtin: str) -> SafeString:
    """A GTIN in a monospace span, or a dash without one."""
    if not gtin:
        return format_html('<span class="text-muted">{}</span>', _("no GTIN"))
    return format_html('<span class="gs1-key">{}</span>', gtin)


class EnterpriseTable(tables.Table):  # type: ignore[misc]
    name = tables.Column(verbose_name=_("Enterprise"), linkify=True)
    tax_code = tables.Column(verbose_name=_("Tax code"), attrs=NOWRAP)
    org_unit = tables.Column(
        verbose_name=_("Commune or ward"), order_by=("org_unit__path",), default="—"
    )
    location_count = tables.Column(verbose_name=_("Locations"), attrs=NUMBER)
    product_count = tables.Column(verbose_name=_("Products"), attrs=NUMBER)
    batch_count = tables.Column(verbose_name=_("Batches"), attrs=NUMBER)

    class Meta:
        model = Enterprise
        fields = ["name", "tax_code", "org_unit", "location_count", "product_count", "batch_count"]
        attrs = {"class": TABLE_CLASS, "data-testid": "enterprise-table"}
        empty_text = _("No enterprise is registered yet.")


class LocationTable(tables.Table):  # type: ignore[misc]
    name = tables.Column(verbose_name=_("Location"))
    kind = tables.Column(verbose_name=_("Kind"), attrs=NOWRAP)
    identifier = tables.Column(
        verbose_name=_("GLN or location code"), accessor="identifier", orderable=False
    )
    enterprise = tables.Column(verbose_name=_("Enterprise"), order_by=("enterprise__name",))
    org_unit = tables.Column(verbose_name=_("Commune or ward"), default="—")
    coordinates = tables.Column(
        verbose_name=_("Coordinates"), accessor="pk", orderable=False, attrs=NOWRAP
    )

    class Meta:
        model = Location
        fields = ["name", "kind", "identifier", "enterprise", "org_unit", "coordinates"]
        attrs = {"class": TABLE_CLASS, "data-testid": "location-table"}
        empty_text = _("No location is recorded yet.")

    def __init__(self, *args: Any, editable: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editable = editable or set()

    def render_name(self, record: Location) -> SafeString:
        if record.enterprise_id not in self.editable:
            return format_html("{}", record.name)
        url = reverse("traceability:location_edit", kwargs={"pk": record.pk})
        return format_html('<a href="{}">{}</a>', url, record.name)

    def render_identifier(self, record: Location) -> SafeString:
        return format_html('<span class="gs1-key">{}</span>', record.identifier or "—")

    def render_enterprise(self, record: Location) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', record.enterprise.get_absolute_url(), record.enterprise
        )

    def render_coordinates(self, record: Location) -> str:
        if not record.has_coordinates:
            return "—"
        return f"{record.latitude:.4f}, {record.longitude:.4f}"


class ProductTable(tables.Table):  # type: ignore[misc]
    name = tables.Column(verbose_name=_("Product"), linkify=True)
    gtin = tables.Column(verbose_name=_("GTIN"), attrs=NOWRAP, empty_values=())
    category = tables.Column(verbose_name=_("Product type"), attrs=NOWRAP)
    enterprise = tables.Column(verbose_name=_("Enterprise"), order_by=("enterprise__name",))
    batch_count = tables.Column(verbose_name=_("Batches"), attrs=NUMBER)
    link_count = tables.Column(verbose_name=_("Links"), attrs=NUMBER)

    class Meta:
        model = Product
        fields = ["name", "gtin", "category", "enterprise", "batch_count", "link_count"]
        attrs = {"class": TABLE_CLASS, "data-testid": "product-table"}
        empty_text = _("No product is registered yet.")

    def render_gtin(self, value: str) -> SafeString:
        return gtin_text(value)

    def render_enterprise(self, record: Product) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', record.enterprise.get_absolute_url(), record.enterprise
        )
