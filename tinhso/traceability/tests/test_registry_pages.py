"""What the registry's pages show and do: the enterprise's home and "My enterprise", the forms
(GTIN of any length, Vietnamese decimals, certifications, images, serials in bulk), the
messages, the menu entry, and lists whose queries do not grow with their rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import formats

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.roles import Role
from tinhso.traceability.models import Batch, Location, Product, ProductLink, Serial
from tinhso.traceability.tests.conftest import OWN_PREFIX, PNG, Registry, gtin13


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _as(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _product_form(**fields: str) -> dict[str, str]:
    body = {
        "gtin": "", "name": "Chè búp", "name_en": "", "category": "tea", "description": "",
        "net_content": "", "net_content_unit": "", "cert-TOTAL_FORMS": "2",
        "cert-INITIAL_FORMS": "0", "cert-0-name": "", "cert-0-number": "", "cert-0-issuer": "",
        "cert-0-valid_until": "", "cert-1-name": "", "cert-1-number": "", "cert-1-issuer": "",
        "cert-1-valid_until": "",
    }  # fmt: skip
    body.update(fields)
    return body


# Home, My enterprise, menu ---------------------------------------------------------------------


def test_the_enterprise_home_shows_its_enterprise(client, users, registry):
    # when
    html = _as(client, users[Role.ENTERPRISE]).get("/").content.decode()
    # then
    assert 'data-testid="enterprise-card"' in html
    assert "HTX Chè Đoàn Kết" in html
    assert "Chè DK" in html
    assert "HTX Chè Bình Lư" not in html


def test_an_unlinked_enterprise_account_is_told_what_to_do(client, lai_chau):
    # given
    user = UserFactory(role=Role.ENTERPRISE)
    _as(client, user)
    # when
    home = client.get("/").content.decode()
    mine = client.get("/traceability/mine/")
    # then
    assert 'data-testid="not-linked"' in home
    assert mine.status_code == 200
    assert 'data-testid="not-linked"' in mine.content.decode()


def test_my_enterprise_leads_to_the_enterprise_page(client, users, registry):
    # when
    response = _as(client, users[Role.ENTERPRISE]).get("/traceability/")
    mine = client.get("/traceability/mine/")
    # then
    assert response["Location"] == "/traceability/mine/"
    assert mine["Location"] == f"/traceability/enterprises/{registry.own.enterprise.pk}/"


@pytest.mark.parametrize(
    ("role", "target"),
    [
        (Role.CENTER_STAFF, "/traceability/overview/"),
        (Role.LEADER, "/traceability/overview/"),
        (Role.UNIT_REPORTER, "/traceability/enterprises/"),
    ],
)
def test_the_front_door_leads_each_role_to_its_page(client, users, registry, role, target):
    assert _as(client, users[role]).get("/traceability/")["Location"] == target


def test_the_menu_has_traceability_after_tasks(client, users, registry):
    # when
    staff_menu = [str(item.label) for item in _menu(client, users[Role.CENTER_STAFF])]
    enterprise_menu = [str(item.label) for item in _menu(client, users[Role.ENTERPRISE])]
    # then
    assert staff_menu[staff_menu.index("Tasks") + 1] == "Traceability"
    assert enterprise_menu == ["Home", "Traceability"]


def _menu(client: Client, user: Any) -> list[Any]:
    return list(_as(client, user).get("/traceability/products/").context["menu"])


def test_tabs_follow_the_role(client, users, registry):
    # when
    enterprise = _as(client, users[Role.ENTERPRISE]).get("/traceability/products/")
    staff = _as(client, users[Role.CENTER_STAFF]).get("/traceability/products/")
    # then
    assert "My enterprise" in enterprise.content.decode()
    assert "Overview" not in enterprise.content.decode()
    assert "Overview" in staff.content.decode()
    assert "My enterprise" not in staff.content.decode()


# Lists -----------------------------------------------------------------------------------------


def test_a_reporter_lists_the_enterprises_of_their_commune(client, users, registry):
    # when
    table = _as(client, users[Role.UNIT_REPORTER]).get("/traceability/enterprises/")
    # then
    assert [row.record for row in table.context["table"].page.object_list] == [
        registry.own.enterprise
    ]


def test_an_htmx_request_gets_only_the_table(client, users, registry):
    # when
    html = (
        _as(client, users[Role.LEADER])
        .get("/traceability/products/", {"category": "tea"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    # then
    assert html.lstrip().startswith('<div id="registry-table"')
    assert "Chè DK" in html and "Chè BL" in html


def test_the_product_list_filters_by_gtin_of_any_length(client, users, registry):
    # when
    response = _as(client, users[Role.LEADER]).get(
        "/traceability/products/", {"q": registry.own.product.gtin[1:]}
    )
    # then
    assert [row.record for row in response.context["table"].page.object_list] == [
        registry.own.product
    ]


@pytest.mark.parametrize("path", ["/traceability/products/", "/traceability/enterprises/"])
def test_list_queries_do_not_grow_with_rows(
    client, users, registry, path, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    # given
    _as(client, users[Role.CENTER_STAFF]).get(path)  # warm the session and caches
    for n in range(15):
        Product.objects.create(enterprise=registry.own.enterprise, name=f"SP {n}", category="rice")
    # when / then
    with django_assert_max_num_queries(12):
        assert client.get(path).status_code == 200


# Forms -----------------------------------------------------------------------------------------


def test_registering_a_product_keeps_its_gtin_as_14_digits_and_warns(client, users, registry):
    # given
    _as(client, users[Role.ENTERPRISE])
    url = f"/traceability/enterprises/{registry.own.enterprise.pk}/products/add/"
    body = _product_form(
        gtin=gtin13("893999900001"),
        **{"cert-0-name": "VietGAP", "cert-0-valid_until": "2027-06-30"},
    )
    # when
    response = client.post(url, {**body, "image": SimpleUploadedFile("che.png", PNG)}, follow=True)
    # then
    product = Product.objects.get(name="Chè búp")
    assert product.gtin == "08939999000017"
    assert product.certifications == [
        {"name": "VietGAP", "number": "", "issuer": "", "valid_until": "2027-06-30"}
    ]
    html = response.content.decode()
    assert "The product was registered." in html
    assert "The GTIN does not start with the enterprise&#x27;s GS1 company prefix 8936001." in html
    assert f'src="/traceability/products/{product.pk}/image/"' in html


def test_a_wrong_gtin_is_shown_on_the_form_and_nothing_is_written(client, users, registry):
    # given
    _as(client, users[Role.ENTERPRISE])
    url = f"/traceability/enterprises/{registry.own.enterprise.pk}/products/add/"
    before = Product.objects.count()
    # when
    response = client.post(url, _product_form(gtin="8936001000341"))
    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "gtin": ["GTIN has a wrong check digit: expected 8, got 1."]
    }
    assert Product.objects.count() == before


def test_a_half_filled_certification_is_refused(client, users, registry):
    # given
    _as(client, users[Role.ENTERPRISE])
    url = f"/traceability/products/{registry.own.product.pk}/edit/"
    # when
    response = client.post(url, _product_form(**{"cert-0-number": "12/QĐ"}))
    # then
    form = response.context["form"]
    assert form.non_field_errors() == ["Check the standards and certifications below."]
    assert form.certifications.errors[0] == {
        "name": ["Give the name of the standard or certification."]
    }


def test_removing_the_image(client, users, registry):
    # given
    _as(client, users[Role.ENTERPRISE])
    url = f"/traceability/products/{registry.own.product.pk}/edit/"
    # when
    client.post(url, _product_form(name="Chè DK", remove_image="on"))
    # then
    assert not Product.objects.get(pk=registry.own.product.pk).image


def test_a_batch_quantity_is_typed_the_vietnamese_way(client, users, registry):
    # given
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    _as(client, users[Role.ENTERPRISE])
    url = f"/traceability/products/{registry.own.product.pk}/batches/add/"
    body = {
        "lot": "DK-2025-10", "production_date": "2025-10-01", "expiry_date": "2026-10-01",
        "quantity": "1.250,5", "quantity_unit": "kg", "origin": registry.own.location.pk,
    }  # fmt: skip
    # when
    response = client.post(url, body)
    # then
    batch = Batch.objects.get(lot="DK-2025-10")
    assert response["Location"] == f"/traceability/batches/{batch.pk}/"
    assert batch.quantity == Decimal("1250.5")


def test_the_batch_form_offers_only_the_enterprises_own_locations(client, users, registry):
    # when
    form = (
        _as(client, users[Role.CENTER_STAFF])
        .get(f"/traceability/products/{registry.own.product.pk}/batches/add/")
        .context["form"]
    )
    # then
    assert list(form.fields["origin"].queryset) == [registry.own.location]


def test_a_location_with_comma_coordinates_gets_its_code(client, users, registry, own_unit):
    # given
    _as(client, users[Role.ENTERPRISE])
    url = f"/traceability/enterprises/{registry.own.enterprise.pk}/locations/add/"
    body = {
        "name": "Kho Đoàn Kết", "kind": "warehouse", "gln": "", "org_unit": own_unit.pk,
        "address": "", "latitude": "22,3961", "longitude": "103,4583",
    }  # fmt: skip
    # when
    client.post(url, body)
    # then
    location = Location.objects.get(name="Kho Đoàn Kết")
    assert (location.local_code, location.latitude, location.longitude) == (
        "LC-03388-002", Decimal("22.3961"), Decimal("103.4583"),
    )  # fmt: skip


def test_an_enterprise_edits_only_its_profile(client, users, registry):
    # when
    form = (
        _as(client, users[Role.ENTERPRISE])
        .get(f"/traceability/enterprises/{registry.own.enterprise.pk}/edit/")
        .context["form"]
    )
    # then
    assert list(form.fields) == ["gln", "address", "representative", "phone", "email"]


def test_the_center_links_accounts(client, users, registry):
    # given
    _as(client, users[Role.CENTER_STAFF])
    enterprise = registry.own.enterprise
    # when
    client.post(
        f"/traceability/enterprises/{enterprise.pk}/accounts/",
        {"users": [users[Role.ENTERPRISE].pk, registry.other_user.pk]},
    )
    # then
    assert set(enterprise.users.all()) == {users[Role.ENTERPRISE], registry.other_user}


@pytest.mark.parametrize(
    ("body", "added"),
    [
        ({"first": "DK0002", "last": "DK0005", "pasted": ""}, 4),
        ({"first": "", "last": "", "pasted": "DK-A1\nDK-A2, DK-A3"}, 3),
    ],
)
def test_serials_are_added_from_a_range_or_a_list(client, users, registry, body, added):
    # given
    _as(client, users[Role.ENTERPRISE])
    batch = registry.own.batch
    # when
    response = client.post(f"/traceability/batches/{batch.pk}/serials/add/", body, follow=True)
    # then
    assert Serial.objects.filter(batch=batch).count() == 1 + added
    assert f"{added} serial numbers were added." in response.content.decode()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"first": "A1", "last": "A3", "pasted": "B1"}, "Give either a range or a list, not both."),
        (
            {"first": "", "last": "", "pasted": ""},
            "Give the first and last numbers of a range, or a list.",
        ),
    ],
)
def test_the_serials_form_wants_one_way(client, users, registry, body, error):
    # when
    response = _as(client, users[Role.ENTERPRISE]).post(
        f"/traceability/batches/{registry.own.batch.pk}/serials/add/", body
    )
    # then
    assert response.context["form"].non_field_errors() == [error]


def test_a_repeated_serial_is_named_on_the_form(client, users, registry):
    # when
    response = _as(client, users[Role.ENTERPRISE]).post(
        f"/traceability/batches/{registry.own.batch.pk}/serials/add/",
        {"first": "", "last": "", "pasted": "DK0001"},
    )
    # then
    assert response.context["form"].non_field_errors() == [
        "DK0001 is already registered for this product."
    ]


def test_removing_a_link_asks_first(client, users, registry):
    # given
    _as(client, users[Role.ENTERPRISE])
    url = f"/traceability/links/{registry.own.link.pk}/delete/"
    # when
    asked = client.get(url)
    removed = client.post(url)
    # then
    assert 'data-testid="confirm-delete"' in asked.content.decode()
    assert removed["Location"] == f"/traceability/products/{registry.own.product.pk}/#links"
    assert not ProductLink.objects.filter(pk=registry.own.link.pk).exists()


# Detail pages -----------------------------------------------------------------------------------


def test_the_product_page_shows_batches_links_and_certifications(client, users, registry):
    # given
    Product.objects.filter(pk=registry.own.product.pk).update(
        certifications=[{"name": "OCOP 4 sao", "number": "125/QĐ-UBND", "issuer": "UBND tỉnh",
                         "valid_until": "2028-03-15"}]
    )  # fmt: skip
    Batch.objects.create(
        product=registry.own.product, lot="DK-02", production_date=dt.date(2025, 9, 1),
        quantity=Decimal("1.5"), quantity_unit="t",
    )  # fmt: skip
    # when
    html = (
        _as(client, users[Role.ENTERPRISE])
        .get(f"/traceability/products/{registry.own.product.pk}/")
        .content.decode()
    )
    # then
    shown = formats.date_format(dt.date(2028, 3, 15), "SHORT_DATE_FORMAT")
    assert "OCOP 4 sao" in html and f"valid until {shown}" in html
    assert "DK-01" in html and "DK-02" in html
    assert "/01/08936001000010" in html
    assert 'data-testid="add-batch"' in html
    assert 'data-testid="gtin-warning"' not in html


def test_a_reader_sees_no_write_buttons(client, users, registry):
    # when
    html = (
        _as(client, users[Role.UNIT_REPORTER])
        .get(f"/traceability/products/{registry.own.product.pk}/")
        .content.decode()
    )
    # then
    for testid in ("edit", "add-batch", "add-link"):
        assert f'data-testid="{testid}"' not in html


def test_the_batch_page_shows_its_serials_and_digital_link(client, users, registry):
    # when
    html = (
        _as(client, users[Role.ENTERPRISE])
        .get(f"/traceability/batches/{registry.own.batch.pk}/")
        .content.decode()
    )
    # then
    assert "/01/08936001000010/10/DK-01" in html
    qr = f"/traceability/serials/{registry.own.serial.pk}/qr.svg"
    assert f'<a class="gs1-key" href="{qr}" title="QR code">DK0001</a>' in html


def test_the_image_is_served_with_its_type(client, users, registry):
    # when
    response = _as(client, users[Role.LEADER]).get(
        f"/traceability/products/{registry.own.product.pk}/image/"
    )
    # then
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_a_product_without_image_answers_404(client, users, registry):
    # given
    product = Product.objects.create(
        enterprise=registry.own.enterprise, name="Không ảnh", category="fruit",
        gtin=gtin13(OWN_PREFIX + "00099").zfill(14),
    )  # fmt: skip
    # when
    response = _as(client, users[Role.CENTER_STAFF]).get(
        f"/traceability/products/{product.pk}/image/"
    )
    # then
    assert response.status_code == 404


def test_an_enterprise_page_lists_its_locations_with_their_codes(client, users, registry: Registry):
    # when
    html = (
        _as(client, users[Role.LEADER])
        .get(f"/traceability/enterprises/{registry.own.enterprise.pk}/")
        .content.decode()
    )
    # then
    assert "LC-03388-001" in html
    assert 'data-testid="add-location"' not in html


def test_an_enterprise_lists_without_enterprise_columns_and_filters(client, users, registry):
    # when
    response = _as(client, users[Role.ENTERPRISE]).get("/traceability/products/")
    staff = _as(client, users[Role.CENTER_STAFF]).get("/traceability/products/")
    # then
    assert list(response.context["filter"].form.fields) == ["q", "category"]
    assert "enterprise" not in [column.name for column in response.context["table"].columns]
    assert list(staff.context["filter"].form.fields) == ["q", "enterprise", "category", "org_unit"]
