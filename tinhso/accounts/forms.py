from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.core.roles import Role
from tinhso.orgunits.forms import ParentChoiceField
from tinhso.orgunits.models import OrgUnit


class UserForm(BootstrapMixin, forms.Form):
    """Create or edit an account; the password is required only when creating."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org_unit = ParentChoiceField(
        label=_("Org unit"), queryset=OrgUnit.objects.active(), required=False
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), required=False,
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].required = creating
        if creating:
            del self.fields["is_active"]
        else:
            self.fields["password"].help_text = _("Leave empty to keep the current password.")


class ApiTokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. “LGSP connector”.")
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, initial=lambda: settings.API_TOKEN_DEFAULT_DAYS
    )
