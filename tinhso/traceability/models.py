"""The province's traceability registry: enterprises, and (to come) their locations, products,
batches and Digital Link targets. EPCIS events live in the ``epcis`` app and name their owner
here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import TimeStampedModel


class Enterprise(TimeStampedModel):
    """A producer, cooperative or trader that uses the provincial traceability service."""

    name = models.CharField(_("name"), max_length=300)
    tax_code = models.CharField(
        _("tax code"), max_length=14, unique=True, help_text=_("10 digits, or 10-3 for a branch.")
    )
    gs1_company_prefix = models.CharField(
        _("GS1 company prefix"), max_length=12, blank=True, help_text=_("e.g. 8934567")
    )
    gln = models.CharField(_("GLN"), max_length=13, blank=True)
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("users"),
        blank=True,
        related_name="enterprises",
        help_text=_("Accounts with the enterprise role that act for this enterprise."),
    )

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
