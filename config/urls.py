from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("tinhso.core.urls")),
    path("accounts/", include("tinhso.accounts.urls")),
    path("orgunits/", include("tinhso.orgunits.urls")),
    path("audit/", include("tinhso.audit.urls")),
    path("monitoring/", include("tinhso.monitoring.urls")),
    path("steering/", include("tinhso.steering.urls")),
    path("notifications/", include("tinhso.notifications.urls")),
    path("traceability/", include("tinhso.traceability.urls")),
    path("epcis/", include("tinhso.epcis.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("tinhso.traceability.resolver.urls")),
]
