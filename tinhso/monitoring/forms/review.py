"""The periodic review report's form: what it covers (a unit within the user's reach, a period
range, the indicators) and the document's letterhead, signature and recipients."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.dates import local_date
from tinhso.core.forms import BootstrapMixin
from tinhso.core.policies import VIEW
from tinhso.monitoring.forms.transfer import UnitChoiceField
from tinhso.monitoring.models import IndicatorGroup
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.monitoring.review.decree30 import ARCHIVE
from tinhso.monitoring.review.document import Letterhead
from tinhso.monitoring.review.figures import province_of, review_periods
from tinhso.monitoring.review.wording import ReportKind, default_subject, parent_body, place_name
from tinhso.orgunits.choices import ADMINISTRATIVE_KINDS
from tinhso.orgunits.models import OrgUnit

COVERAGE = ("org_unit", "start", "end", "group")
LETTER = (
    "kind", "subject", "parent_body", "issuer", "number", "day", "signer_title", "signer_name",
    "recipients", "proposals",
)  # fmt: skip


def default_recipients() -> list[str]:
    return [
        _("Provincial People's Committee (to report)"),
        _("Provincial steering committee for science, technology, innovation and digital "
          "transformation"),
        _("Department of Science and Technology"),
        ARCHIVE,
    ]  # fmt: skip


class ReviewForm(BootstrapMixin, forms.Form):
    org_unit = UnitChoiceField(
        label=gettext_lazy("Org unit"),
        queryset=OrgUnit.objects.none(),
        to_field_name="code",
        help_text=gettext_lazy("The unit and every unit under it."),
    )
    start = forms.CharField(
        label=gettext_lazy("From period"),
        max_length=8,
        help_text=gettext_lazy("A period code such as 2026, 2026S1, 2026Q1 or 202601."),
    )
    end = forms.CharField(
        label=gettext_lazy("To period"),
        max_length=8,
        help_text=gettext_lazy("Of the same type as the first, e.g. 2026Q1 to 2026Q3."),
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Indicators"),
        queryset=IndicatorGroup.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("Indicators with a target"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of report"), choices=ReportKind.choices)
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=300,
        help_text=gettext_lazy("What is reviewed; it completes the summary line under the title."),
    )
    parent_body = forms.CharField(label=gettext_lazy("Parent body"), max_length=200)
    issuer = forms.CharField(label=gettext_lazy("Issuing body"), max_length=200)
    number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=60,
        required=False,
        help_text=gettext_lazy(
            "e.g. 15/BC-TTĐMST; leave the number out for the clerk: /BC-TTĐMST."
        ),
    )
    day = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    signer_title = forms.CharField(
        label=gettext_lazy("Signer's title"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One line each, e.g. KT. GIÁM ĐỐC, then PHÓ GIÁM ĐỐC."),
    )
    signer_name = forms.CharField(
        label=gettext_lazy("Signer's name"), max_length=150, required=False
    )
    recipients = forms.CharField(
        label=gettext_lazy("Recipients"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One per line."),
    )
    proposals = forms.CharField(
        label=gettext_lazy("Proposals and recommendations"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Left empty, the document has a highlighted paragraph to write them in."
        ),
    )

    def __init__(self, *args: Any, user: Any, today: date | None = None, **kwargs: Any) -> None:
        units = DataValuePolicy().reachable_units(OrgUnit.objects.active(), user, VIEW)
        kwargs.setdefault("initial", initial_values(user, units, today or local_date()))
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]

    @property
    def coverage_fields(self) -> list[BoundField]:
        return [self[name] for name in COVERAGE]

    @property
    def letter_fields(self) -> list[BoundField]:
        return [self[name] for name in LETTER]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end"):
            try:
                cleaned["periods"] = review_periods(cleaned["start"], cleaned["end"])
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    self.add_error(field, errors)
        return cleaned

    def letterhead(self, *, demo_data: bool = False) -> Letterhead:
        """The document's own details from the cleaned form."""
        data = self.cleaned_data
        return Letterhead(
            kind=data["kind"], subject=data["subject"], parent_body=data["parent_body"],
            issuer=data["issuer"], number=data["number"],
            place=place_name(province_of(data["org_unit"])), day=data["day"],
            signer_title=data["signer_title"].splitlines(), signer_name=data["signer_name"],
            recipients=data["recipients"].splitlines(), proposals=data["proposals"],
            demo_data=demo_data,
        )  # fmt: skip


def initial_values(user: Any, units: Any, today: date) -> dict[str, Any]:
    """The form as a center officer would usually fill it: the user's unit (or the province),
    the six-month review until September, the annual review from October."""
    own = getattr(user, "org_unit", None)
    unit = own if own is not None and own.valid_to is None else None
    unit = unit or units.filter(depth=0).order_by("code").first()
    annual = today.month >= 10
    period = str(today.year) if annual else f"{today.year}S1"
    return {
        "org_unit": unit.code if unit else None, "start": period, "end": period,
        "kind": ReportKind.ANNUAL if annual else ReportKind.SIX_MONTH,
        "subject": default_subject(),
        "parent_body": parent_body(province_of(unit)) if unit else "",
        "issuer": _issuer(own), "day": today, "signer_title": _("DIRECTOR"),
        "signer_name": getattr(user, "full_name", ""),
        "recipients": "\n".join(default_recipients()),
    }  # fmt: skip


def _issuer(unit: OrgUnit | None) -> str:
    """The user's own agency; for users of the province or a commune, the center."""
    if unit is not None and unit.kind not in ADMINISTRATIVE_KINDS:
        return unit.name.upper()
    return _("INNOVATION AND DIGITAL TRANSFORMATION CENTER")
