"""Fixed vocabularies of the EPCIS repository: capture job states and identifier roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCESS = "success", _("Succeeded")
    FAILED = "failed", _("Failed")


class JobSource(models.TextChoices):
    DOCUMENT = "document", _("EPCIS document (POST /capture)")
    EVENT = "event", _("Single event (POST /events)")
    COMMAND = "command", _("Command line (epcis_capture)")


class IdentifierRole(models.IntegerChoices):
    """Where in an event an indexed identifier stands (EPCIS 2.0 section 7.3.3, "what")."""

    EPC = 1, _("epcList")
    PARENT = 2, _("parentID")
    CHILD = 3, _("childEPCs")
    INPUT = 4, _("inputEPCList")
    OUTPUT = 5, _("outputEPCList")
    QUANTITY = 6, _("quantityList epcClass")
    CHILD_QUANTITY = 7, _("childQuantityList epcClass")
    INPUT_QUANTITY = 8, _("inputQuantityList epcClass")
    OUTPUT_QUANTITY = 9, _("outputQuantityList epcClass")
