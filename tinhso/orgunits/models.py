"""The province as one tree: the province, its agencies and its communes/wards."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import TimeStampedModel
from tinhso.orgunits.choices import OrgUnitKind
from tinhso.orgunits.querysets import OrgUnitQuerySet

PATH_SEPARATOR = "/"

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, dashes or underscores, starting with a letter or digit."),
)


class OrgUnit(TimeStampedModel):
    """One unit of the province tree. Never deleted: a unit that ends gets ``valid_to``."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[code_validator],
        help_text=_(
            "Official code for administrative units; the province's own code for agencies."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("12/03388/"): a subtree is one indexed prefix match.
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=60,
        blank=True,
        help_text=_("Where the record came from, e.g. the vietnam-provinces data version."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgunits:detail", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        if self.parent_id and self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})

    def build_path(self) -> None:
        """Set ``path`` and ``depth`` from the parent; call before saving a new or moved unit."""
        prefix = self.parent.path if self.parent else ""
        self.path = f"{prefix}{self.code}{PATH_SEPARATOR}"
        self.depth = self.parent.depth + 1 if self.parent else 0

    @property
    def lineage_paths(self) -> list[str]:
        """The paths of the province down to this unit: "12/", "12/03388/"."""
        return path_prefixes(self.path)

    def is_active_on(self, day: dt.date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_active(self) -> bool:
        return self.valid_to is None


def path_prefixes(path: str) -> list[str]:
    """Every ancestor's path in ``path``, outermost first, ending with ``path`` itself."""
    return [path[: i + 1] for i, char in enumerate(path) if char == PATH_SEPARATOR]


class OrgUnitSuccession(models.Model):
    """A unit that ended and the unit that carries on its duties (a merger, a split, a rename)."""

    predecessor = models.ForeignKey(
        OrgUnit, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        OrgUnit, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessions"
    )
    effective_date = models.DateField(_("effective date"))
    decision = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("The legal document, e.g. its number."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["-effective_date"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
