import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tinhso.orgunits.models import OrgUnit


class OrgUnitTable(tables.Table):
    code = tables.Column(linkify=True, verbose_name=_("Code"))
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    kind = tables.Column(verbose_name=_("Kind"))
    parent = tables.Column(verbose_name=_("Parent"), order_by=("parent__name",))
    valid_from = tables.DateColumn(verbose_name=_("Valid from"), short=True)
    valid_to = tables.DateColumn(verbose_name=_("Valid to"), short=True, default="—")

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
        attrs = {"class": "table table-hover table-sm bg-white", "data-testid": "orgunit-table"}
