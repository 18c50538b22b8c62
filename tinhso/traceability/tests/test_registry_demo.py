"""The Lai Châu traceability demo: loaded through the audited services, the same on a second
run, valid 893 GTINs and GLNs, coordinates inside the province, real communes, the demo
enterprise account acting for the tea cooperative, and the overview it gives."""

from __future__ import annotations

from dataclasses import astuple

import pytest

from tinhso.accounts import demo as accounts_demo
from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.epcis.models import Event
from tinhso.orgunits import demo as orgunits_demo
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.traceability import demo
from tinhso.traceability.events import PROCESSING_STEP
from tinhso.traceability.gs1 import keys
from tinhso.traceability.gs1.digital_link import parse_digital_link
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial
from tinhso.traceability.resolver.selectors import Resolved, journey_events, resolve
from tinhso.traceability.selectors import overview

pytestmark = pytest.mark.django_db

MODELS = (Enterprise, Location, Product, Batch, Serial, ProductLink)
FIRST_LOAD = [
    "Traceability enterprises: 4 created, 0 unchanged",
    "Traceability locations: 9 created, 0 unchanged",
    "Traceability products: 6 created, 0 unchanged",
    "Traceability batches: 6 created, 0 unchanged",
    "Traceability serial numbers: 24 created, 0 unchanged",
    "Traceability product links: 9 created, 0 unchanged",
    "Traceability supply-chain events: 24 created, 0 unchanged",
]
SECOND_LOAD = [
    "Traceability enterprises: 0 created, 4 unchanged",
    "Traceability locations: 0 created, 9 unchanged",
    "Traceability products: 0 created, 6 unchanged",
    "Traceability batches: 0 created, 6 unchanged",
    "Traceability serial numbers: 0 created, 24 unchanged",
    "Traceability product links: 0 created, 9 unchanged",
    "Traceability supply-chain events: 0 created, 24 unchanged",
]


@pytest.fixture
def loaded(settings):  # type: ignore[no-untyped-def]
    settings.STORAGES = {**settings.STORAGES}
    orgunits_demo.load()
    accounts_demo.load()
    return demo.load()


def test_the_demo_loads_once_and_again_adds_nothing(loaded):
    # given
    counts = [model.objects.count() for model in MODELS]
    audit = AuditEntry.objects.count()
    # when
    again = demo.load()
    # then
    # (then the lines of the figures fed to monitoring: see test_indicators.py)
    assert loaded[: len(FIRST_LOAD)] == FIRST_LOAD
    assert again[: len(SECOND_LOAD)] == SECOND_LOAD
    assert counts == [4, 9, 6, 6, 24, 9]
    assert [model.objects.count() for model in MODELS] == counts
    assert Event.objects.count() == 24
    assert AuditEntry.objects.count() == audit


def test_every_row_is_audited(loaded):
    # then: one entry per created row
    assert AuditEntry.objects.filter(
        content_type__app_label="traceability", action="create"
    ).count() == sum(model.objects.count() for model in MODELS)


def test_gtins_and_glns_are_valid_vietnamese_keys(loaded):
    # given
    gtins = list(Product.objects.exclude(gtin="").values_list("gtin", flat=True))
    glns = list(Location.objects.exclude(gln="").values_list("gln", flat=True))
    # then
    assert len(gtins) == 5
    assert len(glns) == 3
    for gtin in gtins:
        assert keys.validate_gtin(gtin) == gtin
        assert keys.describe_gtin(gtin).is_vietnamese
    for gln in glns:
        assert keys.validate_gln(gln) == gln
        assert gln.startswith("893")
    assert [p.gtin_warnings() for p in Product.objects.all()] == [[]] * 6


def test_locations_are_in_real_communes_inside_the_province(loaded):
    for location in Location.objects.select_related("org_unit"):
        assert location.org_unit.kind in LOCAL_KINDS
        assert location.org_unit.path.startswith("12/")
        assert 21.8 <= location.latitude <= 22.8
        assert 102.3 <= location.longitude <= 103.9
        assert location.identifier


def test_the_demo_account_acts_for_the_tea_cooperative(loaded):
    # given
    enterprise = Enterprise.objects.get(users__username="htxchetan")
    # then
    assert enterprise.name == "Hợp tác xã Chè Shan tuyết Sìn Hồ"
    assert enterprise.org_unit.name == "Xã Sìn Hồ"
    assert enterprise.users.get().role is Role.ENTERPRISE
    assert set(enterprise.products.values_list("category", flat=True)) == {"tea"}
    # 3 locations, 2 products, 3 batches, 24 serials, 4 links and 15 captured steps (one audited
    # capture each), written as the cooperative
    assert AuditEntry.objects.filter(actor__username="htxchetan").count() == 51


def test_illustrative_content_is_labelled(loaded):
    # given
    label = demo.demo_label()
    # then
    assert all(label in enterprise.address for enterprise in Enterprise.objects.all())
    assert all(product.description.endswith(f"{label}.") for product in Product.objects.all())


def test_the_demo_gives_a_telling_overview(loaded):
    # when
    counts = overview()
    # then
    assert astuple(counts.total) == ("total", "Total", 4, 6, 6, 3, 5, 24)
    assert [row.label for row in counts.by_commune] == [
        "Xã Tả Lèng", "Xã Sìn Hồ", "Xã Sì Lở Lầu", "Xã Mường Than",
    ]  # fmt: skip


def test_an_account_made_after_the_enterprise_is_linked_on_the_next_run(loaded):
    # given
    enterprise = Enterprise.objects.get(tax_code="6200990101")
    enterprise.users.clear()
    # when
    demo.load()
    # then
    assert list(enterprise.users.values_list("username", flat=True)) == ["htxchetan"]


def test_each_batch_has_a_journey_through_the_capture_service(loaded):
    # then: the tea cooperative has a shop, so its batches are shipped and received there;
    # the others end packed at their plant. Each event is owned by the batch's enterprise.
    journeys = {
        batch.lot: [step.biz_step for step in journey_events(_resolved(batch))]
        for batch in Batch.objects.select_related("product")
    }
    to_the_shop = ["commissioning", PROCESSING_STEP, "packing", "shipping", "receiving"]
    at_the_plant = ["commissioning", PROCESSING_STEP, "packing"]
    assert journeys == {
        "SHT-2025-03": to_the_shop,
        "SHT-2025-09": to_the_shop,
        "SHT-2025-03B": to_the_shop,
        "TQ-2025-11": at_the_plant,
        "GSC-2025-10": at_the_plant,
        "MO-2025-05": at_the_plant,
    }
    tea = Enterprise.objects.get(users__username="htxchetan")
    assert Event.objects.filter(owner=tea).count() == 15


def _resolved(batch: Batch) -> Resolved:
    found = resolve(parse_digital_link(batch.digital_link_path))
    assert found is not None
    return found
