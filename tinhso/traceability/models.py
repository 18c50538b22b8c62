"""The province's traceability registry: enterprises, their locations, products, batches and
serial numbers, and the Digital Link targets of each product. EPCIS events live in the ``epcis``
app and name their owner here. Nothing here is deleted but a product link (a pointer, not a
record)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import TimeStampedModel
from tinhso.traceability import validators
from tinhso.traceability.choices import (
    LinkType,
    LocationKind,
    NetContentUnit,
    ProductCategory,
    QuantityUnit,
)
from tinhso.traceability.gs1.digital_link import encode_value
from tinhso.traceability.gs1.keys import VIETNAM_PREFIX

NOT_BLANK = ~models.Q(gtin="")


class Enterprise(TimeStampedModel):
    """A producer, cooperative or trader that uses the provincial traceability service."""

    name = models.CharField(_("name"), max_length=300)
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        unique=True,
        validators=[validators.validate_tax_code],
        help_text=_("10 digits, or 10-3 for a branch."),
    )
    gs1_company_prefix = models.CharField(
        _("GS1 company prefix"),
        max_length=12,
        blank=True,
        validators=[validators.validate_company_prefix],
        help_text=_("e.g. 8934567"),
    )
    gln = models.CharField(
        _("GLN"), max_length=13, blank=True, validators=[validators.validate_gln]
    )
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
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

    def get_absolute_url(self) -> str:
        return reverse("traceability:enterprise_detail", kwargs={"pk": self.pk})


class Location(TimeStampedModel):
    """A farm, plant, warehouse or shop of an enterprise: identified by its GLN, or else by the
    provincial location code ``LC-<commune code>-<n>`` the registry assigns (never reused)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=LocationKind.choices)
    gln = models.CharField(
        _("GLN"),
        max_length=13,
        blank=True,
        validators=[validators.validate_gln],
        help_text=_("The location's GS1 Global Location Number, if it has one."),
    )
    local_code = models.CharField(
        _("provincial location code"), max_length=32, blank=True, editable=False
    )
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="traceability_locations",
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-90, _("The latitude must be between -90 and 90.")),
            MaxValueValidator(90, _("The latitude must be between -90 and 90.")),
        ],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-180, _("The longitude must be between -180 and 180.")),
            MaxValueValidator(180, _("The longitude must be between -180 and 180.")),
        ],
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["enterprise__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gln"], condition=~models.Q(gln=""), name="location_gln_unique"
            ),
            models.UniqueConstraint(
                fields=["local_code"],
                condition=~models.Q(local_code=""),
                name="location_local_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.enterprise.get_absolute_url()}#locations"

    @property
    def identifier(self) -> str:
        """The GLN, or the provincial location code when there is none."""
        return self.gln or self.local_code

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Product(TimeStampedModel):
    """A trade item of an enterprise; its GTIN (stored as 14 digits) is what its QR code
    carries. Certifications are a list of ``{name, number, issuer, valid_until}``."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="products"
    )
    gtin = models.CharField(
        _("GTIN"),
        max_length=14,
        blank=True,
        validators=[validators.validate_gtin],
        help_text=_("The barcode number: 8, 12, 13 or 14 digits, stored as 14."),
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("product type"), max_length=20, choices=ProductCategory.choices)
    image = models.FileField(_("image"), upload_to="traceability/products/%Y/", blank=True)
    certifications = models.JSONField(_("standards and certifications"), default=list, blank=True)
    net_content = models.DecimalField(
        _("net content"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("The net content cannot be negative."))],
    )
    net_content_unit = models.CharField(
        _("unit of net content"), max_length=10, choices=NetContentUnit.choices, blank=True
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["enterprise__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gtin"], condition=NOT_BLANK, name="product_gtin_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("traceability:product_detail", kwargs={"pk": self.pk})

    @property
    def digital_link_path(self) -> str:
        """``/01/{gtin}`` on this site's resolver; empty without a GTIN."""
        return f"/01/{self.gtin}" if self.gtin else ""

    def gtin_warnings(self) -> list[str]:
        """Doubts worth a second look, never a refusal: a GTIN outside the enterprise's GS1
        company prefix, or (when the enterprise has none recorded) not from GS1 Vietnam (893)."""
        if not self.gtin:
            return []
        body = self.gtin[1:]  # GTIN-13 digits (the indicator digit of a GTIN-14 dropped)
        prefix = self.enterprise.gs1_company_prefix
        if prefix and not body.startswith(prefix):
            return [
                gettext("The GTIN does not start with the enterprise's GS1 company prefix %(p)s.")
                % {"p": prefix}
            ]
        if not prefix and not body.startswith(VIETNAM_PREFIX):
            return [
                gettext("The GTIN was not allocated by GS1 Vietnam (prefix %(p)s).")
                % {"p": VIETNAM_PREFIX}
            ]
        return []


class Batch(TimeStampedModel):
    """A lot of a product (GS1 AI 10): made on a date, from an origin, in a quantity."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="batches"
    )
    lot = models.CharField(
        _("lot number"),
        max_length=20,
        validators=[validators.validate_lot],
        help_text=_("Up to 20 letters, digits or GS1 punctuation, e.g. SHT-2025-01."),
    )
    production_date = models.DateField(_("production date"))
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(0, _("The quantity cannot be negative."))],
    )
    quantity_unit = models.CharField(_("unit"), max_length=10, choices=QuantityUnit.choices)
    origin = models.ForeignKey(
        Location,
        verbose_name=_("origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
        help_text=_("Where the batch was grown or made."),
    )

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["product__name", "-production_date", "lot"]
        constraints = [
            models.UniqueConstraint(fields=["product", "lot"], name="batch_product_lot"),
            models.CheckConstraint(
                condition=models.Q(expiry_date__isnull=True)
                | models.Q(expiry_date__gte=models.F("production_date")),
                name="batch_expiry_after_production",
            ),
        ]

    def __str__(self) -> str:
        return self.lot

    def get_absolute_url(self) -> str:
        return reverse("traceability:batch_detail", kwargs={"pk": self.pk})

    @property
    def digital_link_path(self) -> str:
        """``/01/{gtin}/10/{lot}``; empty when the product has no GTIN."""
        gtin = self.product.gtin
        return f"/01/{gtin}/10/{encode_value(self.lot)}" if gtin else ""


class Serial(TimeStampedModel):
    """One serialised item of a product (GS1 AI 21), optionally of a batch."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="serials"
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="serials",
    )
    serial = models.CharField(
        _("serial number"), max_length=20, validators=[validators.validate_serial]
    )

    class Meta:
        verbose_name = _("serial number")
        verbose_name_plural = _("serial numbers")
        ordering = ["product", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["product", "serial"], name="serial_product_serial")
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def digital_link_path(self) -> str:
        gtin = self.product.gtin
        return f"/01/{gtin}/21/{encode_value(self.serial)}" if gtin else ""


class ProductLink(TimeStampedModel):
    """Where the product's QR code may lead besides its own page: a typed link (GS1 Web
    Vocabulary) with title, language and media type; at most one is the product's default."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="links"
    )
    link_type = models.CharField(_("link type"), max_length=64, choices=LinkType.choices)
    href = models.CharField(
        _("address"),
        max_length=1000,
        validators=[validators.validate_href],
        help_text=_("https://…, or a path on this site such as /01/08930000000019."),
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=16, default="vi", validators=[validators.validate_language]
    )
    media_type = models.CharField(
        _("media type"),
        max_length=100,
        default="text/html",
        blank=True,
        validators=[validators.validate_media_type],
    )
    is_default = models.BooleanField(
        _("default link"),
        default=False,
        help_text=_("Where a plain scan of the QR code leads, when the resolver redirects."),
    )

    class Meta:
        verbose_name = _("product link")
        verbose_name_plural = _("product links")
        ordering = ["product", "-is_default", "link_type", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "link_type", "language", "href"], name="product_link_unique"
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(is_default=True),
                name="product_link_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link_type} {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.product.get_absolute_url()}#links"


class ResolverGeneration(models.Model):
    """One row whose value changes with every write the public resolver shows (registry records,
    EPCIS captures): how each web process knows at once that its memo of resolver answers is
    stale. Written and read only by ``tinhso.traceability.resolver.freshness``."""

    value = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.value)
