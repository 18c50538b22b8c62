from django.urls import path

from tinhso.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.OrgUnitListView.as_view(), name="list"),
    path("add/", views.AgencyCreateView.as_view(), name="create"),
    path("import/", views.AgenciesImportView.as_view(), name="import"),
    path("load/", views.LoadProvinceView.as_view(), name="load"),
    path("<str:code>/", views.OrgUnitDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.OrgUnitEditView.as_view(), name="edit"),
    path("<str:code>/merge/", views.SuccessionView.as_view(), name="merge"),
]
