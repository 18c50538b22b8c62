"""/api/v1/tasks/: the progress of background tasks the caller started."""

from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from tinhso.core.api import ScopedReadOnlyViewSet
from tinhso.core.models import TaskProgress
from tinhso.core.permissions import TaskProgressPolicy


class TaskProgressSerializer(serializers.ModelSerializer[TaskProgress]):
    # Declared, not derived: the derived bounds differ between SQLite and PostgreSQL.
    done = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = TaskProgress
        fields = [
            "id",
            "label",
            "status",
            "done",
            "total",
            "percent",
            "message",
            "result_url",
            "created_at",
            "updated_at",
        ]


class TaskProgressViewSet(ScopedReadOnlyViewSet):
    policy = TaskProgressPolicy()
    queryset = TaskProgress.objects.all()
    serializer_class = TaskProgressSerializer


router = SimpleRouter()
router.register("tasks", TaskProgressViewSet, basename="task")
urlpatterns = router.urls
