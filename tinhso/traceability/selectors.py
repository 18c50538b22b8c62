"""Reads of the traceability registry: the enterprise an account acts for, lists with their
counts, and the overview by commune and product type whose two headline counts feed the
monitoring indicators.

Definitions (the same on the pages, in the API and for the indicators):

- an enterprise **uses traceability** when at least one of its products has a batch;
- a product **has a QR code** when it has a GTIN and at least one batch: the batch's GS1
  Digital Link ``/01/{gtin}/10/{lot}`` is then what its label's QR code carries;
- the **events** of a commune are the EPCIS events its enterprises own (the ``epcis`` app);
  events are not typed by product, so the product-type rows have none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.choices import ProductCategory
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial

HAS_BATCH = Q(has_batch=True)  # on products annotated with has_batch (overview)
HAS_QR_CODE = HAS_BATCH & ~Q(gtin="")


def enterprise_of(user: Any) -> Enterprise | None:
    """The enterprise an enterprise-role account acts for (the first, should there be several);
    None for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Enterprise.objects.filter(users=user).order_by("pk").first()


def enterprise_ids_of(user: Any) -> list[int]:
    """The ids of every enterprise ``user`` acts for, oldest first; empty for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Enterprise.objects.filter(users=user).order_by("pk").values_list("pk", flat=True))


def enterprises_using_traceability() -> QuerySet[Enterprise]:
    """Enterprises with at least one product that has a batch."""
    return Enterprise.objects.filter(pk__in=Batch.objects.values("product__enterprise"))


def products_with_qr_code() -> QuerySet[Product]:
    """Products with a GTIN and at least one batch."""
    return Product.objects.exclude(gtin="").filter(pk__in=Batch.objects.values("product"))


def _count_of(queryset: QuerySet[Any], lookup: str) -> Coalesce:
    """How many rows of ``queryset`` point at the outer row through ``lookup``: one subquery, so
    that several counts on one list do not multiply each other."""
    counted = (
        queryset.filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Each enterprise with ``location_count``, ``product_count`` and ``batch_count``."""
    return enterprises.annotate(
        location_count=_count_of(Location.objects.all(), "enterprise"),
        product_count=_count_of(Product.objects.all(), "enterprise"),
        batch_count=_count_of(Batch.objects.all(), "product__enterprise"),
    )


def products_with_counts(products: QuerySet[Product]) -> QuerySet[Product]:
    """Each product with ``batch_count``, ``serial_count`` and ``link_count``."""
    return products.annotate(
        batch_count=_count_of(Batch.objects.all(), "product"),
        serial_count=_count_of(Serial.objects.all(), "product"),
        link_count=_count_of(ProductLink.objects.all(), "product"),
    )


# The overview ----------------------------------------------------------------------------------


@dataclass
class OverviewRow:
    """Counts of one commune, one product type, or all of them."""

    key: str
    label: str
    enterprises: int = 0
    products: int = 0
    batches: int = 0
    using_traceability: int = 0
    products_with_qr: int = 0
    events: int | None = None  # EPCIS events owned; None where they cannot be counted


@dataclass
class Overview:
    """The registry by commune and by product type, with the totals."""

    total: OverviewRow
    by_commune: list[OverviewRow] = field(default_factory=list)
    by_category: list[OverviewRow] = field(default_factory=list)
    communes_with_enterprises: int = 0
    communes: int = 0


_PRODUCT_COUNTS = {
    "products": Count("pk", distinct=True),
    "batches": Count("batches", distinct=True),
    "using_traceability": Count("enterprise", distinct=True, filter=HAS_BATCH),
    "products_with_qr": Count("pk", distinct=True, filter=HAS_QR_CODE),
}
NO_COMMUNE = "-"


def overview(*, commune: OrgUnit | None = None, category: str = "") -> Overview:
    """Enterprises, products and batches by the enterprise's commune and by product type, with
    the enterprises using traceability and the products with a QR code. ``commune`` narrows
    to the enterprises of one commune, ``category`` to the products of one type (an enterprise
    is then counted when it has a product of that type; events are then not counted).
    Eight queries, whatever the size."""
    enterprises = Enterprise.objects.order_by()
    products = Product.objects.order_by()
    if commune is not None:
        enterprises = enterprises.filter(org_unit=commune)
        products = products.filter(enterprise__org_unit=commune)
    if category:
        enterprises = enterprises.filter(products__category=category)
        products = products.filter(category=category)
    products = products.annotate(has_batch=Exists(Batch.objects.filter(product=OuterRef("pk"))))
    per_commune = _commune_rows(enterprises, products)
    per_category = _category_rows(products)
    total = OverviewRow("total", _("Total"))
    total.enterprises = enterprises.distinct().count()
    for name, value in products.aggregate(**_PRODUCT_COUNTS).items():
        setattr(total, name, value)
    if not category:
        _count_events(enterprises, per_commune, total)
    communes = OrgUnit.objects.active().filter(kind__in=LOCAL_KINDS)
    return Overview(
        total=total,
        by_commune=per_commune,
        by_category=per_category,
        communes_with_enterprises=sum(1 for row in per_commune if row.key != NO_COMMUNE),
        communes=communes.count(),
    )


def _commune_rows(
    enterprises: QuerySet[Enterprise], products: QuerySet[Product]
) -> list[OverviewRow]:
    counted = enterprises.values("org_unit").annotate(n=Count("pk", distinct=True))
    per_unit: dict[int | None, int] = {row["org_unit"]: row["n"] for row in counted}
    product_rows = products.values("enterprise__org_unit").annotate(**_PRODUCT_COUNTS)
    per_unit_products: dict[int | None, dict[str, int]] = {
        row["enterprise__org_unit"]: _counts(row) for row in product_rows
    }
    units = OrgUnit.objects.filter(pk__in=[pk for pk in per_unit if pk is not None])
    rows = []
    for unit in units.order_by("path"):
        rows.append(_row(unit.code, unit.name, per_unit[unit.pk], per_unit_products.get(unit.pk)))
    if None in per_unit:
        label = _("No commune recorded")
        rows.append(_row(NO_COMMUNE, label, per_unit[None], per_unit_products.get(None)))
    return rows


def _count_events(
    enterprises: QuerySet[Enterprise], rows: list[OverviewRow], total: OverviewRow
) -> None:
    """The EPCIS events the enterprises own, by their commune (one query)."""
    event = apps.get_model("epcis", "Event")
    owners = enterprises.order_by().values("pk")
    counted = (
        event.objects.filter(owner__in=owners)
        .order_by()
        .values("owner__org_unit__code")
        .annotate(n=Count("pk"))
    )
    per_code = {row["owner__org_unit__code"] or NO_COMMUNE: row["n"] for row in counted}
    for row in rows:
        row.events = per_code.get(row.key, 0)
    total.events = sum(per_code.values())


def _category_rows(products: QuerySet[Product]) -> list[OverviewRow]:
    counted = products.values("category").annotate(
        enterprises=Count("enterprise", distinct=True), **_PRODUCT_COUNTS
    )
    per_category: dict[str, dict[str, Any]] = {row["category"]: dict(row) for row in counted}
    return [
        _row(choice.value, str(choice.label), found["enterprises"], _counts(found))
        for choice in ProductCategory
        if (found := per_category.get(choice.value)) is not None
    ]


def _counts(row: Any) -> dict[str, int]:
    return {name: row[name] for name in _PRODUCT_COUNTS}


def _row(key: str, label: str, enterprises: int, counts: dict[str, int] | None) -> OverviewRow:
    return OverviewRow(key, label, enterprises, **(counts or {}))
