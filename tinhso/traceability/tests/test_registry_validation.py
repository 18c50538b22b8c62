"""The registry's checks, through its services: GS1 keys (GTIN, GLN, lot, serial), dates,
coordinates, codes and uniqueness, each refused with its exact message and nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability import services
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial
from tinhso.traceability.tests.conftest import OWN_PREFIX, PNG, Registry, gtin13


def _errors(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def _product(registry: Registry, actor: Any, **fields: Any) -> Product:
    fields.setdefault("name", "Chè mới")
    fields.setdefault("category", "tea")
    return services.create_product(actor=actor, enterprise=registry.own.enterprise, **fields)


# GTIN -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("8936001000027", "08936001000027"),  # GTIN-13
        ("08936001000027", "08936001000027"),  # GTIN-14
        ("893 6001 00002 7", "08936001000027"),  # as printed under a barcode
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("96385074", "00000096385074"),  # GTIN-8
    ],
)
def test_a_gtin_of_any_length_is_stored_as_14_digits(registry, users, typed, stored):
    # when
    product = _product(registry, users[Role.ENTERPRISE], gtin=typed)
    # then
    product.refresh_from_db()
    assert product.gtin == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("8936001000025", "GTIN has a wrong check digit: expected 7, got 5."),
        ("89360010000", "GTIN must be 8, 12, 13 or 14 digits long; got 11."),
        ("893A001000024", "GTIN must contain only digits; found 'A' at position 4."),
    ],
)
def test_a_malformed_gtin_is_refused_with_its_reason(registry, users, typed, message):
    # given
    before = Product.objects.count()
    # when
    errors = _errors(_product, registry=registry, actor=users[Role.ENTERPRISE], gtin=typed)
    # then
    assert errors == {"gtin": [message]}
    assert Product.objects.count() == before


def test_a_gtin_registered_to_another_product_is_refused(registry, users):
    # given
    taken = registry.other.product.gtin[1:]  # typed as GTIN-13
    # when
    errors = _errors(_product, registry=registry, actor=users[Role.CENTER_STAFF], gtin=taken)
    # then
    assert errors == {"gtin": ["Another product is registered with this GTIN."]}


def test_a_product_may_have_no_gtin_and_then_no_digital_link(registry, users):
    # when
    product = _product(registry, users[Role.ENTERPRISE], gtin="")
    # then
    assert (product.gtin, product.digital_link_path, product.gtin_warnings()) == ("", "", [])


def test_a_gtin_outside_the_company_prefix_is_accepted_with_a_warning(registry, users):
    # given: the other enterprise's prefix, under the own enterprise
    gtin = gtin13("893600200009")
    # when
    product = _product(registry, users[Role.ENTERPRISE], gtin=gtin)
    # then
    assert product.pk is not None
    assert product.gtin_warnings() == [
        f"The GTIN does not start with the enterprise's GS1 company prefix {OWN_PREFIX}."
    ]


def test_a_gtin_from_outside_vietnam_warns_when_no_prefix_is_recorded(registry, users):
    # given
    Enterprise.objects.filter(pk=registry.own.enterprise.pk).update(gs1_company_prefix="")
    registry.own.enterprise.refresh_from_db()
    # when
    product = _product(registry, users[Role.ENTERPRISE], gtin=gtin13("400638133393"))
    # then
    assert product.gtin_warnings() == ["The GTIN was not allocated by GS1 Vietnam (prefix 893)."]


def test_a_gtin_within_the_company_prefix_has_no_warning(registry, users):
    # when
    product = _product(registry, users[Role.ENTERPRISE], gtin=gtin13(OWN_PREFIX + "00077"))
    # then
    assert product.gtin_warnings() == []


# GLN, tax code, company prefix ------------------------------------------------------------------


def test_an_enterprise_gln_with_a_wrong_check_digit_is_refused(registry, users):
    # when
    errors = _errors(
        services.update_enterprise,
        actor=users[Role.ENTERPRISE],
        enterprise=registry.own.enterprise,
        gln="8936001000110",
    )
    # then
    assert errors == {"gln": ["GLN has a wrong check digit: expected 9, got 0."]}


def test_a_location_gln_of_the_wrong_length_is_refused(registry, users):
    # when
    errors = _errors(
        services.create_location,
        actor=users[Role.ENTERPRISE],
        enterprise=registry.own.enterprise,
        name="Kho",
        kind="warehouse",
        gln="893600100011",
    )
    # then
    assert errors == {"gln": ["GLN must be 13 digits long; got 12."]}


def test_registering_checks_tax_code_prefix_and_duplicates(registry, users):
    # when
    errors = _errors(
        services.register_enterprise,
        actor=users[Role.CENTER_STAFF],
        name="HTX mới",
        tax_code="62000",
        gs1_company_prefix="89A",
    )
    duplicate = _errors(
        services.register_enterprise,
        actor=users[Role.CENTER_STAFF],
        name="HTX trùng",
        tax_code=registry.other.enterprise.tax_code,
    )
    # then
    assert errors == {
        "tax_code": ["A tax code is 10 digits, or 10 digits, a dash and 3 digits (a branch)."],
        "gs1_company_prefix": ["A GS1 company prefix is 6 to 12 digits."],
    }
    assert duplicate == {"tax_code": ["An enterprise with this tax code is already registered."]}


def test_a_branch_tax_code_is_accepted(users, lai_chau):
    # when
    enterprise = services.register_enterprise(
        actor=users[Role.CENTER_STAFF], name="Chi nhánh", tax_code="6200000001-001"
    )
    # then
    assert Enterprise.objects.get(pk=enterprise.pk).tax_code == "6200000001-001"


def test_an_enterprise_changes_its_profile_but_not_its_identity(registry, users):
    # given
    enterprise, before = registry.own.enterprise, AuditEntry.objects.count()
    # when
    errors = _errors(
        services.update_enterprise,
        actor=users[Role.ENTERPRISE],
        enterprise=enterprise,
        tax_code="6200000009",
        phone="0214 1",
    )
    services.update_enterprise(
        actor=users[Role.ENTERPRISE], enterprise=enterprise, name=enterprise.name, phone="0214 2"
    )
    # then
    assert errors == {"tax_code": ["Only the center can change this field."]}
    enterprise.refresh_from_db()
    assert (enterprise.tax_code, enterprise.phone) == ("6200000001", "0214 2")
    assert AuditEntry.objects.count() == before + 1


def test_only_enterprise_role_accounts_act_for_an_enterprise(registry, users):
    # when
    errors = _errors(
        services.link_enterprise_users,
        actor=users[Role.CENTER_STAFF],
        enterprise=registry.own.enterprise,
        users=[users[Role.LEADER]],
    )
    # then
    assert errors == {"users": [f"{users[Role.LEADER]} do not have the enterprise role."]}
    assert list(registry.own.enterprise.users.all()) == [users[Role.ENTERPRISE]]


# Locations --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "errors"),
    [
        ("90.000001", "103", {"latitude": ["The latitude must be between -90 and 90."]}),
        ("-91", "103", {"latitude": ["The latitude must be between -90 and 90."]}),
        ("22", "180.5", {"longitude": ["The longitude must be between -180 and 180."]}),
        ("22", "-181", {"longitude": ["The longitude must be between -180 and 180."]}),
        ("22", None, {"longitude": ["Give both the latitude and the longitude, or neither."]}),
        (None, "103", {"latitude": ["Give both the latitude and the longitude, or neither."]}),
    ],
)
def test_coordinates_out_of_range_are_refused(
    registry, users, own_unit, latitude, longitude, errors
):
    # given
    before = Location.objects.count()
    # when
    found = _errors(
        services.create_location,
        actor=users[Role.ENTERPRISE],
        enterprise=registry.own.enterprise,
        name="Đồi chè",
        kind="farm",
        org_unit=own_unit,
        latitude=Decimal(latitude) if latitude else None,
        longitude=Decimal(longitude) if longitude else None,
    )
    # then
    assert found == errors
    assert Location.objects.count() == before


@pytest.mark.parametrize(
    ("latitude", "longitude"), [("90", "180"), ("-90", "-180"), ("22.8", "102.3")]
)
def test_coordinates_on_the_bounds_are_accepted(registry, users, own_unit, latitude, longitude):
    # when
    location = services.create_location(
        actor=users[Role.ENTERPRISE], enterprise=registry.own.enterprise, name="Đồi",
        kind="farm", org_unit=own_unit, latitude=Decimal(latitude), longitude=Decimal(longitude),
    )  # fmt: skip
    # then
    location.refresh_from_db()
    assert (location.latitude, location.longitude) == (Decimal(latitude), Decimal(longitude))


def test_a_location_without_gln_gets_the_next_code_of_its_commune(registry, users, own_unit):
    # given: LC-03388-001 is taken by the fixture's location
    actor, enterprise = users[Role.ENTERPRISE], registry.own.enterprise
    # when
    second = services.create_location(
        actor=actor, enterprise=enterprise, name="Kho", kind="warehouse", org_unit=own_unit
    )
    with_gln = services.create_location(
        actor=actor, enterprise=enterprise, name="Xưởng", kind="plant",
        gln=gtin13(OWN_PREFIX + "00011"), org_unit=own_unit,
    )  # fmt: skip
    third = services.create_location(
        actor=actor, enterprise=enterprise, name="Cửa hàng", kind="shop", org_unit=own_unit
    )
    # then
    assert [second.local_code, with_gln.local_code, third.local_code] == [
        "LC-03388-002", "", "LC-03388-003",
    ]  # fmt: skip
    assert [second.identifier, with_gln.identifier] == ["LC-03388-002", "8936001000119"]


def test_a_location_needs_a_gln_or_a_commune(registry, users, lai_chau):
    # when
    missing = _errors(
        services.create_location,
        actor=users[Role.ENTERPRISE], enterprise=registry.own.enterprise, name="Kho",
        kind="warehouse",
    )  # fmt: skip
    province = _errors(
        services.create_location,
        actor=users[Role.ENTERPRISE], enterprise=registry.own.enterprise, name="Kho",
        kind="warehouse", org_unit=lai_chau,
    )  # fmt: skip
    # then
    assert missing == {
        "org_unit": ["Give the GLN, or the commune or ward so that a location code can be given."]
    }
    assert province == {"org_unit": ["Choose a commune or ward."]}


def test_a_gln_belongs_to_one_location(registry, users, own_unit):
    # given
    gln = gtin13(OWN_PREFIX + "00011")
    Location.objects.filter(pk=registry.other.location.pk).update(gln=gln)
    # when
    errors = _errors(
        services.create_location,
        actor=users[Role.CENTER_STAFF], enterprise=registry.own.enterprise, name="Kho",
        kind="warehouse", gln=gln,
    )  # fmt: skip
    # then
    assert errors == {"gln": ["Another location already has this GLN."]}


# Batches ----------------------------------------------------------------------------------------


def _batch(registry: Registry, actor: Any, **fields: Any) -> Batch:
    values: dict[str, Any] = {
        "lot": "DK-02", "production_date": dt.date(2025, 9, 1), "quantity": Decimal(5),
        "quantity_unit": "kg",
    }  # fmt: skip
    values.update(fields)
    return services.create_batch(actor=actor, product=registry.own.product, **values)


@pytest.mark.parametrize(
    ("lot", "message"),
    [
        ("SHT-2025-0000000000001", "Lot number is too long: at most 20 characters, got 22."),
        (
            "SHT#01",
            "Lot number contains '#' at position 4, which is not allowed (GS1 character set 82).",
        ),
        (
            "Lô-01",
            "Lot number contains 'ô' at position 2, which is not allowed (GS1 character set 82).",
        ),
    ],
)
def test_a_malformed_lot_is_refused_with_its_reason(registry, users, lot, message):
    # given
    before = Batch.objects.count()
    # when
    errors = _errors(_batch, registry=registry, actor=users[Role.ENTERPRISE], lot=lot)
    # then
    assert errors == {"lot": [message]}
    assert Batch.objects.count() == before


def test_dates_quantities_origin_and_duplicate_lots_are_checked(registry, users):
    # when
    errors = _errors(
        _batch,
        registry=registry,
        actor=users[Role.ENTERPRISE],
        lot=registry.own.batch.lot,
        expiry_date=dt.date(2025, 8, 31),
        quantity=Decimal(-1),
        origin=registry.other.location,
    )
    # then
    assert errors == {
        "quantity": ["The quantity cannot be negative."],
        "expiry_date": ["The expiry date is before the production date."],
        "origin": ["Choose a location of the product's own enterprise."],
        "lot": ["This product already has a batch with lot number DK-01."],
    }


def test_a_batch_has_its_digital_link(registry, users):
    # when
    batch = _batch(registry, users[Role.ENTERPRISE], lot="A/B%1")
    # then
    assert batch.digital_link_path == "/01/08936001000010/10/A%2FB%251"


# Serial numbers ---------------------------------------------------------------------------------


def test_a_range_of_serials_keeps_its_width():
    assert services.serial_range("SHT-0098", "SHT-0102") == [
        "SHT-0098", "SHT-0099", "SHT-0100", "SHT-0101", "SHT-0102",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "last", "errors"),
    [
        ("A-01", "B-05", {"first": [
            "The first and last numbers must end in digits after the same beginning."
        ]}),
        ("A-10", "A-09", {"last": ["The last number comes before the first."]}),
        ("A1", "A6000", {"last": ["At most 5000 serial numbers at a time."]}),
    ],
)  # fmt: skip
def test_a_wrong_range_is_refused(first, last, errors):
    with pytest.raises(ValidationError) as caught:
        services.serial_range(first, last)
    assert caught.value.message_dict == errors


def test_serials_are_added_all_or_none(registry, users):
    # given
    before = list(Serial.objects.values_list("serial", flat=True).order_by("serial"))
    # when
    errors = _errors(
        services.add_serials,
        actor=users[Role.ENTERPRISE],
        product=registry.own.product,
        batch=registry.own.batch,
        serials=["DK0002", "DK0002", "DK0001", "DK#3", "DK0004"],
    )
    # then
    assert errors == {
        "serials": [
            "Serial number contains '#' at position 3, which is not allowed "
            "(GS1 character set 82).",
            "DK0002 is listed twice.",
            "DK0001 is already registered for this product.",
        ]
    }
    assert list(Serial.objects.values_list("serial", flat=True).order_by("serial")) == before


def test_many_problems_are_shortened(registry, users):
    # when
    errors = _errors(
        services.add_serials,
        actor=users[Role.ENTERPRISE],
        product=registry.own.product,
        serials=[f"Ô{n}" for n in range(13)],
    )
    # then
    assert len(errors["serials"]) == 11
    assert errors["serials"][-1] == "…and 3 more problems."


def test_added_serials_are_audited_one_by_one(registry, users):
    # given
    before = AuditEntry.objects.count()
    # when
    added = services.add_serials(
        actor=users[Role.ENTERPRISE],
        product=registry.own.product,
        batch=registry.own.batch,
        serials=services.serial_range("DK0002", "DK0004"),
    )
    # then
    assert [serial.serial for serial in added] == ["DK0002", "DK0003", "DK0004"]
    assert AuditEntry.objects.count() == before + 3
    assert added[0].digital_link_path == "/01/08936001000010/21/DK0002"


def test_a_batch_of_another_product_is_refused(registry, users):
    # when
    errors = _errors(
        services.add_serials,
        actor=users[Role.CENTER_STAFF],
        product=registry.own.product,
        batch=registry.other.batch,
        serials=["X1"],
    )
    # then
    assert errors == {"batch": ["Choose a batch of this product."]}


# Products: image, certifications, net content ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.gif", b"GIF89a", "The image must be a PNG, JPEG or WebP file."),
        ("anh.png", b"\xff\xd8\xff\xe0 not a png", "The file's content is not a PNG image."),
        ("anh.webp", b"RIFF\x00\x00\x00\x00WEBX", "The file's content is not a WebP image."),
    ],
)
def test_an_image_is_checked_by_its_content(registry, users, name, content, message):
    # when
    errors = _errors(
        _product,
        registry=registry,
        actor=users[Role.ENTERPRISE],
        image=SimpleUploadedFile(name, content),
    )
    # then
    assert errors == {"image": [message]}


def test_a_large_image_is_refused(registry, users):
    # given
    upload = SimpleUploadedFile("anh.png", PNG + b"\x00" * (5 * 2**20))
    # when
    errors = _errors(_product, registry=registry, actor=users[Role.ENTERPRISE], image=upload)
    # then
    assert errors == {"image": ["The image is larger than 5 MB."]}


def test_a_product_keeps_its_image_and_certifications(registry, users):
    # when
    product = _product(
        registry,
        users[Role.ENTERPRISE],
        image=SimpleUploadedFile("anh.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
        certifications=[{"name": " VietGAP ", "valid_until": "2027-06-30"}],
        net_content=Decimal(100),
        net_content_unit="g",
    )
    # then
    product.refresh_from_db()
    assert product.image.name.endswith(".webp")
    assert product.certifications == [
        {"name": "VietGAP", "number": "", "issuer": "", "valid_until": "2027-06-30"}
    ]


def test_certifications_are_checked_one_by_one(registry, users):
    # when
    errors = _errors(
        _product,
        registry=registry,
        actor=users[Role.ENTERPRISE],
        certifications=[
            {"name": "OCOP 4 sao", "valid_until": "31/12/2027"},
            {"number": "12"},
            {"name": "VietGAP", "scope": "chè"},
        ],
        net_content=Decimal(1),
    )
    # then
    assert errors == {
        "certifications": [
            "Certification 1: valid_until must be a date written YYYY-MM-DD.",
            "Certification 2: give its name, e.g. VietGAP or OCOP 4 stars.",
            "Certification 3: unknown field scope.",
        ],
        "net_content_unit": ["Give the unit of the net content."],
    }


# Links -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href", ["http://example.vn/a", "ftp://example.vn", "//example.vn/a", "https://", "trang"]
)
def test_a_link_is_https_or_a_path_on_this_site(registry, users, href):
    # when
    errors = _errors(
        services.create_product_link,
        actor=users[Role.ENTERPRISE],
        product=registry.own.product,
        link_type="gs1:pip",
        href=href,
        title="Trang",
    )
    # then
    assert errors == {"href": ["Give an https:// address, or a path on this site starting with /."]}


def test_a_new_default_link_replaces_the_previous_one(registry, users):
    # given
    old = registry.own.link
    ProductLink.objects.filter(pk=old.pk).update(is_default=True)
    before = AuditEntry.objects.count()
    # when
    new = services.create_product_link(
        actor=users[Role.ENTERPRISE], product=registry.own.product,
        link_type="gs1:certificationInfo", href="https://ocop.gov.vn/", title="OCOP",
        is_default=True,
    )  # fmt: skip
    # then
    assert list(ProductLink.objects.filter(is_default=True)) == [new]
    assert AuditEntry.objects.count() == before + 2


def test_a_deleted_link_is_kept_in_the_audit_trail(registry, users):
    # given
    link = registry.own.link
    # when
    services.delete_product_link(actor=users[Role.ENTERPRISE], link=link)
    # then
    assert not ProductLink.objects.filter(pk=link.pk).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.changes["href"] == ["/01/08936001000010", None]


# Reach -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_REPORTER])
def test_readers_cannot_write(registry, users, role):
    with pytest.raises(PermissionDenied):
        _product(registry, users[role], gtin="")


def test_an_enterprise_cannot_write_for_another(registry, users):
    # given
    before = Product.objects.count()
    # when / then
    with pytest.raises(PermissionDenied):
        services.create_product(
            actor=users[Role.ENTERPRISE], enterprise=registry.other.enterprise, name="X",
            category="tea",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.update_batch(actor=users[Role.ENTERPRISE], batch=registry.other.batch, lot="X")
    assert Product.objects.count() == before


def test_the_province_is_not_a_commune(lai_chau):
    assert OrgUnit.objects.get(code="12").kind == "province"
