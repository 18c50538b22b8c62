"""Filters of the registry's lists, shared by the pages and the API. The enterprise and product
choices offered are those the user may read; codes (commune, GTIN) are matched as written or,
for a GTIN, in any of its lengths."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.policies import VIEW
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.choices import LinkType, LocationKind, ProductCategory
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial
from tinhso.traceability.permissions import EnterprisePolicy, ProductPolicy
from tinhso.traceability.validators import normalize_gtin


def _enterprises(request: Any) -> QuerySet[Enterprise]:
    user = getattr(request, "user", None)
    return EnterprisePolicy().scope(Enterprise.objects.all(), user, VIEW)


def _products(request: Any) -> QuerySet[Product]:
    user = getattr(request, "user", None)
    return ProductPolicy().scope(Product.objects.all(), user, VIEW)


def _communes(request: Any) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind__in=LOCAL_KINDS).order_by("path")


def _commune_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        to_field_name="code",
        queryset=_communes,
        label=_("Commune or ward"),
        empty_label=_("All communes"),
    )


def _enterprise_filter(field_name: str = "enterprise") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=_enterprises,
        label=_("Enterprise"),
        empty_label=_("All enterprises"),
    )


class _Styled(django_filters.FilterSet):  # type: ignore[misc]
    """Bootstrap classes on every filter widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            is_select = hasattr(field, "choices") or hasattr(field, "queryset")
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")
            if name == "q":
                field.widget.attrs["type"] = "search"


class EnterpriseFilterSet(_Styled):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    org_unit = _commune_filter("org_unit")

    class Meta:
        model = Enterprise
        fields = ["q", "org_unit"]

    def filter_q(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        return queryset.filter(Q(name__icontains=value) | Q(tax_code__startswith=value.strip()))


class LocationFilterSet(_Styled):
    enterprise = _enterprise_filter()
    kind = django_filters.ChoiceFilter(
        choices=LocationKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    org_unit = _commune_filter("org_unit")

    class Meta:
        model = Location
        fields = ["enterprise", "kind", "org_unit"]


class ProductFilterSet(_Styled):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    enterprise = _enterprise_filter()
    category = django_filters.ChoiceFilter(
        choices=ProductCategory.choices, label=_("Product type"), empty_label=_("All types")
    )
    org_unit = _commune_filter("enterprise__org_unit")
    gtin = django_filters.CharFilter(label=_("GTIN"), method="filter_gtin")

    class Meta:
        model = Product
        fields = ["q", "enterprise", "category", "org_unit", "gtin"]

    def filter_q(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        gtin = normalize_gtin(value)
        return queryset.filter(
            Q(name__icontains=value) | Q(name_en__icontains=value) | Q(gtin=gtin)
        )

    def filter_gtin(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        return queryset.filter(gtin=normalize_gtin(value))


class BatchFilterSet(_Styled):
    product = django_filters.ModelChoiceFilter(queryset=_products, label=_("Product"))
    gtin = django_filters.CharFilter(label=_("GTIN"), method="filter_gtin")
    lot = django_filters.CharFilter(label=_("Lot number"))

    class Meta:
        model = Batch
        fields = ["product", "gtin", "lot"]

    def filter_gtin(self, queryset: QuerySet[Batch], name: str, value: str) -> QuerySet[Batch]:
        return queryset.filter(product__gtin=normalize_gtin(value))


class SerialFilterSet(_Styled):
    product = django_filters.ModelChoiceFilter(queryset=_products, label=_("Product"))
    serial = django_filters.CharFilter(label=_("Serial number"))

    class Meta:
        model = Serial
        fields = ["product", "batch", "serial"]


class ProductLinkFilterSet(_Styled):
    product = django_filters.ModelChoiceFilter(queryset=_products, label=_("Product"))
    link_type = django_filters.ChoiceFilter(choices=LinkType.choices, label=_("Link type"))

    class Meta:
        model = ProductLink
        fields = ["product", "link_type"]
