import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tinhso.audit.models import AuditEntry


class AuditEntryTable(tables.Table):
    timestamp = tables.DateTimeColumn(verbose_name=_("Time"), short=True)
    actor_name = tables.Column(verbose_name=_("Actor"))
    action = tables.Column(verbose_name=_("Action"))
    content_type = tables.Column(verbose_name=_("Object type"), orderable=False)
    object_repr = tables.Column(verbose_name=_("Object"))
    org_unit = tables.Column(verbose_name=_("Org unit"), default="—")

    class Meta:
        model = AuditEntry
        fields = ["timestamp", "actor_name", "action", "content_type", "object_repr", "org_unit"]
        attrs = {"class": "table table-sm bg-white", "data-testid": "audit-table"}

    def render_content_type(self, value: object) -> str:
        return str(getattr(value, "name", value))
