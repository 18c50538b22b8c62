"""Forms of the registry's pages. They only shape the input; tinhso.traceability.services
validates it (GS1 keys, dates, uniqueness) and says which field is wrong."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.models import User
from tinhso.core.forms import BootstrapMixin
from tinhso.core.roles import Role
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.choices import (
    LinkType,
    LocationKind,
    NetContentUnit,
    ProductCategory,
    QuantityUnit,
)
from tinhso.traceability.locks import GTIN_LOCKED_HELP, LOT_LOCKED_HELP
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink
from tinhso.traceability.services import serial_range

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]


def communes() -> QuerySet[OrgUnit]:
    """The communes and wards in force, in the tree's order."""
    return OrgUnit.objects.active().filter(kind__in=LOCAL_KINDS).order_by("path")


class CommuneField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A commune or ward in force, chosen by name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Commune or ward"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "—")
        super().__init__(queryset=communes(), **kwargs)


class CoordinateField(forms.DecimalField):
    """A latitude or longitude in decimal degrees, with a dot or a comma: 22,3667 or 22.3667."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=9, decimal_places=6, required=False, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "step": "any"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        if value in self.empty_values:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def _text(label: Any, max_length: int, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _initial(obj: Any, names: Any) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in names}


def _read_only(field: forms.Field, help_text: Any) -> None:
    """Shown but not editable, saying why. Read-only rather than disabled: the value is still
    posted, so a change made anyway reaches the service and is refused there with its reason."""
    field.widget.attrs.update({"readonly": True, "aria-readonly": "true"})
    field.help_text = help_text


def _plain(value: Any) -> Any:
    """A stored quantity without its padding zeros: 100.000 → 100, 1.250 → 1.25."""
    if not isinstance(value, Decimal):
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# Enterprises -----------------------------------------------------------------------------------


class ProfileForm(BootstrapMixin, forms.Form):
    """What an enterprise keeps up to date itself."""

    gln = _text(_("GLN"), 13, False, help_text=_("13 digits, if GS1 Vietnam gave you one."))
    address = _text(_("Address"), 500, False)
    representative = _text(_("Representative"), 200, False)
    phone = _text(_("Phone"), 40, False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    @classmethod
    def initial_from(cls, enterprise: Enterprise) -> dict[str, Any]:
        return _initial(enterprise, cls.base_fields)


class EnterpriseForm(ProfileForm):
    """The center's form: the identity it verified as well as the profile."""

    name = _text(_("Name"), 300)
    tax_code = _text(_("Tax code"), 14, help_text=_("10 digits, or 10-3 for a branch."))
    gs1_company_prefix = _text(
        _("GS1 company prefix"),
        12,
        False,
        help_text=_("From the GS1 Vietnam membership, e.g. 8934567."),
    )
    org_unit = CommuneField()
    field_order = [
        "name", "tax_code", "gs1_company_prefix", "gln", "org_unit", "address", "representative",
        "phone", "email",
    ]  # fmt: skip


def enterprise_accounts() -> QuerySet[User]:
    """Active accounts with the enterprise role, the only ones that may act for an enterprise."""
    return User.objects.filter(groups__name=Role.ENTERPRISE.value, is_active=True).order_by(
        "username"
    )


class AccountsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__(
            label=_("Accounts"),
            queryset=enterprise_accounts(),
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "account-choices"}),
            help_text=_("Only accounts with the enterprise role are listed."),
        )


class EnterpriseUsersForm(BootstrapMixin, forms.Form):
    """The enterprise-role accounts that act for an enterprise."""

    users = AccountsField()


class EnterpriseRegisterForm(EnterpriseForm):
    """A new enterprise, with the accounts that act for it."""

    users = AccountsField()


# Locations -------------------------------------------------------------------------------------


class LocationForm(BootstrapMixin, forms.Form):
    """A farm, plant, warehouse or shop; GLN or commune (for the provincial code)."""

    name = _text(_("Name"), 200)
    kind = forms.ChoiceField(label=_("Kind"), choices=LocationKind.choices)
    gln = _text(
        _("GLN"),
        13,
        False,
        help_text=_("13 digits. Without a GLN the location gets a provincial code LC-…"),
    )
    org_unit = CommuneField()
    address = _text(_("Address"), 500, False)
    latitude = CoordinateField(label=_("Latitude"), help_text=_("e.g. 22.3667"))
    longitude = CoordinateField(label=_("Longitude"), help_text=_("e.g. 103.2333"))

    @classmethod
    def initial_from(cls, location: Location) -> dict[str, Any]:
        return _initial(location, cls.base_fields)


# Products --------------------------------------------------------------------------------------


class CertificationForm(BootstrapMixin, forms.Form):
    """One standard or certification: name, number, issuer, valid until."""

    name = _text(_("Name"), 100, False, help_text=_("e.g. VietGAP, OCOP 4 stars, organic"))
    number = _text(_("Certificate number"), 100, False)
    issuer = _text(_("Issued by"), 200, False)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(name) for name in ("number", "issuer", "valid_until")) and not data.get(
            "name"
        ):
            self.add_error("name", _("Give the name of the standard or certification."))
        return data


CertificationFormSet = forms.formset_factory(CertificationForm, extra=2, max_num=20)


class ProductForm(BootstrapMixin, forms.Form):
    """A product, its image, its net content and its certifications (a small formset)."""

    gtin = _text(
        _("GTIN"),
        18,
        False,
        help_text=_("The barcode number: 8, 12, 13 or 14 digits, e.g. 8930000000019."),
    )
    name = _text(_("Name (Vietnamese)"), 300)
    name_en = _text(_("Name (English)"), 300, False)
    category = forms.ChoiceField(label=_("Product type"), choices=ProductCategory.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    net_content = forms.DecimalField(
        label=_("Net content"), required=False, max_digits=12, decimal_places=3, localize=True
    )
    net_content_unit = forms.ChoiceField(
        label=_("Unit"), required=False, choices=[("", "—"), *NetContentUnit.choices]
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("A PNG, JPEG or WebP photo of at most 5 MB."),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    def __init__(
        self,
        *args: Any,
        certifications: list[dict[str, Any]] | None = None,
        gtin_locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gtin"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        if gtin_locked:
            _read_only(self.fields["gtin"], GTIN_LOCKED_HELP)
        self.certifications = CertificationFormSet(
            self.data if self.is_bound else None, initial=certifications or [], prefix="cert"
        )
        if certifications is None:  # a new product has no image to remove
            del self.fields["remove_image"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.certifications.is_valid():
            raise ValidationError(_("Check the standards and certifications below."))
        data["certifications"] = [
            {**row, "valid_until": row["valid_until"].isoformat() if row["valid_until"] else None}
            for row in self.certifications.cleaned_data
            if row and row.get("name")
        ]
        data["gtin"] = data.get("gtin", "")
        return data

    @classmethod
    def initial_from(cls, product: Product) -> dict[str, Any]:
        names = [name for name in cls.base_fields if name not in {"image", "remove_image"}]
        return _initial(product, names)

    @staticmethod
    def certification_rows(product: Product) -> list[dict[str, Any]]:
        return [
            {**item, "valid_until": item.get("valid_until") or None}
            for item in product.certifications
        ]


# Batches and serials ---------------------------------------------------------------------------


class BatchForm(BootstrapMixin, forms.Form):
    """A lot: number, dates, quantity and origin (a location of the same enterprise)."""

    lot = _text(_("Lot number"), 40, help_text=_("Up to 20 characters, e.g. SHT-2025-01."))
    production_date = forms.DateField(label=_("Production date"), widget=DATE_WIDGET)
    expiry_date = forms.DateField(label=_("Expiry date"), required=False, widget=DATE_WIDGET)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=14, decimal_places=3, localize=True
    )
    quantity_unit = forms.ChoiceField(label=_("Unit"), choices=QuantityUnit.choices)
    origin = forms.ModelChoiceField(
        label=_("Origin"),
        queryset=Location.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Where the batch was grown or made."),
    )

    def __init__(
        self, *args: Any, enterprise: Enterprise, lot_locked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        origins = Location.objects.filter(enterprise=enterprise).order_by("name")
        self.fields["origin"].queryset = origins  # type: ignore[attr-defined]
        if lot_locked:
            _read_only(self.fields["lot"], LOT_LOCKED_HELP)

    @classmethod
    def initial_from(cls, batch: Batch) -> dict[str, Any]:
        return _initial(batch, cls.base_fields)


class SerialsForm(BootstrapMixin, forms.Form):
    """Serial numbers in bulk: a range (first and last), or a pasted list, one per line."""

    first = _text(_("First number"), 20, False, help_text=_("e.g. SHT-0001"))
    last = _text(_("Last number"), 20, False, help_text=_("e.g. SHT-0250"))
    pasted = forms.CharField(
        label=_("Or paste a list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("One serial number per line (commas and spaces also separate)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pasted = data.get("pasted", "").replace(",", " ").split()
        first, last = data.get("first", ""), data.get("last", "")
        if pasted and (first or last):
            raise ValidationError(_("Give either a range or a list, not both."))
        if pasted:
            data["serials"] = pasted
        elif first and last:
            data["serials"] = serial_range(first, last)
        else:
            raise ValidationError(_("Give the first and last numbers of a range, or a list."))
        return data


# Links -----------------------------------------------------------------------------------------


class ProductLinkForm(BootstrapMixin, forms.Form):
    """A typed link of a product's QR code."""

    link_type = forms.ChoiceField(label=_("Link type"), choices=LinkType.choices)
    title = _text(_("Title"), 200, help_text=_("What the link shows, e.g. OCOP certificate"))
    href = _text(
        _("Address"),
        1000,
        help_text=_("https://…, or a path on this site such as /01/08930000000019."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="vi")
    media_type = _text(
        _("Media type"), 100, False, initial="text/html", help_text=_("e.g. text/html")
    )
    is_default = forms.BooleanField(
        label=_("Default link"),
        required=False,
        help_text=_("Where a plain scan leads; replaces the product's current default."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["href"].widget.attrs["inputmode"] = "url"

    @classmethod
    def initial_from(cls, link: ProductLink) -> dict[str, Any]:
        return _initial(link, cls.base_fields)
