from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.official import province_choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class ParentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.name}"


class AgencyForm(BootstrapMixin, forms.Form):
    """A unit typed by hand: an agency or another unit under the province."""

    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (OrgUnitKind.AGENCY, OrgUnitKind.AGENCY.label),
            (OrgUnitKind.OTHER, OrgUnitKind.OTHER.label),
        ],
    )
    parent = ParentChoiceField(label=_("Parent"), queryset=OrgUnit.objects.none())
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_WIDGET)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = OrgUnit.objects.active().exclude(kind__in=LOCAL_KINDS)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class OrgUnitEditForm(BootstrapMixin, forms.Form):
    """Edit a unit; a reporter's form has only the contact fields."""

    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def __init__(self, *args: Any, contact_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if contact_only:
            del self.fields["name"]


class SuccessionForm(BootstrapMixin, forms.Form):
    """Record that this unit ended and which unit carries on."""

    successor = ParentChoiceField(label=_("Successor"), queryset=OrgUnit.objects.active())
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgenciesImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma or semicolon separated. Columns: code, name, parent_code, and "
            "optionally kind, name_en, short_name, email, phone, address, valid_from."
        ),
    )


class LoadProvinceForm(BootstrapMixin, forms.Form):
    province = forms.ChoiceField(label=_("Province"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("all", _("All provinces")), *province_choices()]
        self.fields["province"].choices = choices  # type: ignore[attr-defined]
