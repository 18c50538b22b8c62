"""The overview by commune and product type, and its two monitoring counts: enterprises using
traceability (a product with a batch) and products with a QR code (a GTIN and a batch); EPCIS
events by the commune of the enterprise that owns them."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple
from decimal import Decimal

import pytest
from django.conf import settings

from tinhso.core.roles import Role
from tinhso.epcis.choices import JobSource
from tinhso.epcis.models import CaptureJob, Event
from tinhso.traceability.models import Batch, Enterprise, Product
from tinhso.traceability.selectors import (
    enterprises_using_traceability,
    overview,
    products_with_qr_code,
)
from tinhso.traceability.tests.conftest import Registry, gtin13


@pytest.fixture
def more(registry: Registry, own_unit, lai_chau) -> Registry:  # type: ignore[no-untyped-def]
    """Beside the two enterprises (one tea product with a batch each): in the own commune, a
    honey product with a GTIN and two batches, a cardamom product with a batch but no GTIN,
    and a rice product with a GTIN but no batch; an enterprise with no product and no commune;
    an enterprise in the own commune with a product and no batch. Events: 3 of the own
    enterprise, 1 of the other, 2 of the center."""
    own = registry.own.enterprise

    def product(enterprise: Enterprise, name: str, category: str, gtin: str = "") -> Product:
        return Product.objects.create(
            enterprise=enterprise, name=name, category=category, gtin=gtin
        )

    def batch(product: Product, lot: str) -> None:
        Batch.objects.create(
            product=product, lot=lot, production_date=dt.date(2025, 5, 1), quantity=Decimal(1),
            quantity_unit="kg",
        )  # fmt: skip

    honey = product(own, "Mật ong", "honey", gtin13("893600100009").zfill(14))
    batch(honey, "M-1")
    batch(honey, "M-2")
    batch(product(own, "Thảo quả", "cardamom"), "T-1")
    product(own, "Gạo", "rice", gtin13("893600100010").zfill(14))
    Enterprise.objects.create(name="Công ty chưa có sản phẩm", tax_code="6200000003")
    idle = Enterprise.objects.create(
        name="HTX chưa ghi lô", tax_code="6200000004", org_unit=own_unit
    )
    product(idle, "Chè chưa có lô", "tea")
    _events(own, 3)
    _events(registry.other.enterprise, 1)
    _events(None, 2)  # the center's own events are no commune's
    return registry


def _events(owner: Enterprise | None, count: int) -> None:
    """``count`` stored EPCIS events owned by ``owner`` (the epcis app's tables)."""
    job = CaptureJob.objects.create(owner=owner, source=JobSource.EVENT)
    moment = dt.datetime(2025, 5, 2, 8, tzinfo=dt.UTC)
    for n in range(count):
        Event.objects.create(
            event_id=f"ni:///sha-256;{owner.pk if owner else 0}-{n}?ver=CBV2.0",
            event_type="ObjectEvent", event_time=moment, event_time_zone_offset="+07:00",
            record_time=moment, owner=owner, capture_job=job, document={},
        )  # fmt: skip


def _rows(rows):  # type: ignore[no-untyped-def]
    return [astuple(row) for row in rows]


def test_the_overview_counts_by_commune_and_by_type(more):
    # when
    counts = overview()
    # then: (key, label, enterprises, products, batches, using traceability, with a QR code,
    # events)
    assert astuple(counts.total) == ("total", "Total", 4, 6, 5, 2, 3, 4)
    assert _rows(counts.by_commune) == [
        ("03388", "Phường Đoàn Kết", 2, 5, 4, 1, 2, 3),
        ("03390", "Xã Bình Lư", 1, 1, 1, 1, 1, 1),
        ("-", "No commune recorded", 1, 0, 0, 0, 0, 0),
    ]
    assert _rows(counts.by_category) == [
        ("tea", "Tea", 3, 3, 2, 2, 2, None),
        ("cardamom", "Cardamom", 1, 1, 1, 1, 0, None),
        ("rice", "Rice", 1, 1, 0, 0, 0, None),
        ("honey", "Honey", 1, 1, 2, 1, 1, None),
    ]
    assert (counts.communes_with_enterprises, counts.communes) == (2, 38)


def test_the_headline_counts_match_the_selectors(more):
    # when
    total = overview().total
    # then
    assert total.using_traceability == enterprises_using_traceability().count() == 2
    assert total.products_with_qr == products_with_qr_code().count() == 3


def test_the_overview_narrows_to_a_commune_and_a_type(more, own_unit):
    # when
    commune = overview(commune=own_unit)
    tea = overview(category="tea")
    # then
    assert astuple(commune.total) == ("total", "Total", 2, 5, 4, 1, 2, 3)
    assert [row.key for row in commune.by_commune] == ["03388"]
    assert astuple(tea.total) == ("total", "Total", 3, 3, 2, 2, 2, None)
    assert _rows(tea.by_commune) == [
        ("03388", "Phường Đoàn Kết", 2, 2, 1, 1, 1, None),
        ("03390", "Xã Bình Lư", 1, 1, 1, 1, 1, None),
    ]


def test_an_empty_registry_counts_nothing(lai_chau):
    # when
    counts = overview()
    # then
    assert astuple(counts.total) == ("total", "Total", 0, 0, 0, 0, 0, 0)
    assert (counts.by_commune, counts.by_category) == ([], [])


def test_the_overview_takes_a_fixed_number_of_queries(more, django_assert_num_queries):
    with django_assert_num_queries(8):
        overview()


def test_the_overview_page_shows_the_counts(client, users, more):
    # given
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(users[Role.LEADER])
    # when
    response = client.get("/traceability/overview/", {"commune": "03388"})
    html = response.content.decode()
    # then
    assert response.status_code == 200
    assert response.context["overview"].total.products == 5
    assert '<div class="value">1</div><div class="small text-muted">enterprises using' in html
    assert 'data-key="03390"' not in html


def test_an_unknown_commune_is_said_so(client, users, more):
    # given
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(users[Role.CENTER_STAFF])
    # when
    response = client.get("/traceability/overview/", {"commune": "99999"})
    # then
    assert response.context["filter_form"].errors == {
        "commune": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert response.context["overview"].total.enterprises == 4
