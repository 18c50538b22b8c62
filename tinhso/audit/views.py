from tinhso.audit.filtersets import AuditEntryFilterSet
from tinhso.audit.models import AuditEntry
from tinhso.audit.permissions import AuditEntryPolicy
from tinhso.audit.tables import AuditEntryTable
from tinhso.core.views import ScopedListView


class AuditEntryListView(ScopedListView):
    """The audit trail the user may read, newest first."""

    policy = AuditEntryPolicy()
    model = AuditEntry
    table_class = AuditEntryTable
    filterset_class = AuditEntryFilterSet
    queryset = AuditEntry.objects.select_related("content_type", "org_unit")
