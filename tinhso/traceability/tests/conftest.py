"""A small registry for tests: the enterprise the test enterprise user acts for, in the
reporter's commune (Phường Đoàn Kết), and another enterprise in Xã Bình Lư with its own
account; each with a location, a product (with an image), a batch, a serial and a link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.choices import LinkType, LocationKind, ProductCategory, QuantityUnit
from tinhso.traceability.gs1.keys import check_digit
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
OWN_PREFIX = "8936001"
OTHER_PREFIX = "8936002"


def gtin13(body: str) -> str:
    """A GTIN-13 from its first 12 digits."""
    return body + check_digit(body)


@dataclass
class Side:
    """One enterprise and one of each of its records."""

    enterprise: Enterprise
    location: Location
    product: Product
    batch: Batch
    serial: Serial
    link: ProductLink


@dataclass
class Registry:
    own: Side  # acted for by users[ENTERPRISE]; in the reporter's unit
    other: Side  # acted for by other_user; out of the reporter's unit
    other_user: Any


def make_side(name: str, tax_code: str, prefix: str, unit: OrgUnit, user: Any, code: str) -> Side:
    enterprise = Enterprise.objects.create(
        name=name, tax_code=tax_code, gs1_company_prefix=prefix, org_unit=unit
    )
    enterprise.users.set([user])
    location = Location.objects.create(
        enterprise=enterprise, name=f"Vùng trồng {code}", kind=LocationKind.FARM, org_unit=unit,
        local_code=f"LC-{unit.code}-001", latitude=Decimal("22.4"), longitude=Decimal("103.4"),
    )  # fmt: skip
    product = Product.objects.create(
        enterprise=enterprise, gtin=gtin13(prefix + "00001").zfill(14), name=f"Chè {code}",
        category=ProductCategory.TEA,
    )  # fmt: skip
    product.image.save("che.png", ContentFile(PNG))
    batch = Batch.objects.create(
        product=product, lot=f"{code}-01", production_date=dt.date(2025, 4, 1),
        quantity=Decimal(100), quantity_unit=QuantityUnit.KILOGRAM, origin=location,
    )  # fmt: skip
    serial = Serial.objects.create(product=product, batch=batch, serial=f"{code}0001")
    link = ProductLink.objects.create(
        product=product, link_type=LinkType.PIP, href=f"/01/{product.gtin}", title="Trang SP"
    )
    return Side(enterprise, location, product, batch, serial, link)


@pytest.fixture
def registry(users: dict[Role, Any], own_unit: OrgUnit, other_unit: OrgUnit) -> Registry:
    other_user = UserFactory(role=Role.ENTERPRISE, org_unit=None)
    own = make_side(
        "HTX Chè Đoàn Kết", "6200000001", OWN_PREFIX, own_unit, users[Role.ENTERPRISE], "DK"
    )
    other = make_side("HTX Chè Bình Lư", "6200000002", OTHER_PREFIX, other_unit, other_user, "BL")
    return Registry(own, other, other_user)


@pytest.fixture(autouse=True)
def empty_file_storage(settings):  # type: ignore[no-untyped-def]
    """A fresh in-memory file storage per test (see the monitoring tests' fixture)."""
    settings.STORAGES = {**settings.STORAGES}
