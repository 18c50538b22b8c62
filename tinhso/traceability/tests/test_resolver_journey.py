"""The journey's rules without the database: step names, "one step back, one step forward"
and its fallbacks, and the SVG map's scaling."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.utils import translation

from tinhso.traceability.models import Location
from tinhso.traceability.resolver.journey import MAP_HEIGHT, MAP_WIDTH, build_journey, step_label
from tinhso.traceability.resolver.selectors import Places, StoredStep, gln_of, local_code_of

FARM = "https://id.gs1.org/414/8936001000113"
PLANT = "https://id.gs1.org/414/8936001000120/254/1"
SHOP = "urn:tinhso:location:LC-03408-001"


def step(hour: int, biz_step: str, where: str, **document: Any) -> StoredStep:
    moment = datetime(2025, 4, 1, hour, tzinfo=UTC)
    return StoredStep(moment, biz_step, where, where, document)


def places() -> Places:
    found = Places()
    found.by_gln["8936001000113"] = Location(
        name="Farm", latitude=Decimal("22.0"), longitude=Decimal("103.0")
    )
    found.by_gln["8936001000120"] = Location(
        name="Plant", latitude=Decimal("22.0"), longitude=Decimal("104.0")
    )
    found.by_code["LC-03408-001"] = Location(
        name="Shop", latitude=Decimal("23.0"), longitude=Decimal("104.0")
    )
    return found


def test_identifiers_of_places() -> None:
    assert gln_of(PLANT) == "8936001000120"
    assert gln_of("https://id.gs1.org/417/8936001000113") == "8936001000113"
    assert gln_of(SHOP) == ""
    assert local_code_of(SHOP) == "LC-03408-001"
    assert local_code_of(FARM) == ""


def test_step_labels() -> None:
    with translation.override("en"):
        assert step_label("shipping") == "Shipping"
        assert step_label("commissioning") == "Harvested or produced"
        assert step_label("https://tinhso.example.vn/epcis/harvesting") == "Harvesting"
        assert step_label("https://ref.gs1.org/cbv/BizStep-void_shipping") == "Void shipping"
        assert step_label("") == "Recorded event"


def test_back_and_forward_from_source_and_destination_lists() -> None:
    steps = [
        step(1, "receiving", PLANT, sourceList=[
            {"type": "owning_party", "source": "urn:epc:id:pgln:8936001.00011"},
            {"type": "location", "source": FARM},
        ]),
        step(2, "shipping", PLANT, destinationList=[
            {"type": "cbv:SDT-location", "destination": SHOP},
        ]),
        step(3, "packing", PLANT),
    ]  # fmt: skip
    journey = build_journey(steps, places(), None)
    assert [s.label for s in journey.steps] == ["Receiving", "Shipping", "Packing"]
    assert journey.steps[0].moment.hour == 8  # 01:00 UTC in Hồ Chí Minh City
    assert journey.back is not None and journey.back.name == "Farm"
    assert journey.forward is not None and journey.forward.name == "Shop"


def test_back_and_forward_fall_back_to_first_and_last_places() -> None:
    journey = build_journey(
        [step(1, "commissioning", FARM), step(2, "receiving", SHOP)], places(), None
    )
    assert journey.back is not None and journey.back.name == "Farm"
    assert journey.forward is not None and journey.forward.name == "Shop"
    # one place only: nothing forward; an unknown place is named by its identifier
    single = build_journey([step(1, "storing", "urn:x:unknown")], Places(), None)
    assert single.back is not None and single.back.name == "urn:x:unknown"
    assert single.forward is None


def test_without_events_the_origin_is_the_step_back_and_the_map() -> None:
    origin = Location(
        name="Origin", local_code="LC-1-001", latitude=Decimal("21.5"), longitude=Decimal("103.5")
    )
    journey = build_journey([], Places(), origin)
    assert journey.steps == []
    assert journey.back is not None and journey.back.name == "Origin"
    assert journey.forward is None
    assert journey.map is not None
    assert [(p.mark, p.x, p.y) for p in journey.map.points] == [
        ("1", MAP_WIDTH / 2, MAP_HEIGHT / 2)
    ]
    assert build_journey([], Places(), None).map is None


def test_map_scales_north_up_into_the_canvas() -> None:
    steps = [step(1, "commissioning", FARM), step(2, "packing", PLANT), step(3, "storing", FARM)]
    journey = build_journey(steps, places(), None)
    assert journey.forward is None  # back at the farm, where it came from
    assert journey.map is not None
    # farm (103 E) and plant (104 E) on one latitude: a 1-degree span fills the canvas's
    # height less its margins (200 - 2 * 28 = 144 units), centred; the farm is drawn once
    assert [(p.mark, p.x, p.y, p.label) for p in journey.map.points] == [
        ("1", 88.0, 100.0, "Farm"),
        ("2", 232.0, 100.0, "Plant"),
    ]
    assert journey.map.path == "88.0,100.0 232.0,100.0 88.0,100.0"


def test_map_ends_at_the_next_destination() -> None:
    steps = [
        step(1, "commissioning", FARM),
        step(2, "shipping", PLANT, destinationList=[{"type": "location", "destination": SHOP}]),
    ]
    journey = build_journey(steps, places(), None)
    assert journey.map is not None
    # the shop is 1 degree north of the plant: north is up (smaller y)
    assert [(p.mark, p.x, p.y) for p in journey.map.points] == [
        ("1", 88.0, 172.0),
        ("2", 232.0, 172.0),
        ("→", 232.0, 28.0),
    ]
