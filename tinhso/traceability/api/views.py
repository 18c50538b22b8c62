"""/api/v1/traceability/… endpoints of the registry. Reads are scoped by the policies; every
write goes through tinhso.traceability.services. Nothing is deleted but a product link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from tinhso.core.api import NO_DELETE, ScopedViewSet, documented
from tinhso.core.policies import ADD
from tinhso.traceability import services
from tinhso.traceability.api.serializers import (
    BatchSerializer,
    EnterpriseSerializer,
    LocationSerializer,
    ProductLinkSerializer,
    ProductSerializer,
    SerialBulkResultSerializer,
    SerialBulkSerializer,
    SerialSerializer,
)
from tinhso.traceability.filtersets import (
    BatchFilterSet,
    EnterpriseFilterSet,
    LocationFilterSet,
    ProductFilterSet,
    ProductLinkFilterSet,
    SerialFilterSet,
)
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial
from tinhso.traceability.permissions import (
    BatchPolicy,
    EnterprisePolicy,
    LocationPolicy,
    ProductLinkPolicy,
    ProductPolicy,
    SerialPolicy,
)

TAG = ["traceability"]


class RegistryViewSet(ScopedViewSet):
    """Create and update through the services. ``parent`` is the field naming the row the new
    one belongs to (its enterprise or product): passed to the create service, fixed after."""

    http_method_names = NO_DELETE
    create_service: Callable[..., Any]
    update_service: Callable[..., Any]
    argument: ClassVar[str]
    parent: ClassVar[str]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = self.service_data(serializer)
        serializer.instance = type(self).create_service(actor=self.request.user, **data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data = self.service_data(serializer)
        parent = data.pop(self.parent, None)
        if parent is not None and parent != getattr(serializer.instance, self.parent):
            raise ValidationError({self.parent: _("This field cannot be changed.")})
        target = {self.argument: serializer.instance}
        serializer.instance = type(self).update_service(actor=self.request.user, **target, **data)

    def service_data(self, serializer: BaseSerializer[Any]) -> dict[str, Any]:
        return dict(serializer.validated_data)


@documented("enterprises", TAG)
class EnterpriseViewSet(RegistryViewSet):
    """Enterprises. The center registers them and sets their ``users``; an enterprise changes
    its own contact details and GLN."""

    policy = EnterprisePolicy()
    queryset = Enterprise.objects.select_related("org_unit").prefetch_related("users")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    create_service = services.register_enterprise

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        enterprise: Enterprise = serializer.instance  # type: ignore[assignment]
        data = dict(serializer.validated_data)
        users = data.pop("users", None)
        actor = self.request.user
        if users is not None and set(users) != set(enterprise.users.all()):
            services.link_enterprise_users(actor=actor, enterprise=enterprise, users=users)
        serializer.instance = services.update_enterprise(actor=actor, enterprise=enterprise, **data)


@documented("locations", TAG)
class LocationViewSet(RegistryViewSet):
    """Farms, plants, warehouses and shops of enterprises."""

    policy = LocationPolicy()
    queryset = Location.objects.select_related("org_unit")
    serializer_class = LocationSerializer
    filterset_class = LocationFilterSet
    create_service = services.create_location
    update_service = services.update_location
    argument = "location"
    parent = "enterprise"


@documented("products", TAG)
class ProductViewSet(RegistryViewSet):
    """Products with their GTIN, certifications and image (multipart/form-data)."""

    policy = ProductPolicy()
    queryset = Product.objects.select_related("enterprise")
    serializer_class = ProductSerializer
    filterset_class = ProductFilterSet
    create_service = services.create_product
    update_service = services.update_product
    argument = "product"
    parent = "enterprise"

    def service_data(self, serializer: BaseSerializer[Any]) -> dict[str, Any]:
        data = dict(serializer.validated_data)
        if "certifications" in data:
            data["certifications"] = [
                {**item, "valid_until": _iso(item.get("valid_until"))}
                for item in data["certifications"]
            ]
        if "image" in data and data["image"] is None:
            data.pop("image")
            data["remove_image"] = True
        return data


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


@documented("batches", TAG)
class BatchViewSet(RegistryViewSet):
    """Batches (lots) of products."""

    policy = BatchPolicy()
    queryset = Batch.objects.select_related("product")
    serializer_class = BatchSerializer
    filterset_class = BatchFilterSet
    create_service = services.create_batch
    update_service = services.update_batch
    argument = "batch"
    parent = "product"


@extend_schema_view(
    list=extend_schema(summary="List serial numbers", tags=TAG),
    retrieve=extend_schema(summary="Read one serial number", tags=TAG),
    create=extend_schema(summary="Register one serial number", tags=TAG),
)
class SerialViewSet(ScopedViewSet):
    """Serial numbers of products; ``bulk`` registers many at once."""

    http_method_names = ["get", "post", "head", "options"]
    policy = SerialPolicy()
    queryset = Serial.objects.select_related("product")
    serializer_class = SerialSerializer
    filterset_class = SerialFilterSet

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        created = services.add_serials(
            actor=self.request.user,
            product=data["product"],
            batch=data.get("batch"),
            serials=[data["serial"]],
        )
        serializer.instance = created[0]

    @extend_schema(
        request=SerialBulkSerializer,
        responses={201: SerialBulkResultSerializer},
        summary="Register many serial numbers: a list, or a range from first to last",
        tags=TAG,
    )
    @action(detail=False, methods=["post"], policy_action=ADD)
    def bulk(self, request: Request) -> Response:
        given = SerialBulkSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        data = given.validated_data
        serials = data.get("serials")
        if serials is None:
            if not (data.get("first") and data.get("last")):
                raise ValidationError(
                    _("Give the serial numbers, or the first and last numbers of a range.")
                )
            serials = services.serial_range(data["first"], data["last"])
        created = services.add_serials(
            actor=request.user, product=data["product"], batch=data.get("batch"), serials=serials
        )
        body = {
            "created": len(created),
            "first": created[0].serial if created else None,
            "last": created[-1].serial if created else None,
        }
        return Response(SerialBulkResultSerializer(body).data, status=status.HTTP_201_CREATED)


@documented("product links", TAG)
class ProductLinkViewSet(RegistryViewSet):
    """Where a product's QR code may lead: typed links of the GS1 Web Vocabulary."""

    http_method_names = [*NO_DELETE, "delete"]
    policy = ProductLinkPolicy()
    queryset = ProductLink.objects.select_related("product")
    serializer_class = ProductLinkSerializer
    filterset_class = ProductLinkFilterSet
    create_service = services.create_product_link
    update_service = services.update_product_link
    argument = "link"
    parent = "product"

    def perform_destroy(self, instance: ProductLink) -> None:
        services.delete_product_link(actor=self.request.user, link=instance)
