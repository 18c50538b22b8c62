"""The directive form of the center's pages. It only shapes the input; the services in
tinhso.steering.services validate it and say which field is wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.monitoring.reports import EVIDENCE_ACCEPT
from tinhso.steering.choices import DirectiveType
from tinhso.steering.models import Directive

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def file_input() -> forms.FileInput:
    """A plain file input: never the "currently: <public URL>" of ClearableFileInput, since
    files are served only through the scoped download views."""
    return forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT})


class DirectiveForm(BootstrapMixin, forms.Form):
    """Number, date, issuing body, type, summary and the attached document."""

    number = forms.CharField(label=_("Number"), max_length=100, help_text=_("e.g. 01-KH/BCĐ"))
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=300)
    type = forms.ChoiceField(label=_("Type"), choices=DirectiveType.choices)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(
        label=_("Attached document"),
        required=False,
        widget=file_input(),
        help_text=_("A PDF, an image or an Office document. A new file replaces the current one."),
    )

    @classmethod
    def initial_from(cls, directive: Directive) -> dict[str, Any]:
        return {name: getattr(directive, name) for name in cls.base_fields if name != "attachment"}
