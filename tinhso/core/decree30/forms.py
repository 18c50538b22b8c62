"""The letter part of a report's form: the letterhead, the signature and the recipients, with
the defaults a center officer would usually type. An app's report form adds what its report
covers, the subject and the proposals (their help differs from report to report)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.decree30.document import ARCHIVE
from tinhso.core.decree30.wording import parent_body, place_name
from tinhso.core.forms import BootstrapMixin
from tinhso.orgunits.choices import ADMINISTRATIVE_KINDS
from tinhso.orgunits.models import OrgUnit

# The letter's fields in the order the form shows them.
LETTER = (
    "subject", "parent_body", "issuer", "number", "day", "signer_title", "signer_name",
    "recipients", "proposals",
)  # fmt: skip


def default_subject() -> str:
    return _(
        "Resolution No. 57-NQ/TW of the Politburo on breakthroughs in science, technology, "
        "innovation and national digital transformation"
    )


def default_recipients() -> list[str]:
    return [
        _("Provincial People's Committee (to report)"),
        _("Provincial steering committee for science, technology, innovation and digital "
          "transformation"),
        _("Department of Science and Technology"),
        ARCHIVE,
    ]  # fmt: skip


def default_issuer(unit: OrgUnit | None) -> str:
    """The user's own agency; for users of the province or a commune, the center."""
    if unit is not None and unit.kind not in ADMINISTRATIVE_KINDS:
        return unit.name.upper()
    return _("INNOVATION AND DIGITAL TRANSFORMATION CENTER")


def letter_initial(user: Any, today: date, province: OrgUnit | None) -> dict[str, Any]:
    """The letter as a center officer would usually fill it: the Resolution 57 subject, the
    province's People's Committee above the user's agency (or the center), signed by the
    director, sent to the province, its steering committee and the department."""
    return {
        "subject": default_subject(),
        "parent_body": parent_body(province) if province else "",
        "issuer": default_issuer(getattr(user, "org_unit", None)), "day": today,
        "signer_title": _("DIRECTOR"), "signer_name": getattr(user, "full_name", ""),
        "recipients": "\n".join(default_recipients()),
    }  # fmt: skip


class LetterForm(BootstrapMixin, forms.Form):
    """A report's form: what the report covers (``coverage``, declared by the subclass), then
    the letter (``letter``). The subclass declares ``subject`` and ``proposals``."""

    coverage: ClassVar[tuple[str, ...]] = ()
    letter: ClassVar[tuple[str, ...]] = LETTER

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields([*self.coverage, *self.letter])

    @property
    def coverage_fields(self) -> list[BoundField]:
        return [self[name] for name in self.coverage]

    @property
    def letter_fields(self) -> list[BoundField]:
        return [self[name] for name in self.letter]

    def letter_values(self, province: OrgUnit | None) -> dict[str, Any]:
        """The cleaned letter as the keyword arguments of a ``report.Letter``."""
        data = self.cleaned_data
        return {
            "subject": data["subject"], "parent_body": data["parent_body"],
            "issuer": data["issuer"], "number": data["number"],
            "place": place_name(province) if province else "", "day": data["day"],
            "signer_title": data["signer_title"].splitlines(),
            "signer_name": data["signer_name"], "recipients": data["recipients"].splitlines(),
            "proposals": data["proposals"],
        }  # fmt: skip
