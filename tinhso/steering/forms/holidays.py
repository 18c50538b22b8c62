"""The form of a day off in the holiday calendar that deadlines are counted against."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.forms import BootstrapMixin
from tinhso.steering.forms.money import DATE_WIDGET
from tinhso.steering.models import Holiday


class HolidayForm(BootstrapMixin, forms.Form):
    """A public holiday or a compensating day off."""

    date = forms.DateField(label=pgettext_lazy("calendar", "Date"), widget=DATE_WIDGET)
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("e.g. National Day, or a compensating day off")
    )

    @classmethod
    def initial_from(cls, holiday: Holiday) -> dict[str, Any]:
        return {"date": holiday.date, "name": holiday.name}
