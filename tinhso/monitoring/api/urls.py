from django.urls import include, path

from tinhso.monitoring.api.analytics import AnalyticsView
from tinhso.monitoring.api.views import DataImportView, DataValueSetsView

urlpatterns = [
    path("dataValueSets", DataValueSetsView.as_view(), name="datavaluesets"),
    # -- metadata endpoints --
    path("", include("tinhso.monitoring.api.metadata")),
    # -- submissions --
    path("", include("tinhso.monitoring.api.submissions")),
    # -- transfer endpoints --
    path("dataImports/<int:pk>", DataImportView.as_view(), name="dataimport-detail"),
    # -- analytics --
    path("analytics", AnalyticsView.as_view(), name="analytics"),
]
