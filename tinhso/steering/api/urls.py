"""/api/v1/steering/…: the module's endpoints under one prefix, because /api/v1/tasks/ already
names the progress of background tasks (tinhso.core.api_tasks)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from tinhso.steering.api import views
from tinhso.steering.api.dashboard import SteeringDashboardView
from tinhso.steering.api.imports import TaskImportView

router = SimpleRouter()
router.register("steering/directives", views.DirectiveViewSet, basename="steering-directive")
router.register("steering/tasks", views.TaskViewSet, basename="steering-task")
router.register(
    "steering/progressReports", views.ProgressReportViewSet, basename="steering-progress"
)
router.register("steering/extensions", views.ExtensionRequestViewSet, basename="steering-extension")
router.register("steering/programmes", views.ProgrammeViewSet, basename="steering-programme")
router.register("steering/allocations", views.AllocationViewSet, basename="steering-allocation")
router.register(
    "steering/disbursements", views.DisbursementViewSet, basename="steering-disbursement"
)
router.register(
    "steering/steeringCommittees", views.SteeringCommitteeViewSet, basename="steering-committee"
)
router.register("steering/holidays", views.HolidayViewSet, basename="steering-holiday")
# Before the router's routes, so that the task detail route does not take "import" for an id.
urlpatterns = [
    path("steering/tasks/import", TaskImportView.as_view(), name="steering-task-import"),
    path("steering/dashboard", SteeringDashboardView.as_view(), name="steering-dashboard"),
    *router.urls,
]
