"""Forms of reporting on a task (progress, completion, an extension) and of the center's
decision on a completion or an extension. The services check the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.monitoring.reports import EVIDENCE_MAX_BYTES
from tinhso.steering.forms.directives import DATE_WIDGET, file_input


class FilesMixin:
    """Says under each file field which files are taken, in the reader's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text = gettext("A PDF, a PNG or JPEG image, or an Office document, up to %(size)s MB.")
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.FileField):
                field.help_text = text % {"size": EVIDENCE_MAX_BYTES // 2**20}


class ProgressForm(FilesMixin, BootstrapMixin, forms.Form):
    """How far the task is, what was done, and a file that shows it."""

    percent = forms.IntegerField(
        label=_("Percent done"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    narrative = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.FileField(label=_("Evidence"), required=False, widget=file_input())


class DoneForm(FilesMixin, BootstrapMixin, forms.Form):
    """The task is done: its product (required), what was done and optional evidence."""

    product = forms.FileField(
        label=_("Product"),
        widget=file_input(),
        error_messages={"required": _("Attach the product to mark the task done.")},
    )
    narrative = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.FileField(label=_("Evidence"), required=False, widget=file_input())


class ExtensionForm(BootstrapMixin, forms.Form):
    """The later deadline asked for, and why."""

    requested_deadline = forms.DateField(label=_("Requested deadline"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the deadline should move.")},
    )


ACCEPT = "accept"
RETURN = "return"


class DecisionForm(BootstrapMixin, forms.Form):
    """Accept, or return with a note; the service insists on the note when returning."""

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
