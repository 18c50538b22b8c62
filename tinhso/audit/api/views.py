from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from tinhso.audit.filtersets import AuditEntryFilterSet
from tinhso.audit.models import AuditEntry
from tinhso.audit.permissions import AuditEntryPolicy
from tinhso.core.api import ScopedReadOnlyViewSet
from tinhso.orgunits.models import OrgUnit


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    object_type = serializers.SerializerMethodField()
    org_unit = serializers.SlugRelatedField[OrgUnit](slug_field="code", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id", "timestamp", "actor_name", "action", "object_type", "object_id", "object_repr",
            "org_unit", "changes", "remote_addr", "request_id",
        ]  # fmt: skip

    def get_object_type(self, entry: AuditEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit trail, newest first; filter by object to see one object's history."""

    policy = AuditEntryPolicy()
    queryset = AuditEntry.objects.select_related("content_type", "org_unit")
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilterSet


router = SimpleRouter()
router.register("audit", AuditEntryViewSet, basename="auditentry")
