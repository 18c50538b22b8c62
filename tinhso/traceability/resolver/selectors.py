"""What the resolver reads: the registry record a Digital Link names, the EPCIS events of its
journey, the places those events name, and the product's links. Public reads: the consumer page
shows what a producer published by putting the GTIN on its pack, so nothing here is scoped to a
user. Every read is one query, so a page costs a fixed, small number of them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q

from tinhso.epcis.models import Event, EventIdentifier
from tinhso.epcis.query import ALL_ROLES
from tinhso.traceability.gs1.digital_link import CANONICAL_BASE, DigitalLink
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial
from tinhso.traceability.resolver import freshness

# Most events a consumer page shows (the latest are kept when there are more).
JOURNEY_LIMIT = 50
_GLN = re.compile(r"/41[47]/(\d{13})(?:/|$)")
_LOCAL_CODE = re.compile(r"(LC-[A-Za-z0-9]+-\d+)$")


@dataclass(frozen=True)
class Resolved:
    """The registry records a Digital Link names: the product, and its batch or serial."""

    link: DigitalLink
    product: Product
    batch: Batch | None = None
    serial: Serial | None = None
    generation: int | None = None  # the data generation the product was read at (freshness)

    @property
    def origin(self) -> Location | None:
        batch = self.batch or (self.serial.batch if self.serial else None)
        return batch.origin if batch is not None else None


@dataclass(frozen=True)
class StoredStep:
    """One event of the journey, as the page needs it."""

    event_time: datetime
    biz_step: str
    read_point: str
    biz_location: str
    document: dict[str, Any]


@dataclass
class Places:
    """Names of the places and parties the events name, by GLN and by provincial code."""

    by_gln: dict[str, Location | Enterprise] = field(default_factory=dict)
    by_code: dict[str, Location] = field(default_factory=dict)

    def find(self, identifier: str) -> Location | Enterprise | None:
        gln = gln_of(identifier)
        if gln:
            return self.by_gln.get(gln)
        code = local_code_of(identifier)
        return self.by_code.get(code) if code else None


def gln_of(identifier: str) -> str:
    """The GLN in a canonical location or party identifier (/414/ or /417/), else ""."""
    match = _GLN.search(identifier)
    return match.group(1) if match else ""


def local_code_of(identifier: str) -> str:
    """A provincial location code ending an identifier (``urn:…:LC-<commune>-<n>``), else ""."""
    match = _LOCAL_CODE.search(identifier)
    return match.group(1) if match else ""


def resolve(link: DigitalLink) -> Resolved | None:
    """The registry records of a GTIN Digital Link (key 01), None when the GTIN, the lot or the
    serial is not registered. One query per level named (product, batch, serial); the first
    also reads the data generation, in the same snapshot as the product."""
    product = (
        Product.objects.select_related("enterprise", "enterprise__org_unit")
        .annotate(data_generation=freshness.generation_subquery())
        .filter(gtin=link.value)
        .first()
    )
    if product is None:
        return None
    lot = link.qualifiers.get("10")
    serial_number = link.qualifiers.get("21")
    batch = serial = None
    if lot is not None:
        batch = (
            Batch.objects.select_related("origin", "origin__org_unit")
            .filter(product=product, lot=lot)
            .first()
        )
        if batch is None:
            return None
    if serial_number is not None:
        serial = (
            Serial.objects.select_related("batch", "batch__origin", "batch__origin__org_unit")
            .filter(product=product, serial=serial_number)
            .first()
        )
        if serial is None or (batch is not None and serial.batch_id != batch.pk):
            return None
        batch = batch or serial.batch
    return Resolved(link, product, batch, serial, getattr(product, "data_generation", None))


def journey_identifiers(resolved: Resolved) -> tuple[list[str], list[str]]:
    """(exact, prefixes) of the canonical identifiers whose events make the journey.

    - a product (``/01/{gtin}``, with or without a CPV): the product class and everything
      below it — every lot and serial of the GTIN;
    - a lot: the lot itself (LGTIN), and the product class (events that name the GTIN only);
    - a serial: the item (SGTIN), its lot if it has one, and the product class;
    - ``/235/`` (third-party controlled serial): that identifier and the product class.
    """
    gtin_uri = f"{CANONICAL_BASE}/01/{resolved.link.value}"
    if not any(ai in resolved.link.qualifiers for ai in ("10", "21", "235")):
        return [gtin_uri], [gtin_uri + "/"]
    exact = [gtin_uri]
    batch = resolved.batch
    if batch is not None:
        exact.append(DigitalLink("01", resolved.link.value, {"10": batch.lot}).canonical)
    for ai in ("21", "235"):
        if ai in resolved.link.qualifiers:
            value = resolved.link.qualifiers[ai]
            exact.append(DigitalLink("01", resolved.link.value, {ai: value}).canonical)
    return exact, []


def journey_events(resolved: Resolved, *, limit: int = JOURNEY_LIMIT) -> list[StoredStep]:
    """The events of the journey in time order (one query): those naming the identifiers of
    :func:`journey_identifiers` in any role, owned by the product's enterprise or by the center
    (which captures for producers that have no system of their own). Another enterprise's events
    about the same goods are its own business and stay out of a public page."""
    exact, prefixes = journey_identifiers(resolved)
    condition = Q(identifier__in=exact)
    for prefix in prefixes:
        condition |= Q(identifier__startswith=prefix)
    named = EventIdentifier.objects.filter(condition, role__in=ALL_ROLES).values("event_id")
    rows = (
        Event.objects.filter(id__in=named)
        .filter(Q(owner_id=resolved.product.enterprise_id) | Q(owner__isnull=True))
        .order_by("-event_time", "-id")
        .values_list("event_time", "biz_step", "read_point", "biz_location", "document")[:limit]
    )
    steps = [StoredStep(*row) for row in rows]
    steps.reverse()
    return steps


def places(identifiers: Iterable[str]) -> Places:
    """Locations (and enterprises, for party GLNs) the identifiers name: at most two queries,
    none when no identifier is a GLN or a provincial code."""
    glns = {gln for gln in map(gln_of, identifiers) if gln}
    codes = {code for code in map(local_code_of, identifiers) if code}
    found = Places()
    if glns or codes:
        for location in Location.objects.select_related("org_unit").filter(
            Q(gln__in=glns) | Q(local_code__in=codes)
        ):
            if location.gln:
                found.by_gln[location.gln] = location
            if location.local_code:
                found.by_code[location.local_code] = location
        missing = glns - found.by_gln.keys()
        if missing:
            for enterprise in Enterprise.objects.select_related("org_unit").filter(gln__in=missing):
                found.by_gln[enterprise.gln] = enterprise
    return found


def product_links(product: Product) -> Sequence[ProductLink]:
    """The product's links, the default first (one query)."""
    return list(ProductLink.objects.filter(product=product).order_by("-is_default", "pk"))


def public_image_product(gtin: str) -> Product | None:
    """The product with this GTIN, whose image the consumer page shows to anyone."""
    return Product.objects.filter(gtin=gtin).exclude(image="").first()
