"""The "record a step" form of a batch: which step, when (the province's local time), where
(one of the enterprise's locations), where to for a shipment, how much, and a note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.core.forms import BootstrapMixin
from tinhso.traceability import validators
from tinhso.traceability.events import StepKind, gln_id, location_id
from tinhso.traceability.models import Batch, Location

# A step is something that happened: a time later than now (give or take a clock's drift) is
# a typing mistake.
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


class StepForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    date = forms.DateField(
        label=pgettext_lazy("calendar", "Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Local time (Vietnam, UTC+7)."),
    )
    location = forms.ModelChoiceField(
        label=_("Where"), queryset=Location.objects.none(), empty_label="—"
    )
    destination = forms.ModelChoiceField(
        label=_("Shipped to"),
        queryset=Location.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("For a shipment: one of your locations, or a GLN below."),
    )
    destination_gln = forms.CharField(
        label=_("Or the GLN of the destination"), max_length=13, required=False
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=14,
        decimal_places=3,
        min_value=0,
        localize=True,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        places = (
            Location.objects.filter(enterprise=batch.product.enterprise)
            .exclude(gln="", local_code="")
            .order_by("name")
        )
        self.fields["location"].queryset = places  # type: ignore[attr-defined]
        self.fields["destination"].queryset = places  # type: ignore[attr-defined]
        self.fields["quantity"].help_text = batch.get_quantity_unit_display()

    def clean_destination_gln(self) -> str:
        gln: str = self.cleaned_data["destination_gln"].strip()
        if gln:
            validators.validate_gln(gln)
        return gln

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not self.batch.product.gtin:
            raise ValidationError(
                _("The product has no GTIN: give it one before recording steps of its batches.")
            )
        day, moment_time = data.get("date"), data.get("time")
        if day is not None and moment_time is not None:
            moment = dt.datetime.combine(day, moment_time, tzinfo=PROVINCE_ZONE)
            if moment > timezone.now() + CLOCK_TOLERANCE:
                self.add_error("time", _("A step cannot be recorded in the future."))
            data["moment"] = moment
        destination = ""
        if data.get("destination") is not None:
            destination = location_id(data["destination"])
        elif data.get("destination_gln"):
            destination = gln_id(data["destination_gln"])
        shipping = data.get("step") == StepKind.SHIPPING
        if shipping and not destination and "destination_gln" not in self.errors:
            self.add_error("destination", _("Say where the shipment goes."))
        data["destination_id"] = destination if shipping else ""
        return data
