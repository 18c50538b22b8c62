"""Identifiers fixed by recorded events: a product's GTIN once an EPCIS event names it (its
class, a lot or a serial of it, in any written form), a batch's lot once an event names the lot;
refused through the API (400) and the form page with the field's message, nothing written and
nothing audited; before any event, and for every other field, changes go through."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import sign_in
from tinhso.epcis.choices import JobStatus
from tinhso.epcis.services import capture_document
from tinhso.traceability import locks
from tinhso.traceability.models import Batch, Product
from tinhso.traceability.tests.conftest import OWN_PREFIX, Registry, gtin13

pytestmark = pytest.mark.django_db
API = "/api/v1/traceability"
CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]
NEW_GTIN = gtin13(OWN_PREFIX + "00099")
GTIN_LOCKED = (
    "This GTIN is already used in recorded supply-chain events and can no longer be changed."
)
LOT_LOCKED = (
    "This lot number is already used in recorded supply-chain events and can no longer be changed."
)


def record(registry: Registry, actor: Any, *, epc_class: str = "", epc: str = "") -> None:
    """Capture one event naming ``epc_class`` (a quantity) or ``epc`` (an instance)."""
    event: dict[str, Any] = {
        "type": "ObjectEvent", "eventTime": "2025-04-01T07:30:00.000+07:00",
        "eventTimeZoneOffset": "+07:00", "action": "OBSERVE", "bizStep": "shipping",
        "epcList": [epc] if epc else [],
    }  # fmt: skip
    if epc_class:
        event["quantityList"] = [{"epcClass": epc_class, "quantity": 5, "uom": "KGM"}]
    doc = {
        "@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": "2025-04-02T09:00:00.000+07:00", "epcisBody": {"eventList": [event]},
    }  # fmt: skip
    job = capture_document(actor=actor, doc=doc, owner=registry.own.enterprise)
    assert job.status == JobStatus.SUCCESS, job.errors


def lot_urn(registry: Registry) -> str:
    """The own batch's class as an EPC class URN (company prefix 8936001, item 0 + 00001)."""
    return f"urn:epc:class:lgtin:{OWN_PREFIX}.000001.{registry.own.batch.lot}"


def serial_urn(registry: Registry) -> str:
    return f"urn:epc:id:sgtin:{OWN_PREFIX}.000001.{registry.own.serial.serial}"


@pytest.fixture
def center(users: dict[Role, Any]) -> Any:
    return users[Role.CENTER_STAFF]


def _patch(client: APIClient, path: str, body: dict[str, Any]) -> Any:
    return client.patch(f"{API}/{path}", body, format="json", HTTP_ACCEPT_LANGUAGE="en")


# The checks ------------------------------------------------------------------------------------


def test_what_each_written_form_locks(registry: Registry, center: Any) -> None:
    # given
    product, batch = registry.own.product, registry.own.batch
    assert not locks.gtin_in_events(product.gtin)
    # when: an instance of the product, as an EPC URN (no lot in it)
    record(registry, center, epc=serial_urn(registry))
    # then
    assert locks.gtin_in_events(product.gtin)
    assert locks.product_locked(product)
    assert not locks.lot_in_events(product.gtin, batch.lot)
    assert not locks.batch_locked(batch)
    assert not locks.gtin_in_events(registry.other.product.gtin)
    # when: the lot, as a Digital Link on another host
    record(registry, center, epc_class=f"https://example.com/01/{product.gtin}/10/{batch.lot}")
    # then
    assert locks.lot_in_events(product.gtin, batch.lot)
    assert not locks.lot_in_events(product.gtin, "DK-02")
    assert not locks.lot_in_events(registry.other.product.gtin, batch.lot)


def test_the_class_alone_locks_the_gtin(registry: Registry, center: Any) -> None:
    # when
    record(registry, center, epc_class=f"https://id.gs1.org/01/{registry.own.product.gtin}")
    # then
    assert locks.gtin_in_events(registry.own.product.gtin)
    assert not locks.batch_locked(registry.own.batch)


def test_a_new_record_or_no_gtin_is_never_locked(registry: Registry) -> None:
    assert not locks.gtin_in_events("")
    assert not locks.lot_in_events("", "DK-01")
    assert not locks.product_locked(Product(gtin=registry.own.product.gtin))


# API -------------------------------------------------------------------------------------------


def test_api_changes_the_gtin_and_lot_before_any_event(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    product, batch = registry.own.product, registry.own.batch
    # when
    gtin = _patch(api_client, f"products/{product.pk}/", {"gtin": NEW_GTIN})
    lot = _patch(api_client, f"batches/{batch.pk}/", {"lot": "DK-09"})
    # then
    assert (gtin.status_code, lot.status_code) == (200, 200)
    assert Product.objects.get(pk=product.pk).gtin == "0" + NEW_GTIN
    assert Batch.objects.get(pk=batch.pk).lot == "DK-09"


def test_api_refuses_a_gtin_events_name(users, api_client, registry, center):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    product = registry.own.product
    record(registry, center, epc_class=lot_urn(registry))
    audit = AuditEntry.objects.count()
    # when
    response = _patch(api_client, f"products/{product.pk}/", {"gtin": NEW_GTIN, "name": "Mới"})
    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {"gtin": [{"code": "invalid", "message": GTIN_LOCKED}]}
    stored = Product.objects.get(pk=product.pk)
    assert (stored.gtin, stored.name) == (product.gtin, product.name)
    assert AuditEntry.objects.count() == audit


def test_api_refuses_a_lot_events_name(users, api_client, registry, center):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    batch = registry.own.batch
    record(registry, center, epc_class=lot_urn(registry))
    audit = AuditEntry.objects.count()
    # when
    response = _patch(api_client, f"batches/{batch.pk}/", {"lot": "DK-09", "quantity": "7"})
    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {"lot": [{"code": "invalid", "message": LOT_LOCKED}]}
    stored = Batch.objects.get(pk=batch.pk)
    assert (stored.lot, stored.quantity) == (batch.lot, batch.quantity)
    assert AuditEntry.objects.count() == audit


def test_api_still_changes_the_other_fields_and_takes_the_same_key_again(
    users, api_client, registry, center
):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    product, batch = registry.own.product, registry.own.batch
    record(registry, center, epc_class=lot_urn(registry))
    # when: the GTIN typed as a GTIN-13 is the same GTIN
    renamed = _patch(api_client, f"products/{product.pk}/", {"gtin": product.gtin[1:], "name": "A"})
    counted = _patch(api_client, f"batches/{batch.pk}/", {"lot": batch.lot, "quantity": "7"})
    # then
    assert (renamed.status_code, counted.status_code) == (200, 200)
    assert Product.objects.get(pk=product.pk).name == "A"
    assert Batch.objects.get(pk=batch.pk).quantity == 7


def test_api_changes_a_lot_when_events_name_only_a_serial(users, api_client, registry, center):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    record(registry, center, epc=serial_urn(registry))
    # when
    lot = _patch(api_client, f"batches/{registry.own.batch.pk}/", {"lot": "DK-09"})
    gtin = _patch(api_client, f"products/{registry.own.product.pk}/", {"gtin": NEW_GTIN})
    # then
    assert lot.status_code == 200
    assert gtin.status_code == 400


# Form pages ------------------------------------------------------------------------------------


def _product_form(product: Product, **changes: str) -> dict[str, str]:
    body = {
        "gtin": product.gtin, "name": product.name, "name_en": "", "category": product.category,
        "description": "", "net_content": "", "net_content_unit": "", "cert-TOTAL_FORMS": "0",
        "cert-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**body, **changes}


def _batch_form(batch: Batch, **changes: str) -> dict[str, str]:
    body = {
        "lot": batch.lot, "production_date": batch.production_date.isoformat(),
        "expiry_date": "", "quantity": "100", "quantity_unit": batch.quantity_unit,
        "origin": str(batch.origin_id),
    }  # fmt: skip
    return {**body, **changes}


@pytest.fixture
def page(client: Client, users: dict[Role, Any]) -> Client:
    client.cookies["tinhso_language"] = "en"
    client.force_login(users[Role.ENTERPRISE])
    return client


def test_form_changes_the_gtin_and_lot_before_any_event(page, registry):
    # given
    product, batch = registry.own.product, registry.own.batch
    form = page.get(f"/traceability/products/{product.pk}/edit/").context["form"]
    assert "readonly" not in form.fields["gtin"].widget.attrs
    # when
    saved = page.post(f"/traceability/products/{product.pk}/edit/",
                      _product_form(product, gtin=NEW_GTIN))  # fmt: skip
    relot = page.post(f"/traceability/batches/{batch.pk}/edit/", _batch_form(batch, lot="DK-09"))
    # then
    assert (saved.status_code, relot.status_code) == (302, 302)
    assert Product.objects.get(pk=product.pk).gtin == "0" + NEW_GTIN
    assert Batch.objects.get(pk=batch.pk).lot == "DK-09"


def test_form_shows_a_locked_gtin_read_only_and_refuses_a_change(page, registry, center):
    # given
    product = registry.own.product
    record(registry, center, epc_class=lot_urn(registry))
    url = f"/traceability/products/{product.pk}/edit/"
    audit = AuditEntry.objects.count()
    # when
    shown = page.get(url)
    refused = page.post(url, _product_form(product, gtin=NEW_GTIN, name="Mới"))
    # then
    html = shown.content.decode()
    assert 'name="gtin"' in html and "readonly" in html.split('name="gtin"')[1].split(">")[0]
    assert "Fixed: recorded supply-chain events use this GTIN." in html
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"gtin": [GTIN_LOCKED]}
    stored = Product.objects.get(pk=product.pk)
    assert (stored.gtin, stored.name) == (product.gtin, product.name)
    assert AuditEntry.objects.count() == audit
    # when: the read-only GTIN posted back as it is
    saved = page.post(url, _product_form(product, name="Mới"))
    # then
    assert saved.status_code == 302
    assert Product.objects.get(pk=product.pk).name == "Mới"


def test_form_shows_a_locked_lot_read_only_and_refuses_a_change(page, registry, center):
    # given
    batch = registry.own.batch
    record(registry, center, epc_class=lot_urn(registry))
    url = f"/traceability/batches/{batch.pk}/edit/"
    audit = AuditEntry.objects.count()
    # when
    shown = page.get(url)
    refused = page.post(url, _batch_form(batch, lot="DK-09", quantity="7"))
    # then
    field = shown.context["form"].fields["lot"]
    assert field.widget.attrs["readonly"] is True
    assert str(field.help_text) == "Fixed: recorded supply-chain events use this lot number."
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"lot": [LOT_LOCKED]}
    stored = Batch.objects.get(pk=batch.pk)
    assert (stored.lot, stored.quantity) == (batch.lot, batch.quantity)
    assert AuditEntry.objects.count() == audit
    # when
    saved = page.post(url, _batch_form(batch, quantity="7"))
    # then
    assert saved.status_code == 302
    assert Batch.objects.get(pk=batch.pk).quantity == 7
