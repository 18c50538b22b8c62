"""The upload form of the task import."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.forms import BootstrapMixin
from tinhso.steering.import_workbook import CONTENT_TYPE, MAX_BYTES, MAX_ROWS


class TaskImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{CONTENT_TYPE}"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = {"rows": f"{MAX_ROWS:,}".replace(",", "."), "size": MAX_BYTES // 1_000_000}
        self.fields["file"].help_text = (
            _("The filled-in template: one task per row, at most %(rows)s rows and %(size)s MB.")
            % limits
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() != ".xlsx":
            message = _("Upload an Excel workbook (.xlsx); save an .xls file as .xlsx first.")
            raise ValidationError(message)
        if upload.size > MAX_BYTES:
            message = _("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 1_000_000}
            raise ValidationError(message)
        return upload
