"""The journey of a product, batch or item as a consumer reads it: a timeline of its EPCIS
events with Vietnamese step names and local times, the places named, "one step back, one step
forward" (Circular 02/2024/TT-BKHCN) and a map drawn as SVG without any tile server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.epcis.indexing import canonical_identifier
from tinhso.traceability.models import Location
from tinhso.traceability.resolver import selectors
from tinhso.traceability.resolver.selectors import Places, StoredStep

STEP_LABELS: dict[str, Promise] = {
    # CBV has no harvest step: a lot that comes into being (ADD) is commissioned. The words
    # below that CBV lacks match the end of a provincial or other extension URI.
    "commissioning": _("Harvested or produced"),
    "harvesting": _("Harvesting"),
    "processing": _("Processing"),
    "transforming": _("Processing"),
    "repackaging": _("Repackaging"),
    "transporting": _("Transporting"),
    "unloading": _("Unloading"),
    "assembling": _("Assembling"),
    "packing": _("Packing"),
    "unpacking": _("Unpacking"),
    "inspecting": _("Inspecting"),
    "storing": _("Storing"),
    "shipping": _("Shipping"),
    "departing": _("Departing"),
    "arriving": _("Arriving"),
    "receiving": _("Receiving"),
    "accepting": _("Accepting"),
    "loading": _("Loading"),
    "retail_selling": _("Selling"),
}
_SOURCE_PREFERENCE = ("location", "possessing_party", "owning_party")

# The SVG map's canvas, in its own units.
MAP_WIDTH = 320
MAP_HEIGHT = 200
_MARGIN = 28


@dataclass(frozen=True)
class Place:
    """A place or party as shown: its name, commune, and where it is (if known)."""

    identifier: str
    name: str
    commune: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Step:
    """One step of the timeline."""

    number: int
    label: str
    moment: datetime  # in the province's time zone
    place: Place | None


@dataclass(frozen=True)
class MapPoint:
    mark: str  # the step's number, or "→" for the next destination
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class JourneyMap:
    width: int
    height: int
    points: list[MapPoint]
    path: str  # "x1,y1 x2,y2 …" for an SVG polyline


@dataclass(frozen=True)
class Journey:
    steps: list[Step]
    back: Place | None
    forward: Place | None
    map: JourneyMap | None


def step_label(biz_step: str) -> str:
    """The step's name in the reader's language; an unknown CBV word spelt out, a URI's end."""
    label = STEP_LABELS.get(biz_step)
    if label is not None:
        return str(label)
    word = biz_step.rstrip("/").rsplit("/", 1)[-1].rsplit("-", 1)[-1] if biz_step else ""
    known = STEP_LABELS.get(word)
    if known is not None:
        return str(known)
    return word.replace("_", " ").capitalize() if word else str(_("Recorded event"))


def place_of(identifier: str, places: Places) -> Place | None:
    """The place an identifier names: the registry's name and commune where it is known, the
    identifier itself otherwise; None for an empty identifier."""
    if not identifier:
        return None
    found = places.find(identifier)
    if found is None:
        return Place(identifier=identifier, name=identifier)
    commune = str(found.org_unit) if found.org_unit_id else ""
    if isinstance(found, Location) and found.has_coordinates:
        assert found.latitude is not None and found.longitude is not None
        return Place(identifier, found.name, commune, float(found.latitude), float(found.longitude))
    return Place(identifier, found.name, commune)


def named_identifiers(steps: Sequence[StoredStep]) -> list[str]:
    """Every location and party identifier the events name (canonical), for :func:`places`."""
    names: list[str] = []
    for step in steps:
        names.extend(value for value in (step.read_point, step.biz_location) if value)
        for key in ("sourceList", "destinationList"):
            names.extend(_party_ids(step.document.get(key)))
    return names


def _party_ids(entries: Any) -> list[str]:
    if not isinstance(entries, list):
        return []
    found = []
    for entry in entries:
        if isinstance(entry, dict):
            for key in ("source", "destination"):
                value = entry.get(key)
                if isinstance(value, str):
                    found.append(canonical_identifier(value))
    return found


def _listed(entries: Any, key: str) -> str:
    """The preferred entry of a sourceList or destinationList: a location over a possessing
    party over an owning party; "" when there is none."""
    if not isinstance(entries, list):
        return ""
    by_type: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get(key), str):
            kind = str(entry.get("type", "")).rsplit("-", 1)[-1].rsplit(":", 1)[-1]
            by_type.setdefault(kind, canonical_identifier(entry[key]))
    for kind in _SOURCE_PREFERENCE:
        if kind in by_type:
            return by_type[kind]
    return next(iter(by_type.values()), "")


def journey_of(resolved: selectors.Resolved) -> Journey:
    """The journey of what a Digital Link resolved to, read from the database (the events,
    then the places they and the origin name: at most three queries, one with no events)."""
    steps = selectors.journey_events(resolved)
    origin = resolved.origin
    identifiers = named_identifiers(steps)
    if origin is not None:
        identifiers.append(origin.identifier)
    places = selectors.places(identifiers) if steps else Places()
    return build_journey(steps, places, origin)


def build_journey(steps: Sequence[StoredStep], places: Places, origin: Location | None) -> Journey:
    """The timeline, the two neighbours of the chain and the map.

    "One step back, one step forward" — who the goods came from and where they went next:

    - back: the source in the earliest event that has a ``sourceList`` (a location before a
      possessing party before an owning party); without one, where the first event happened
      (its bizLocation, else its readPoint) — the farm of a harvest; without events, the
      batch's registered origin;
    - forward: the destination in the latest event that has a ``destinationList``; without
      one, where the last event happened, if that is not already the step back — the
      warehouse that received the goods.
    """
    timeline = [
        Step(
            number=index,
            label=step_label(step.biz_step),
            moment=step.event_time.astimezone(PROVINCE_ZONE),
            place=place_of(step.biz_location or step.read_point, places),
        )
        for index, step in enumerate(steps, start=1)
    ]
    back_id = next(
        (found for step in steps if (found := _listed(step.document.get("sourceList"), "source"))),
        "",
    )
    if not back_id and steps:
        back_id = steps[0].biz_location or steps[0].read_point
    back = place_of(back_id, places)
    if back is None and origin is not None:
        back = _origin_place(origin)
    forward_id = next(
        (
            found
            for step in reversed(steps)
            if (found := _listed(step.document.get("destinationList"), "destination"))
        ),
        "",
    )
    if not forward_id and steps:
        last = steps[-1].biz_location or steps[-1].read_point
        forward_id = last if last != back_id else ""
    forward = place_of(forward_id, places)
    return Journey(timeline, back, forward, journey_map(timeline, origin, forward))


def _origin_place(origin: Location) -> Place:
    commune = str(origin.org_unit) if origin.org_unit_id else ""
    if origin.latitude is None or origin.longitude is None:
        return Place(origin.identifier, origin.name, commune)
    return Place(
        origin.identifier, origin.name, commune, float(origin.latitude), float(origin.longitude)
    )


def journey_map(
    steps: Sequence[Step], origin: Location | None, forward: Place | None = None
) -> JourneyMap | None:
    """The steps' places (the origin when no step has one), then the next destination ("→"),
    scaled into the SVG canvas, north up, keeping the aspect of the bounding box; None when no
    place has coordinates. Places visited twice are drawn once, labelled with their first
    step."""
    located: list[tuple[str, Place]] = [
        (str(step.number), step.place)
        for step in steps
        if step.place is not None and step.place.has_coordinates
    ]
    if not located and origin is not None and origin.latitude is not None:
        located = [("1", _origin_place(origin))]
    if forward is not None and forward.has_coordinates:
        located.append(("→", forward))
    if not located:
        return None
    seen: dict[tuple[float, float], tuple[str, Place]] = {}
    route: list[tuple[float, float]] = []
    for mark, place in located:
        assert place.latitude is not None and place.longitude is not None
        key = (place.longitude, place.latitude)
        seen.setdefault(key, (mark, place))
        if not route or route[-1] != key:
            route.append(key)
    lons = [key[0] for key in seen]
    lats = [key[1] for key in seen]
    span = max(max(lons) - min(lons), max(lats) - min(lats), 1e-3)
    scale = min((MAP_WIDTH - 2 * _MARGIN) / span, (MAP_HEIGHT - 2 * _MARGIN) / span)
    mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2

    def xy(lon: float, lat: float) -> tuple[float, float]:
        x = MAP_WIDTH / 2 + (lon - mid_lon) * scale
        y = MAP_HEIGHT / 2 - (lat - mid_lat) * scale
        return round(x, 1), round(y, 1)

    points = [MapPoint(mark, *xy(*key), label=place.name) for key, (mark, place) in seen.items()]
    path = " ".join(f"{x},{y}" for x, y in (xy(*key) for key in route))
    return JourneyMap(MAP_WIDTH, MAP_HEIGHT, points, path)
