"""/api/v1/traceability/…: the registry's endpoints under one prefix."""

from typing import Any

from rest_framework.routers import SimpleRouter

from tinhso.traceability.api import views

router = SimpleRouter()
router.register(
    "traceability/enterprises", views.EnterpriseViewSet, basename="traceability-enterprise"
)
router.register("traceability/locations", views.LocationViewSet, basename="traceability-location")
router.register("traceability/products", views.ProductViewSet, basename="traceability-product")
router.register("traceability/batches", views.BatchViewSet, basename="traceability-batch")
router.register("traceability/serials", views.SerialViewSet, basename="traceability-serial")
router.register("traceability/productLinks", views.ProductLinkViewSet, basename="traceability-link")
urlpatterns: list[Any] = [*router.urls]
