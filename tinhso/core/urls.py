from django.urls import path

from tinhso.core import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tasks/<uuid:pk>/", views.TaskProgressView.as_view(), name="task_progress"),
]
