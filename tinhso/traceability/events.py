"""The EPCIS 2.0 ObjectEvent a "record a step" form produces: a pure function of the batch, the
places and what the user typed, so that the same words always make the same event.

How the five steps map onto CBV 2.0 (section 7.1 business steps, 7.2 dispositions):

- **harvest** → ``commissioning``, action ADD, disposition ``active``: CBV 2.0 has no
  "harvesting"; a lot that comes into being is commissioned (the consumer page reads it as
  "Harvested or produced");
- **processing** → action OBSERVE, disposition ``in_progress``, bizStep the provincial
  extension URI ``https://tinhso.vn/epcis/bizstep/processing``: CBV 2.0 has no processing
  step for an ObjectEvent (``transforming`` is not a CBV 2.0 word either, and a
  TransformationEvent needs input and output identifiers a simple form does not have), and
  the nearest words mislead — ``inspecting`` is a check, ``commissioning`` a new object. CBV
  allows a URI for a step it lacks; the consumer page names it by its last word;
- **packing** → ``packing``, OBSERVE, ``in_progress`` (an ObjectEvent, as the form names the
  lot, not the cases it is packed in);
- **shipping** → ``shipping``, OBSERVE, ``in_transit``, with a ``destinationList`` (type
  ``location``);
- **receiving** → ``receiving``, OBSERVE, ``in_progress``.

Identifiers: the lot is a quantity of its LGTIN class written as a GS1 Digital Link
(``https://id.gs1.org/01/{gtin}/10/{lot}``), the uom the UN/ECE Rec. 20 code of the batch's
unit where one exists (kg → KGM, t → TNE, l → LTR; none for pieces or packs); a place with a
GLN is ``https://id.gs1.org/414/{gln}``, one with a provincial code
``urn:tinhso:location:LC-<commune>-<n>``. The time is the province's (Asia/Ho_Chi_Minh,
``+07:00``). A note goes into the ``tinhso:note`` extension field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.traceability.gs1.digital_link import CANONICAL_BASE
from tinhso.traceability.models import Batch, Location

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
TINHSO_NAMESPACE = "https://tinhso.vn/epcis/"
PROCESSING_STEP = f"{TINHSO_NAMESPACE}bizstep/processing"
LOCATION_URN = "urn:tinhso:location:"
UOM = {"kg": "KGM", "t": "TNE", "l": "LTR"}


class StepKind(models.TextChoices):
    """The supply-chain steps the form records."""

    HARVEST = "harvest", _("Harvest")
    PROCESSING = "processing", _("Processing")
    PACKING = "packing", _("Packing")
    SHIPPING = "shipping", _("Shipping")
    RECEIVING = "receiving", _("Receiving")


@dataclass(frozen=True)
class StepMapping:
    biz_step: str
    action: str
    disposition: str


MAPPING: dict[str, StepMapping] = {
    StepKind.HARVEST: StepMapping("commissioning", "ADD", "active"),
    StepKind.PROCESSING: StepMapping(PROCESSING_STEP, "OBSERVE", "in_progress"),
    StepKind.PACKING: StepMapping("packing", "OBSERVE", "in_progress"),
    StepKind.SHIPPING: StepMapping("shipping", "OBSERVE", "in_transit"),
    StepKind.RECEIVING: StepMapping("receiving", "OBSERVE", "in_progress"),
}


def location_id(location: Location) -> str:
    """A registry location as an EPCIS location identifier (GLN Digital Link, else the
    provincial code URN); "" for a location with neither."""
    if location.gln:
        return gln_id(location.gln)
    if location.local_code:
        return LOCATION_URN + location.local_code
    return ""


def gln_id(gln: str) -> str:
    return f"{CANONICAL_BASE}/414/{gln}"


def lot_class(batch: Batch) -> str:
    """The batch's LGTIN class as a canonical Digital Link; "" when its product has no GTIN."""
    path = batch.digital_link_path
    return CANONICAL_BASE + path if path else ""


def event_time(moment: datetime) -> tuple[str, str]:
    """(eventTime, eventTimeZoneOffset) of an aware moment, in the province's zone."""
    if moment.tzinfo is None:
        raise ValueError("a step's moment must carry its time zone")
    text = moment.astimezone(PROVINCE_ZONE).isoformat(timespec="seconds")
    return text, text[-6:]


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def build_event(
    *,
    step: str,
    batch: Batch,
    moment: datetime,
    location: Location,
    quantity: Decimal,
    destination: str = "",
    note: str = "",
) -> dict[str, Any]:
    """The ObjectEvent of one step of ``batch`` (see the module's mapping). ``destination`` is
    an EPCIS location identifier (for a shipment); ``quantity`` is in the batch's unit."""
    mapping = MAPPING[step]
    time_text, offset = event_time(moment)
    place = location_id(location)
    element: dict[str, Any] = {"epcClass": lot_class(batch), "quantity": _number(quantity)}
    uom = UOM.get(batch.quantity_unit)
    if uom:
        element["uom"] = uom
    event: dict[str, Any] = {
        "@context": [EPCIS_CONTEXT, {"tinhso": TINHSO_NAMESPACE}],
        "type": "ObjectEvent",
        "eventTime": time_text,
        "eventTimeZoneOffset": offset,
        "epcList": [],
        "quantityList": [element],
        "action": mapping.action,
        "bizStep": mapping.biz_step,
        "disposition": mapping.disposition,
        "readPoint": {"id": place},
        "bizLocation": {"id": place},
    }
    if destination:
        event["destinationList"] = [{"type": "location", "destination": destination}]
    if note.strip():
        event["tinhso:note"] = note.strip()
    return event
