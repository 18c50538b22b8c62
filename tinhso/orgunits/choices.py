from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    """What a unit is. The first five are official administrative units (vietnam-provinces)."""

    PROVINCE = "province", _("Province")
    CENTRAL_CITY = "central_city", _("Centrally-run city")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    AGENCY = "agency", _("Agency")
    OTHER = "other", _("Other unit")


# The commune level: units that have no sub-units of their own.
LOCAL_KINDS = frozenset({OrgUnitKind.COMMUNE, OrgUnitKind.WARD, OrgUnitKind.SPECIAL_ZONE})

ADMINISTRATIVE_KINDS = frozenset(
    {
        OrgUnitKind.PROVINCE,
        OrgUnitKind.CENTRAL_CITY,
        OrgUnitKind.COMMUNE,
        OrgUnitKind.WARD,
        OrgUnitKind.SPECIAL_ZONE,
    }
)
