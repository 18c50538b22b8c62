"""/api/v1/: one router per app, gathered here."""

from django.urls import include, path

urlpatterns = [
    path("", include("tinhso.orgunits.api.urls")),
    path("", include("tinhso.accounts.api.urls")),
    path("", include("tinhso.audit.api.urls")),
    path("", include("tinhso.core.api_tasks")),
    path("", include("tinhso.monitoring.api.urls")),
    path("", include("tinhso.steering.api.urls")),
    path("", include("tinhso.notifications.api.urls")),
    path("", include("tinhso.traceability.api.urls")),
]
