"""The traceability demo for Lai Châu: four producers in real communes of the province — a Shan
tuyết tea cooperative in the highlands of Sìn Hồ (the demo account "htxchetan" acts for it), a
cardamom (thảo quả) cooperative in Sì Lở Lầu, a rice and honey company in Mường Than and a
medicinal-herb cooperative in Tả Lèng that has not recorded a batch yet — with their locations,
products, batches, serial numbers and product links, and the supply-chain steps of the batches
(tinhso.traceability.demo_steps). At its end, the registry is counted into monitoring's
traceability indicators for the current year (tinhso.traceability.indicators). For
demonstrations only.

The content is in tinhso.traceability.demo_content. The communes are the real ones of the org
tree; everything else is illustrative and labelled "Demo data" ("Dữ liệu minh họa") in the
enterprises' addresses and the products' descriptions: tax codes, GS1 company prefixes (in
Vietnam's 893 range), GTINs and GLNs (their check digits computed), coordinates (plausible,
inside the province), dates and quantities.

Every row is written through the registry's services, as the center (enterprises) or as the
enterprise (the rest; the center's officer for enterprises with no account), so each is audited.
Running it again adds nothing: an enterprise is found by tax code, a location by enterprise and
name, a product by GTIN (or enterprise and name), a batch by product and lot, a serial by product
and number, a link by product, type, language and address.
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from tinhso.accounts.models import User
from tinhso.core.dates import local_date
from tinhso.core.policies import SYSTEM
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability import demo_steps, indicators, services
from tinhso.traceability.choices import LinkType
from tinhso.traceability.demo_content import (
    ENTERPRISES,
    BatchSpec,
    EnterpriseSpec,
    LocationSpec,
    ProductSpec,
)
from tinhso.traceability.gs1.keys import check_digit
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial

DEMO_LABEL = gettext_lazy("Demo data")  # "Dữ liệu minh họa", as the other demos say
CENTER_USER = "canbo"
KINDS = (
    "enterprises",
    "locations",
    "products",
    "batches",
    "serial numbers",
    "product links",
    "supply-chain events",
)


def with_check_digit(body: str) -> str:
    """A GTIN-13 or GLN from its first 12 digits."""
    return body + check_digit(body)


def demo_label() -> str:
    """The label of illustrative content, in the site's language whoever runs the load."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(DEMO_LABEL)


def load() -> list[str]:
    """Load the traceability demo; returns lines to print. Running it again changes nothing."""
    loader = _Loader()
    with transaction.atomic():
        for spec in ENTERPRISES:
            loader.enterprise(spec)
        captured, found = demo_steps.record(loader.actors)
        loader.created["supply-chain events"] += captured
        loader.unchanged["supply-chain events"] += found
        # The registry's figures in monitoring at once, not at the daily task's next run.
        fed = indicators.sync_years(actor=loader.center, years=[local_date().year])
    return [*loader.lines(), *(line for summary in fed for line in summary.lines())]


def _user(username: str) -> Any:
    return User.objects.filter(username=username).first()


class _Loader:
    """Writes the content through the services, counting what it created and what it found."""

    def __init__(self) -> None:
        self.center = _user(CENTER_USER) or SYSTEM
        self.label = demo_label()
        self.units = {unit.code: unit for unit in OrgUnit.objects.all()}
        self.created: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        self.actors: dict[int, Any] = {}  # enterprise id → who records for it

    def lines(self) -> list[str]:
        return [
            f"Traceability {kind}: {self.created[kind]} created, {self.unchanged[kind]} unchanged"
            for kind in KINDS
        ]

    def count(self, kind: str, created: bool) -> None:
        (self.created if created else self.unchanged)[kind] += 1

    def enterprise(self, spec: EnterpriseSpec) -> None:
        account = _user(spec.account) if spec.account else None
        enterprise = Enterprise.objects.filter(tax_code=spec.tax_code).first()
        self.count("enterprises", enterprise is None)
        if enterprise is None:
            enterprise = services.register_enterprise(
                actor=self.center, name=spec.name, tax_code=spec.tax_code,
                gs1_company_prefix=spec.prefix, org_unit=self.units.get(spec.commune),
                address=f"{spec.address} ({self.label})", representative=spec.representative,
                phone=spec.phone, users=[account] if account else [],
            )  # fmt: skip
        elif account is not None and not enterprise.users.filter(pk=account.pk).exists():
            users = [*enterprise.users.all(), account]
            services.link_enterprise_users(actor=self.center, enterprise=enterprise, users=users)
        actor = account or self.center
        self.actors[enterprise.pk] = actor
        locations = {spec.name: self.location(actor, enterprise, spec) for spec in spec.locations}
        for product_spec in spec.products:
            self.product(actor, enterprise, product_spec, locations)

    def location(self, actor: Any, enterprise: Enterprise, spec: LocationSpec) -> Location:
        location = Location.objects.filter(enterprise=enterprise, name=spec.name).first()
        self.count("locations", location is None)
        if location is not None:
            return location
        gln = with_check_digit(enterprise.gs1_company_prefix + spec.gln_ref) if spec.gln_ref else ""
        return services.create_location(
            actor=actor, enterprise=enterprise, name=spec.name, kind=spec.kind, gln=gln,
            org_unit=self.units.get(spec.commune), address=spec.address,
            latitude=Decimal(spec.latitude), longitude=Decimal(spec.longitude),
        )  # fmt: skip

    def product(
        self,
        actor: Any,
        enterprise: Enterprise,
        spec: ProductSpec,
        locations: dict[str, Location],
    ) -> None:
        gtin = (
            with_check_digit(enterprise.gs1_company_prefix + spec.item_ref) if spec.item_ref else ""
        )
        found = Product.objects.filter(gtin=gtin.zfill(14)) if gtin else None
        if found is None:
            found = Product.objects.filter(enterprise=enterprise, name=spec.name)
        product = found.first()
        self.count("products", product is None)
        if product is None:
            product = services.create_product(
                actor=actor, enterprise=enterprise, gtin=gtin, name=spec.name,
                name_en=spec.name_en, category=spec.category,
                description=f"{spec.description}\n\n{self.label}.",
                certifications=spec.certifications, net_content=Decimal(spec.net_content),
                net_content_unit=spec.unit, image=_picture(spec.image),
            )  # fmt: skip
        for batch_spec in spec.batches:
            self.batch(actor, product, batch_spec, locations)
        for link_type, href, title in spec.links:
            self.link(actor, product, link_type, href.format(gtin=product.gtin), title)

    def batch(
        self, actor: Any, product: Product, spec: BatchSpec, locations: dict[str, Location]
    ) -> None:
        batch = Batch.objects.filter(product=product, lot=spec.lot).first()
        self.count("batches", batch is None)
        if batch is None:
            batch = services.create_batch(
                actor=actor, product=product, lot=spec.lot, production_date=spec.made,
                expiry_date=spec.expires, quantity=Decimal(spec.quantity),
                quantity_unit=spec.unit, origin=locations.get(spec.origin),
            )  # fmt: skip
        if spec.serials is None:
            return
        wanted = services.serial_range(*spec.serials)
        known = set(Serial.objects.filter(product=product).values_list("serial", flat=True))
        missing = [serial for serial in wanted if serial not in known]
        self.created["serial numbers"] += len(missing)
        self.unchanged["serial numbers"] += len(wanted) - len(missing)
        if missing:
            services.add_serials(actor=actor, product=product, batch=batch, serials=missing)

    def link(self, actor: Any, product: Product, link_type: str, href: str, title: str) -> None:
        exists = ProductLink.objects.filter(
            product=product, link_type=link_type, language="vi", href=href
        ).exists()
        self.count("product links", not exists)
        if not exists:
            services.create_product_link(
                actor=actor, product=product, link_type=link_type, href=href, title=title,
                language="vi", media_type="text/html", is_default=link_type == LinkType.PIP,
            )  # fmt: skip


def _picture(colour: tuple[int, int, int] | None) -> ContentFile[bytes] | None:
    """A 240×240 PNG fading from ``colour`` to white: a product photo's stand-in."""
    if colour is None:
        return None
    size = 240
    rows = []
    for y in range(size):
        fade = y / (size - 1) * 0.55
        pixel = bytes(round(c + (255 - c) * fade) for c in colour)
        rows.append(b"\x00" + pixel * size)
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    return ContentFile(png, name="san-pham.png")
