"""/epcis/: the EPCIS 2.0 REST binding (paths as the standard names them, no trailing slash)."""

from django.urls import path

from tinhso.epcis.rest import views

app_name = "epcis"
urlpatterns = [
    path("capture", views.CaptureView.as_view(), name="capture"),
    path("capture/<str:capture_id>", views.CaptureJobView.as_view(), name="capture_job"),
    path("events", views.EventsView.as_view(), name="events"),
    path("events/<path:event_id>", views.EventView.as_view(), name="event"),
    path("epcs/<path:epc>/events", views.EpcEventsView.as_view(), name="epc_events"),
    path("eventTypes", views.EventTypesView.as_view(), name="event_types"),
]
