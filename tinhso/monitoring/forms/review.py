"""The periodic review report's form: what it covers (a unit within the user's reach, a period
range, the indicators) and the document's letterhead, signature and recipients."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from tinhso.core.dates import local_date
from tinhso.core.decree30.forms import LETTER, LetterForm, letter_initial
from tinhso.core.policies import VIEW
from tinhso.monitoring.forms.transfer import UnitChoiceField
from tinhso.monitoring.models import IndicatorGroup
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.monitoring.review.document import Letterhead
from tinhso.monitoring.review.figures import province_of, review_periods
from tinhso.monitoring.review.wording import ReportKind
from tinhso.orgunits.models import OrgUnit


class ReviewForm(LetterForm):
    coverage = ("org_unit", "start", "end", "group")
    letter = ("kind", *LETTER)

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
            kind=data["kind"], demo_data=demo_data,
            **self.letter_values(province_of(data["org_unit"])),
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
        **letter_initial(user, today, province_of(unit) if unit else None),
    }  # fmt: skip
