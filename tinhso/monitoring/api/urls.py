from django.urls import path

from tinhso.monitoring.api.views import DataValueSetsView

urlpatterns = [path("dataValueSets", DataValueSetsView.as_view(), name="datavaluesets")]
