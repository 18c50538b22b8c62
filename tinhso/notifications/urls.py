from django.urls import path

from tinhso.notifications import views

app_name = "notifications"
urlpatterns: list = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("unread-count/", views.NotificationUnreadCountView.as_view(), name="unread_count"),
]
