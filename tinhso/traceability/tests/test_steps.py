"""The "record a step" form: the EPCIS event each step makes (valid, exact), the page that
captures it for the batch's enterprise and the consumer page that then shows it, the bad
inputs it refuses, and who may open and post it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.audit.models import AuditEntry
from tinhso.core.dates import PROVINCE_ZONE
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.epcis.models import CaptureJob, Event
from tinhso.epcis.validation import validate_event
from tinhso.traceability.choices import LocationKind, QuantityUnit
from tinhso.traceability.events import PROCESSING_STEP, StepKind, build_event, event_time
from tinhso.traceability.models import Batch, Location
from tinhso.traceability.tests.conftest import Registry

pytestmark = pytest.mark.django_db

GTIN = "08936001000014"
WAREHOUSE_GLN = "8936001000119"
CONTEXT = [
    "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
    {"tinhso": "https://tinhso.vn/epcis/"},
]


def unsaved_batch(unit: str = QuantityUnit.KILOGRAM) -> Batch:
    from tinhso.traceability.models import Product

    product = Product(gtin=GTIN, name="Chè")
    return Batch(product=product, lot="DK/01", quantity=Decimal(100), quantity_unit=unit)


FARM = Location(name="Farm", local_code="LC-03408-001")
STORE = Location(name="Store", gln=WAREHOUSE_GLN)
MOMENT = dt.datetime(2025, 4, 1, 7, 30, tzinfo=PROVINCE_ZONE)
EXPECTED = {
    StepKind.HARVEST: ("commissioning", "ADD", "active"),
    StepKind.PROCESSING: (PROCESSING_STEP, "OBSERVE", "in_progress"),
    StepKind.PACKING: ("packing", "OBSERVE", "in_progress"),
    StepKind.SHIPPING: ("shipping", "OBSERVE", "in_transit"),
    StepKind.RECEIVING: ("receiving", "OBSERVE", "in_progress"),
}


@pytest.mark.parametrize("step", list(StepKind))
def test_each_step_makes_a_valid_exact_event(step: str) -> None:
    destination = f"https://id.gs1.org/414/{WAREHOUSE_GLN}" if step == StepKind.SHIPPING else ""
    event = build_event(
        step=step, batch=unsaved_batch(), moment=MOMENT, location=FARM,
        quantity=Decimal("12.5"), destination=destination, note="  Sấy khô  ",
    )  # fmt: skip
    assert validate_event(event) == []
    biz_step, action, disposition = EXPECTED[step]
    expected: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "ObjectEvent",
        "eventTime": "2025-04-01T07:30:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "epcList": [],
        "quantityList": [
            {"epcClass": f"https://id.gs1.org/01/{GTIN}/10/DK%2F01", "quantity": 12.5, "uom": "KGM"}
        ],
        "action": action,
        "bizStep": biz_step,
        "disposition": disposition,
        "readPoint": {"id": "urn:tinhso:location:LC-03408-001"},
        "bizLocation": {"id": "urn:tinhso:location:LC-03408-001"},
        "tinhso:note": "Sấy khô",
    }
    if destination:
        expected["destinationList"] = [{"type": "location", "destination": destination}]
    assert event == expected


@pytest.mark.parametrize(
    ("unit", "uom"),
    [("kg", "KGM"), ("t", "TNE"), ("l", "LTR"), ("piece", None), ("box", None)],
)
def test_units_map_to_un_ece_codes_or_none(unit: str, uom: str | None) -> None:
    event = build_event(
        step=StepKind.PACKING, batch=unsaved_batch(unit), moment=MOMENT, location=STORE,
        quantity=Decimal(40),
    )  # fmt: skip
    assert validate_event(event) == []
    assert event["quantityList"] == [
        {"epcClass": f"https://id.gs1.org/01/{GTIN}/10/DK%2F01", "quantity": 40}
        | ({"uom": uom} if uom else {})
    ]
    assert event["readPoint"] == {"id": f"https://id.gs1.org/414/{WAREHOUSE_GLN}"}
    assert "tinhso:note" not in event and "destinationList" not in event


def test_times_are_the_provinces() -> None:
    assert event_time(dt.datetime(2025, 12, 31, 23, 59, 30, tzinfo=PROVINCE_ZONE)) == (
        "2025-12-31T23:59:30+07:00",
        "+07:00",
    )
    assert event_time(dt.datetime(2025, 4, 1, 1, 15, tzinfo=dt.UTC)) == (
        "2025-04-01T08:15:00+07:00",
        "+07:00",
    )
    with pytest.raises(ValueError):
        event_time(dt.datetime(2025, 4, 1, 1, 15))  # noqa: DTZ001


# -- the page -------------------------------------------------------------------------------


def url(batch: Batch) -> str:
    return reverse("traceability:step_create", kwargs={"pk": batch.pk})


def form_data(registry: Registry, **changes: Any) -> dict[str, Any]:
    data = {
        "step": "harvest", "date": "2025-04-01", "time": "07:30",
        "location": registry.own.location.pk, "destination": "", "destination_gln": "",
        "quantity": "80", "note": "",
    }  # fmt: skip
    return {**data, **changes}


def test_harvest_then_shipment_are_stored_and_shown_to_consumers(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    side = registry.own
    store = Location.objects.create(
        enterprise=side.enterprise, name="Kho Tam Đường", kind=LocationKind.WAREHOUSE,
        gln=WAREHOUSE_GLN,
    )  # fmt: skip
    client.force_login(users[Role.ENTERPRISE])
    detail = client.get(side.batch.get_absolute_url())
    assert f'href="{url(side.batch)}" data-testid="record-step"' in detail.text
    page = client.get(url(side.batch))
    assert page.status_code == 200
    assert page.context["form"].initial["location"] == side.location
    assert page.context["form"].initial["quantity"] == Decimal(100)
    assert "<script>" not in page.text and " style=" not in page.text
    assert 'name="step"' in page.text and 'name="destination_gln"' in page.text

    response = client.post(url(side.batch), form_data(registry, note="Hái một tôm hai lá"))
    assert response.status_code == 302
    assert response["Location"] == side.batch.get_absolute_url()
    assert Event.objects.count() == 1
    harvest = Event.objects.get()
    assert harvest.owner == side.enterprise
    assert harvest.biz_step == "commissioning"
    assert harvest.document["tinhso:note"] == "Hái một tôm hai lá"
    assert harvest.event_time == dt.datetime(2025, 4, 1, 0, 30, tzinfo=dt.UTC)
    assert CaptureJob.objects.get().created_by == users[Role.ENTERPRISE]

    shipping = form_data(
        registry, step="shipping", date="2025-04-02", time="08:15", destination=store.pk
    )
    assert client.post(url(side.batch), shipping).status_code == 302
    assert Event.objects.count() == 2
    shipped = Event.objects.get(biz_step="shipping")
    assert shipped.document["destinationList"] == [
        {"type": "location", "destination": f"https://id.gs1.org/414/{WAREHOUSE_GLN}"}
    ]
    # the same step twice is the same event (its hash ID): stored once
    assert client.post(url(side.batch), shipping).status_code == 302
    assert Event.objects.count() == 2

    client.cookies["tinhso_language"] = "en"
    consumer = client.get(f"/01/{side.product.gtin}/10/{side.batch.lot}")
    steps = re.findall(r'<p class="mb-0 fw-semibold">([^<]*)</p>', consumer.text)
    assert steps == ["Harvested or produced", "Shipping"]
    assert 'data-testid="step-forward">Kho Tam Đường</dd>' in consumer.text
    # the batch's own page lists the same steps, and opens the consumer page
    detail = client.get(side.batch.get_absolute_url())
    recorded = re.findall(r'<span class="fw-semibold">([^<]*)</span>', detail.text)
    assert recorded == ["Harvested or produced", "Shipping"]
    link = f"/01/{side.product.gtin}/10/{side.batch.lot}"
    assert f'href="{link}" target="_blank" data-testid="consumer-page"' in detail.text


def test_a_batch_with_no_steps_says_so_on_its_page(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    client.force_login(users[Role.ENTERPRISE])
    client.cookies["tinhso_language"] = "en"

    detail = client.get(registry.own.batch.get_absolute_url())

    assert 'data-testid="recorded-steps"' in detail.text
    assert "No steps have been recorded yet. Record the harvest first" in detail.text


def test_processing_is_named_on_the_consumer_page(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    client.force_login(users[Role.CENTER_STAFF])
    side = registry.other  # the center records for any enterprise
    data = form_data(registry, step="processing", location=side.location.pk)
    assert client.post(url(side.batch), data).status_code == 302
    assert Event.objects.get().owner == side.enterprise
    client.cookies["tinhso_language"] = "en"
    consumer = client.get(f"/01/{side.product.gtin}/10/{side.batch.lot}")
    assert re.findall(r'<p class="mb-0 fw-semibold">([^<]*)</p>', consumer.text) == ["Processing"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"step": "shipping"}, "destination", "Say where the shipment goes."),
        (
            {"step": "shipping", "destination_gln": "8936001000112"},
            "destination_gln",
            None,
        ),
        ({"date": "2999-01-01"}, "time", "A step cannot be recorded in the future."),
        ({"quantity": "-1"}, "quantity", None),
        ({"location": "other"}, "location", None),
    ],
)
def test_bad_input_is_refused_on_the_form(
    registry: Registry,
    users: dict[Role, Any],
    client: Client,
    changes: dict[str, Any],
    field: str,
    message: str | None,
) -> None:
    if changes.get("location") == "other":  # another enterprise's place
        changes = {"location": registry.other.location.pk}
    client.force_login(users[Role.ENTERPRISE])
    client.cookies["tinhso_language"] = "en"
    page = client.post(url(registry.own.batch), form_data(registry, **changes))
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert Event.objects.count() == 0 and CaptureJob.objects.count() == 0


def test_shipment_to_a_gln_outside_the_registry(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    client.force_login(users[Role.ENTERPRISE])
    data = form_data(registry, step="shipping", destination_gln=WAREHOUSE_GLN)
    assert client.post(url(registry.own.batch), data).status_code == 302
    assert Event.objects.get().document["destinationList"] == [
        {"type": "location", "destination": f"https://id.gs1.org/414/{WAREHOUSE_GLN}"}
    ]


def test_a_product_without_gtin_cannot_record_steps(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    product = registry.own.product
    product.gtin = ""
    product.save()
    client.force_login(users[Role.ENTERPRISE])
    client.cookies["tinhso_language"] = "en"
    page = client.post(url(registry.own.batch), form_data(registry))
    assert page.status_code == 200
    assert page.context["form"].non_field_errors() == [
        "The product has no GTIN: give it one before recording steps of its batches."
    ]
    assert Event.objects.count() == 0


# -- who may ----------------------------------------------------------------------------------

# administrator, center staff, leader, unit reporter, enterprise, anonymous
MATRIX = {
    ("GET", "own"): (200, 200, 403, 403, 200, 302),
    ("GET", "other"): (200, 200, 403, 403, 404, 302),
    ("POST", "own"): (302, 302, 403, 403, 302, 302),
    ("POST", "other"): (302, 302, 403, 403, 404, 302),
}


@pytest.mark.parametrize("case", expand(MATRIX), ids=str)
def test_permission_matrix(
    case: Any, registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    sign_in(client, users, case.role)
    side = registry.own if case.target == "own" else registry.other
    before = state_of(Event.objects.all(), CaptureJob.objects.all(), AuditEntry.objects.all())
    if case.action == "GET":
        response = client.get(url(side.batch))
    else:
        response = client.post(url(side.batch), form_data(registry, location=side.location.pk))
    assert response.status_code == case.status
    if case.role is None:
        assert response["Location"].startswith(reverse("accounts:login"))
    if case.action == "POST":
        if case.denied:
            assert (
                state_of(Event.objects.all(), CaptureJob.objects.all(), AuditEntry.objects.all())
                == before
            )
        else:
            assert Event.objects.get().owner == side.enterprise


@pytest.mark.parametrize(
    ("stored", "shown"),
    [(Decimal("350.000"), Decimal(350)), (Decimal("12.500"), Decimal("12.5"))],
)
def test_the_form_starts_from_the_batch_quantity_without_trailing_zeros(
    registry: Registry, users: dict[Role, Any], client: Client, stored: Decimal, shown: Decimal
) -> None:
    batch = registry.own.batch
    batch.quantity = stored
    batch.save()
    client.force_login(users[Role.ENTERPRISE])
    initial = client.get(url(batch)).context["form"].initial["quantity"]
    assert (initial, str(initial)) == (shown, str(shown))
