import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=True, verbose_name=_("Username"))
    full_name = tables.Column(verbose_name=_("Full name"))
    role = tables.Column(verbose_name=_("Role"), accessor="role", orderable=False)
    org_unit = tables.Column(verbose_name=_("Org unit"), order_by=("org_unit__name",))
    is_active = tables.BooleanColumn(verbose_name=_("Active"))
    last_login = tables.DateTimeColumn(verbose_name=_("Last sign-in"), short=True, default="—")

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "org_unit", "is_active", "last_login"]
        attrs = {"class": "table table-hover table-sm bg-white", "data-testid": "user-table"}

    def render_role(self, value: object) -> str:
        return str(getattr(value, "label", value or "—"))
