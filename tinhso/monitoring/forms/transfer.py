"""Forms of the transfer room: upload a file to import, choose what to export."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.monitoring.dhis2.datavaluesets import MAX_BYTES
from tinhso.monitoring.models import DataSet
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.monitoring.selectors import period_range
from tinhso.orgunits.models import OrgUnit

EXTENSIONS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}


def format_of(name: str) -> str | None:
    """The import format a file's name says: json, csv or xlsx."""
    return EXTENSIONS.get(PurePath(name).suffix.lower())


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A DHIS2 dataValueSets file in JSON or CSV (codes as ids), or a filled-in Excel "
            "template (.xlsx)."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if format_of(upload.name) is None:
            raise ValidationError(_("Upload a .json, .csv or .xlsx file."))
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 1_000_000}
            )
        return upload


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    top_depth = 0  # the depth of the highest unit offered, which is not indented

    def label_from_instance(self, obj: Any) -> str:
        indent = "\u2003" * max(obj.depth - self.top_depth, 0)  # the tree, in a plain select
        return f"{indent}{obj.code} · {obj.name}"


class RangeForm(BootstrapMixin, forms.Form):
    """A data set, a unit with its subtree, and a period range."""

    data_set = forms.ModelChoiceField(label=_("Data set"), queryset=DataSet.objects.none())
    org_unit = UnitChoiceField(
        label=_("Org unit"),
        queryset=OrgUnit.objects.none(),
        help_text=_("The unit and every unit under it."),
    )
    start = forms.CharField(
        label=_("From period"),
        max_length=8,
        help_text=_("A period code such as 202601, 2026Q1, 2026S1 or 2026 (all its periods)."),
    )
    end = forms.CharField(label=_("To period"), max_length=8)

    def __init__(self, *args: Any, user: Any, action: str, **kwargs: Any) -> None:
        year = str(timezone.localdate().year)
        kwargs.setdefault(
            "initial", {"org_unit": getattr(user, "org_unit", None), "start": year, "end": year}
        )
        super().__init__(*args, **kwargs)
        units = DataValuePolicy().reachable_units(OrgUnit.objects.active(), user, action)
        self.fields["org_unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        own = getattr(user, "org_unit", None)
        if own is not None and units.filter(pk=own.pk).exists():
            self.fields["org_unit"].top_depth = own.depth  # type: ignore[attr-defined]
        data_sets = DataSet.objects.order_by("name")
        if action == IMPORT:  # a template to fill in: not of the sets the platform fills itself
            data_sets = data_sets.filter(computed=False)
        self.fields["data_set"].queryset = data_sets  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        data_set = cleaned.get("data_set")
        if data_set is not None and cleaned.get("start") and cleaned.get("end"):
            try:
                cleaned["periods"] = period_range(data_set, cleaned["start"], cleaned["end"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class ExportForm(RangeForm):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("xlsx", _("Excel (the template, with the values)")),
            ("csv", _("CSV (DHIS2 dataValueSets)")),
            ("json", _("JSON (DHIS2 dataValueSets)")),
        ],
    )
