from django.urls import path, re_path

from tinhso.traceability.resolver import views

app_name = "resolver"
urlpatterns = [
    path(
        ".well-known/gs1resolver",
        views.ResolverDescriptionView.as_view(),
        name="description",
    ),
    re_path(r"^01/(?P<gtin>\d{14})/image$", views.PublicImageView.as_view(), name="image"),
    path("01/<path:rest>", views.ResolverView.as_view(), name="resolve"),
]
