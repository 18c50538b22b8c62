from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpcisConfig(AppConfig):
    """The EPCIS 2.0 repository: capture, storage and the standard query interface."""

    name = "tinhso.epcis"
    label = "epcis"
    verbose_name = _("EPCIS repository")
