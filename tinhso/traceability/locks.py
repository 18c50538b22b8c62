"""Identifiers fixed by the events that name them: once a stored EPCIS event names a product's
GTIN (its class, or any lot or serial of it), the GTIN can no longer change; once one names a
batch's lot (GTIN + lot), that lot can no longer change. Changing them would cut the recorded
journey off from the registry (the consumer page finds events by these identifiers).

Events keep every identifier they name as a canonical GS1 Digital Link
(``https://id.gs1.org/01/{gtin}[/10/{lot} | /21/{serial}]``, however the document wrote it: EPC
URN, class URN or a Digital Link on any host), so each check is one EXISTS on the identifier
index: an equality, and for a GTIN a prefix for everything below it.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhso.epcis.models import EventIdentifier
from tinhso.traceability.gs1.digital_link import CANONICAL_BASE, DigitalLink
from tinhso.traceability.models import Batch, Product

GTIN_LOCKED = _(
    "This GTIN is already used in recorded supply-chain events and can no longer be changed."
)
LOT_LOCKED = _(
    "This lot number is already used in recorded supply-chain events and can no longer be changed."
)
GTIN_LOCKED_HELP = _("Fixed: recorded supply-chain events use this GTIN.")
LOT_LOCKED_HELP = _("Fixed: recorded supply-chain events use this lot number.")


def gtin_in_events(gtin: str) -> bool:
    """Whether a stored event names the GTIN's class or anything below it (a lot, a serial)."""
    if not gtin:
        return False
    uri = f"{CANONICAL_BASE}/01/{gtin}"
    named = Q(identifier=uri) | Q(identifier__startswith=uri + "/")
    return EventIdentifier.objects.filter(named).exists()


def lot_in_events(gtin: str, lot: str) -> bool:
    """Whether a stored event names the lot (LGTIN) ``gtin`` + ``lot``."""
    if not gtin or not lot:
        return False
    uri = DigitalLink(key="01", value=gtin, qualifiers={"10": lot}).canonical
    return EventIdentifier.objects.filter(identifier=uri).exists()


def product_locked(product: Product) -> bool:
    """Whether the stored product's GTIN is fixed by events (False for a new product)."""
    return product.pk is not None and gtin_in_events(product.gtin)


def batch_locked(batch: Batch) -> bool:
    """Whether the stored batch's lot is fixed by events (False for a new batch)."""
    return batch.pk is not None and lot_in_events(batch.product.gtin, batch.lot)
