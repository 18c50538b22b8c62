"""The progress report's form: what it covers (a year, optionally one directive or programme)
and the document's letterhead, signature, recipients and proposals, with the defaults a center
officer would usually type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.dates import local_date
from tinhso.core.forms import BootstrapMixin
from tinhso.core.policies import VIEW
from tinhso.monitoring.forms.review import default_recipients
from tinhso.monitoring.review.wording import default_subject, parent_body, place_name
from tinhso.orgunits.choices import ADMINISTRATIVE_KINDS
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.models import Directive, Programme
from tinhso.steering.permissions import DirectivePolicy, ProgrammePolicy
from tinhso.steering.report.document import ReportDetails

COVERAGE = ("year", "directive", "programme")
LETTER = (
    "subject", "parent_body", "issuer", "number", "day", "signer_title", "signer_name",
    "recipients", "proposals",
)  # fmt: skip
YEARS_BACK = 5


def year_choices(today: dt.date) -> list[tuple[int, str]]:
    """Next year (tasks already due then), this year and five before, newest first."""
    return [(year, str(year)) for year in range(today.year + 1, today.year - YEARS_BACK - 1, -1)]


def default_proposals() -> str:
    return "\n".join(
        [
            _(
                "1. Units with overdue tasks finish them without delay, report their progress "
                "in the system and explain in writing the reasons for the delay."
            ),
            _(
                "2. Units with tasks at risk concentrate resources on them and, where a deadline "
                "cannot be met, ask for an extension in the system in good time."
            ),
            _(
                "3. Units report the progress of every open task in the system at least once a "
                "month, so that all assigned tasks are monitored electronically."
            ),
            _(
                "4. Units and project owners speed up the disbursement of the funds allocated "
                "for the year."
            ),
        ]
    )


class ProgressReportForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, choices=[])
    directive = forms.ModelChoiceField(
        label=gettext_lazy("Directive"),
        queryset=Directive.objects.none(),
        required=False,
        empty_label=gettext_lazy("All directives"),
    )
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=gettext_lazy("All programmes"),
    )
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=300,
        help_text=gettext_lazy("What the tasks carry out; it completes the summary line."),
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
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "One paragraph per line. Left empty, the document has a highlighted paragraph to "
            "write them in."
        ),
    )

    def __init__(self, *args: Any, user: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        today = today or local_date()
        kwargs.setdefault("initial", initial_values(user, today))
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["year"].choices = year_choices(today)
        fields["directive"].queryset = (
            DirectivePolicy().scope(Directive.objects.all(), user, VIEW).order_by("-date", "number")
        )
        fields["programme"].queryset = (
            ProgrammePolicy()
            .scope(Programme.objects.all(), user, VIEW)
            .order_by("-first_year", "name")
        )

    @property
    def coverage_fields(self) -> list[BoundField]:
        return [self[name] for name in COVERAGE]

    @property
    def letter_fields(self) -> list[BoundField]:
        return [self[name] for name in LETTER]

    def details(self) -> ReportDetails:
        """The document's own details from the cleaned form."""
        data = self.cleaned_data
        province = _province()
        return ReportDetails(
            subject=data["subject"], parent_body=data["parent_body"], issuer=data["issuer"],
            number=data["number"], place=place_name(province) if province else "",
            day=data["day"], signer_title=data["signer_title"].splitlines(),
            signer_name=data["signer_name"], recipients=data["recipients"].splitlines(),
            proposals=data["proposals"],
        )  # fmt: skip


def _province() -> OrgUnit | None:
    return OrgUnit.objects.filter(depth=0, valid_to__isnull=True).order_by("code").first()


def initial_values(user: Any, today: dt.date) -> dict[str, Any]:
    """The form as a center officer would usually fill it: this year, the Resolution 57
    subject, the province's People's Committee above the center."""
    province = _province()
    return {
        "year": today.year, "subject": default_subject(),
        "parent_body": parent_body(province) if province else "",
        "issuer": _issuer(getattr(user, "org_unit", None)), "day": today,
        "signer_title": _("DIRECTOR"), "signer_name": getattr(user, "full_name", ""),
        "recipients": "\n".join(default_recipients()), "proposals": default_proposals(),
    }  # fmt: skip


def _issuer(unit: OrgUnit | None) -> str:
    """The user's own agency; for users of the province or a commune, the center."""
    if unit is not None and unit.kind not in ADMINISTRATIVE_KINDS:
        return unit.name.upper()
    return _("INNOVATION AND DIGITAL TRANSFORMATION CENTER")
