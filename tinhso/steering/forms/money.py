"""Forms of the programme and budget pages. Amounts are whole đồng, typed the Vietnamese way
("1.500.000") or as plain digits, and become Decimal, never float. The forms only shape the
input; tinhso.steering.services validates it and says which field is wrong."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from tinhso.core.dates import local_date
from tinhso.core.forms import BootstrapMixin
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.models import MONEY, Allocation, Programme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Plain digits, or groups of three split by one separator used throughout: "1.500.000",
# "1,500,000" or "1 500 000". A decimal part is refused: amounts are whole đồng.
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}([.,\s])\d{3}(?:\1\d{3})*")
_CURRENCY = re.compile(r"\s*(?:đ|₫|vnđ|vnd|đồng)\s*$", re.IGNORECASE)


def parse_amount(text: str) -> Decimal:
    """The whole-đồng amount ``text`` spells, or ValueError."""
    text = _CURRENCY.sub("", text.strip().replace("\u00a0", " "))
    if not (_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text)):
        raise ValueError(text)
    return Decimal(re.sub(r"\D", "", text))


class MoneyField(forms.CharField):
    """An amount in whole đồng: "1.234.567", "1 234 567" or "1234567" → Decimal("1234567")."""

    default_error_messages = {
        "invalid": _("Type a whole number of đồng, e.g. 1.500.000."),
        "too_large": _("The amount is too large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        attrs = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "40"}
        self.widget.attrs.update(attrs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        try:
            amount = parse_amount(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if len(str(amount)) > MONEY["max_digits"]:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount

    def prepare_value(self, value: Any) -> Any:
        """A stored amount is shown grouped, as it is typed: 1.500.000."""
        if isinstance(value, Decimal | int):
            return formats.number_format(value, decimal_pos=0, force_grouping=True)
        return value


class YearField(forms.IntegerField):
    """A year, shown without a thousands separator."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=2000, max_value=2100, **kwargs)


class ProgrammeForm(BootstrapMixin, forms.Form):
    """A programme's name and years."""

    name = forms.CharField(
        label=_("Name"), max_length=300, help_text=_("e.g. Digital transformation 2025")
    )
    first_year = YearField(label=_("First year"))
    last_year = YearField(label=_("Last year"))

    @classmethod
    def initial_from(cls, programme: Programme) -> dict[str, Any]:
        return {name: getattr(programme, name) for name in cls.base_fields}


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class AllocationForm(BootstrapMixin, forms.Form):
    """A programme's money for one of its years, to a unit, a named project, or both."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    org_unit = UnitChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
        help_text=_("Choose the unit that receives the money, name a project, or both."),
    )  # fmt: skip
    project = forms.CharField(label=_("Project"), max_length=300, required=False)
    amount = MoneyField(label=_("Amount (VND)"), help_text=_("Whole đồng, e.g. 1.500.000.000."))

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(programme.first_year, programme.last_year + 1)
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        units = OrgUnit.objects.active().order_by("path")
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, allocation: Allocation) -> dict[str, Any]:
        return {name: getattr(allocation, name) for name in cls.base_fields}


class DisbursementForm(BootstrapMixin, forms.Form):
    """Money paid out of an allocation, with the document that records it."""

    date = forms.DateField(label=_("Payment date"), widget=DATE_WIDGET)
    document_number = forms.CharField(
        label=_("Document number"), max_length=100, help_text=_("e.g. the payment order number")
    )
    amount = MoneyField(label=_("Amount (VND)"), help_text=_("Whole đồng, e.g. 1.500.000."))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = local_date
