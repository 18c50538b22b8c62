"""What the traceability API answers: GTINs as 14 digits with their doubts, the error shape
{code, message, errors} with exact messages, serial numbers in bulk, filters, and the schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.core.roles import Role
from tinhso.core.testing import sign_in
from tinhso.traceability.models import Enterprise, Product, Serial
from tinhso.traceability.tests.conftest import OWN_PREFIX, PNG, Registry, gtin13

BASE = "/api/v1/traceability"


def _post(client: Any, endpoint: str, body: dict[str, Any]) -> Any:
    return client.post(f"{BASE}/{endpoint}/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")


def test_a_gtin_13_is_answered_as_14_digits_with_its_digital_link(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    body = {
        "enterprise": registry.own.enterprise.pk, "gtin": gtin13(OWN_PREFIX + "00034"),
        "name": "Chè xanh", "category": "tea", "net_content": "250", "net_content_unit": "g",
        "certifications": [{"name": "OCOP 3 sao", "issuer": "UBND tỉnh"}],
    }  # fmt: skip
    # when
    response = _post(api_client, "products", body)
    # then
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["gtin"], data["digital_link_path"], data["warnings"]) == (
        "08936001000348", "/01/08936001000348", [],
    )  # fmt: skip
    assert data["certifications"] == [
        {"name": "OCOP 3 sao", "number": "", "issuer": "UBND tỉnh", "valid_until": None}
    ]


def test_a_gtin_of_another_prefix_is_answered_with_a_warning(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    body = {
        "enterprise": registry.own.enterprise.pk, "gtin": gtin13("893999900001"),
        "name": "Chè đen", "category": "tea",
    }  # fmt: skip
    # when
    response = _post(api_client, "products", body)
    # then
    assert response.status_code == 201
    assert response.json()["warnings"] == [
        "The GTIN does not start with the enterprise's GS1 company prefix 8936001."
    ]


def test_a_wrong_check_digit_answers_the_error_shape(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    body = {"enterprise": registry.own.enterprise.pk, "gtin": "8936001000341", "name": "X",
            "category": "tea"}  # fmt: skip
    before = Product.objects.count()
    # when
    response = _post(api_client, "products", body)
    # then
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "Invalid input.",
        "errors": {
            "gtin": [
                {"code": "invalid", "message": "GTIN has a wrong check digit: expected 8, got 1."}
            ]
        },
    }
    assert Product.objects.count() == before


def test_lot_and_dates_are_refused_with_their_messages(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    body = {
        "product": registry.own.product.pk, "lot": "LÔ-1", "production_date": "2025-10-01",
        "expiry_date": "2025-09-01", "quantity": "10", "quantity_unit": "kg",
    }  # fmt: skip
    # when
    response = _post(api_client, "batches", body)
    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "lot": [
            {
                "code": "charset",
                "message": "Lot number contains 'Ô' at position 2, which is not allowed "
                "(GS1 character set 82).",
            }
        ]
    }


def test_expiry_before_production_is_refused_by_the_service(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    body = {
        "product": registry.own.product.pk, "lot": "L-2", "production_date": "2025-10-01",
        "expiry_date": "2025-09-01", "quantity": "10", "quantity_unit": "kg",
    }  # fmt: skip
    # when
    response = _post(api_client, "batches", body)
    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "expiry_date": [
            {"code": "invalid", "message": "The expiry date is before the production date."}
        ]
    }


def test_a_location_out_of_range_is_refused(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    body = {"enterprise": registry.own.enterprise.pk, "name": "Đồi", "kind": "farm",
            "org_unit": "03388", "latitude": "95", "longitude": "103"}  # fmt: skip
    # when
    response = _post(api_client, "locations", body)
    # then
    assert response.status_code == 400
    assert response.json()["errors"]["latitude"][0]["message"] == (
        "The latitude must be between -90 and 90."
    )


def test_a_location_gets_its_provincial_code(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    body = {"enterprise": registry.own.enterprise.pk, "name": "Kho", "kind": "warehouse",
            "org_unit": "03388"}  # fmt: skip
    # when
    data = _post(api_client, "locations", body).json()
    # then
    assert (data["local_code"], data["identifier"], data["gln"]) == (
        "LC-03388-002", "LC-03388-002", "",
    )  # fmt: skip


def test_serials_in_bulk_from_a_range_or_a_list(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    product, batch = registry.own.product.pk, registry.own.batch.pk
    # when
    ranged = _post(
        api_client, "serials/bulk", {"product": product, "batch": batch, "first": "A-098",
                                     "last": "A-102"},
    )  # fmt: skip
    listed = _post(api_client, "serials/bulk", {"product": product, "serials": ["B1", "B2"]})
    # then
    assert ranged.status_code == 201
    assert ranged.json() == {"created": 5, "first": "A-098", "last": "A-102"}
    assert listed.json() == {"created": 2, "first": "B1", "last": "B2"}
    assert Serial.objects.filter(product=product).count() == 8


def test_serials_in_bulk_are_all_or_none(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    before = Serial.objects.count()
    # when
    response = _post(
        api_client, "serials/bulk",
        {"product": registry.own.product.pk, "serials": ["C1", "DK0001", "C1"]},
    )  # fmt: skip
    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "serials": [
            {"code": "invalid", "message": "C1 is listed twice."},
            {"code": "invalid", "message": "DK0001 is already registered for this product."},
        ]
    }
    assert Serial.objects.count() == before


def test_serials_in_bulk_need_a_list_or_a_range(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    # when
    response = _post(api_client, "serials/bulk", {"product": registry.own.product.pk})
    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": [
            {
                "code": "invalid",
                "message": "Give the serial numbers, or the first and last numbers of a range.",
            }
        ]
    }


def test_a_product_cannot_move_to_another_enterprise(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    url = f"{BASE}/products/{registry.own.product.pk}/"
    # when
    body = {"enterprise": registry.other.enterprise.pk}
    response = api_client.patch(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "enterprise": [{"code": "invalid", "message": "This field cannot be changed."}]
    }
    assert Product.objects.get(pk=registry.own.product.pk).enterprise == registry.own.enterprise


def test_an_enterprise_may_repeat_but_not_change_its_identity(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    url = f"{BASE}/enterprises/{registry.own.enterprise.pk}/"
    current = api_client.get(url).json()
    # when
    replaced = api_client.put(url, {**current, "phone": "0214 1"}, format="json")
    refused = api_client.patch(
        url, {"tax_code": "6200000099"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    relinked = api_client.patch(url, {"users": []}, format="json")
    # then
    assert replaced.status_code == 200, replaced.content
    assert refused.json()["errors"] == {
        "tax_code": [{"code": "invalid", "message": "Only the center can change this field."}]
    }
    assert relinked.status_code == 403
    enterprise = Enterprise.objects.get(pk=registry.own.enterprise.pk)
    assert (enterprise.phone, enterprise.tax_code) == ("0214 1", "6200000001")
    assert list(enterprise.users.all()) == [users[Role.ENTERPRISE]]


def test_the_center_registers_an_enterprise_with_its_accounts(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    body = {"name": "HTX Mật ong", "tax_code": "6200000055", "org_unit": "03394",
            "users": [registry.other_user.username]}  # fmt: skip
    # when
    response = _post(api_client, "enterprises", body)
    # then
    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(tax_code="6200000055")
    assert (enterprise.org_unit.code, list(enterprise.users.all())) == (
        "03394", [registry.other_user],
    )  # fmt: skip


def test_a_product_image_is_uploaded_as_multipart(users, api_client, registry):
    # given
    sign_in(api_client, users, Role.ENTERPRISE)
    url = f"{BASE}/products/{registry.own.product.pk}/"
    # when
    response = api_client.patch(
        url, {"image": SimpleUploadedFile("moi.png", PNG)}, format="multipart"
    )
    wrong = api_client.patch(
        url, {"image": SimpleUploadedFile("moi.png", b"GIF89a")}, format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    # then
    assert response.status_code == 200, response.content
    assert response.json()["image"].endswith(".png")
    assert wrong.json()["errors"] == {
        "image": [{"code": "invalid", "message": "The file's content is not a PNG image."}]
    }


@pytest.mark.parametrize("typed", ["8936001000010", "08936001000010"])
def test_products_and_batches_filter_by_gtin_of_any_length(users, api_client, registry, typed):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    # when
    products = api_client.get(f"{BASE}/products/", {"gtin": typed}).json()
    batches = api_client.get(f"{BASE}/batches/", {"gtin": typed}).json()
    # then
    assert [row["id"] for row in products["results"]] == [registry.own.product.pk]
    assert [row["id"] for row in batches["results"]] == [registry.own.batch.pk]


def test_enterprises_filter_by_commune_code(users, api_client, registry: Registry):
    # given
    sign_in(api_client, users, Role.LEADER)
    # when
    body = api_client.get(f"{BASE}/enterprises/", {"org_unit": "03390"}).json()
    # then
    assert [row["id"] for row in body["results"]] == [registry.other.enterprise.pk]


def test_the_schema_describes_the_endpoints(users, client):
    # given
    client.force_login(users[Role.ADMINISTRATOR])
    # when
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    # then
    paths = [path for path in schema["paths"] if path.startswith("/api/v1/traceability/")]
    assert sorted(paths) == [
        "/api/v1/traceability/batches/", "/api/v1/traceability/batches/{id}/",
        "/api/v1/traceability/enterprises/", "/api/v1/traceability/enterprises/{id}/",
        "/api/v1/traceability/locations/", "/api/v1/traceability/locations/{id}/",
        "/api/v1/traceability/productLinks/", "/api/v1/traceability/productLinks/{id}/",
        "/api/v1/traceability/products/", "/api/v1/traceability/products/{id}/",
        "/api/v1/traceability/serials/", "/api/v1/traceability/serials/bulk/",
        "/api/v1/traceability/serials/{id}/",
    ]  # fmt: skip
    assert "delete" in schema["paths"]["/api/v1/traceability/productLinks/{id}/"]
    assert "delete" not in schema["paths"]["/api/v1/traceability/products/{id}/"]
