from django.urls import path

from tinhso.core import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("tasks/<uuid:pk>/", views.TaskProgressView.as_view(), name="task_progress"),
]
