"""The steering-committee form: which unit set one up, by which decision, led by whom. The
service (tinhso.steering.services) validates it and says which field is wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.forms.money import DATE_WIDGET, UnitChoiceField
from tinhso.steering.models import SteeringCommittee


class CommitteeForm(BootstrapMixin, forms.Form):
    """A committee's decision, date, head and members; a new one also names its unit."""

    org_unit = UnitChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.none(),
        help_text=_("Units that have no committee recorded yet."),
    )
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=100, help_text=_("e.g. 125/QĐ-UBND")
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    head = forms.CharField(
        label=_("Head"), max_length=200, help_text=_("Who chairs it, e.g. the commune chairman.")
    )
    members = forms.CharField(
        label=_("Members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One member per line, with their position."),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the unit stays
            del self.fields["org_unit"]
        else:
            self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, committee: SteeringCommittee) -> dict[str, Any]:
        return {name: getattr(committee, name) for name in cls.base_fields if name != "org_unit"}
