"""The progress report's form: what it covers (a year, optionally one directive or programme)
and the document's letterhead, signature, recipients and proposals, with the defaults a center
officer would usually type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.dates import local_date
from tinhso.core.decree30.forms import LetterForm, letter_initial
from tinhso.core.policies import VIEW
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.models import Directive, Programme
from tinhso.steering.permissions import DirectivePolicy, ProgrammePolicy
from tinhso.steering.report.document import ReportDetails

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


class ProgressReportForm(LetterForm):
    coverage = ("year", "directive", "programme")

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

    def details(self) -> ReportDetails:
        """The document's own details from the cleaned form."""
        return ReportDetails(**self.letter_values(_province()))


def _province() -> OrgUnit | None:
    return OrgUnit.objects.filter(depth=0, valid_to__isnull=True).order_by("code").first()


def initial_values(user: Any, today: dt.date) -> dict[str, Any]:
    """The form as a center officer would usually fill it: this year, the Resolution 57
    subject, the province's People's Committee above the center."""
    return {
        "year": today.year, **letter_initial(user, today, _province()),
        "proposals": default_proposals(),
    }  # fmt: skip
