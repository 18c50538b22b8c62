"""The supply-chain steps of the traceability demo's batches, so that scanning a demo QR code
shows a journey: each batch with a GTIN is harvested at its origin, processed and packed at its
enterprise's plant, and, where the enterprise has a shop, shipped there and received. Every
step goes through the path of the "Record a step" form (``build_event`` then the EPCIS capture
service), as the enterprise's account or the center's officer, so each is validated, stored and
audited like a real one.

Times are illustrative: the harvest two days before the batch's production date, processing on
it, packing the day after, shipping on the third day and receiving on the fourth, all in the
morning, province time. A batch that already has events is left as it is, so running the demo
again captures nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.epcis import services as epcis_services
from tinhso.epcis.models import EventIdentifier
from tinhso.traceability.choices import LocationKind
from tinhso.traceability.events import StepKind, build_event, location_id, lot_class
from tinhso.traceability.models import Batch, Enterprise, Location


@dataclass(frozen=True)
class PlannedStep:
    step: str
    days_after_production: int
    place: Location
    destination: Location | None = None


def record(actor_of: dict[int, Any]) -> tuple[int, int]:
    """Record the demo steps of every demo batch that has none yet; ``actor_of`` maps an
    enterprise's id to who records for it. Returns how many events were captured and how many
    were found already recorded."""
    captured = found = 0
    batches = Batch.objects.select_related("product__enterprise", "origin").order_by("pk")
    for batch in batches:
        if not batch.product.gtin:
            continue
        existing = _events_of(batch)
        if existing:
            found += existing
            continue
        enterprise = batch.product.enterprise
        actor = actor_of.get(enterprise.pk)
        if actor is None:
            continue
        for planned in plan(batch, _places(enterprise)):
            _capture(actor, batch, planned)
            captured += 1
    return captured, found


def plan(batch: Batch, places: dict[str, Location]) -> Iterator[PlannedStep]:
    """The steps of ``batch`` given its enterprise's first location of each kind."""
    farm = batch.origin or places.get(LocationKind.FARM)
    plant = places.get(LocationKind.PLANT, farm)
    shop = places.get(LocationKind.SHOP)
    if farm is None or plant is None:
        return
    yield PlannedStep(StepKind.HARVEST, -2, farm)
    yield PlannedStep(StepKind.PROCESSING, 0, plant)
    yield PlannedStep(StepKind.PACKING, 1, plant)
    if shop is not None:
        yield PlannedStep(StepKind.SHIPPING, 3, plant, destination=shop)
        yield PlannedStep(StepKind.RECEIVING, 4, shop)


def _places(enterprise: Enterprise) -> dict[str, Location]:
    places: dict[str, Location] = {}
    for location in Location.objects.filter(enterprise=enterprise).order_by("pk"):
        places.setdefault(location.kind, location)
    return places


def _events_of(batch: Batch) -> int:
    return EventIdentifier.objects.filter(identifier=lot_class(batch)).count()


def _capture(actor: Any, batch: Batch, planned: PlannedStep) -> None:
    day = batch.production_date + dt.timedelta(days=planned.days_after_production)
    moment = dt.datetime.combine(day, dt.time(8, 0), tzinfo=PROVINCE_ZONE)
    destination = location_id(planned.destination) if planned.destination else ""
    event = build_event(
        step=planned.step, batch=batch, moment=moment, location=planned.place,
        quantity=batch.quantity, destination=destination,
    )  # fmt: skip
    job, event_id = epcis_services.capture_event(
        actor=actor, event=event, owner=batch.product.enterprise
    )
    if event_id is None:  # the demo's own data is wrong: say where, loudly
        raise ValueError(f"demo step {planned.step} of lot {batch.lot} refused: {job.errors}")
