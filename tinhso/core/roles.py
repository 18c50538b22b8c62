"""The five roles of DESIGN.md. Each is a Django group of the same name (created by a migration)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    CENTER_STAFF = "center_staff", _("Center staff")
    LEADER = "leader", _("Leader")
    UNIT_REPORTER = "unit_reporter", _("Unit reporter")
    ENTERPRISE = "enterprise", _("Enterprise")
