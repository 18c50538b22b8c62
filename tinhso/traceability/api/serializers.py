"""Serializers of the traceability API. Communes are named by code, accounts by username,
everything of this module by id. A GTIN may be sent with 8, 12, 13 or 14 digits and is
answered with 14. The services validate; these shape the input and answer."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tinhso.accounts.models import User
from tinhso.core.policies import VIEW, Policy
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.models import (
    Batch,
    Enterprise,
    Location,
    Product,
    ProductLink,
    Serial,
)
from tinhso.traceability.permissions import (
    BatchPolicy,
    EnterprisePolicy,
    LocationPolicy,
    ProductPolicy,
)
from tinhso.traceability.services import SERIALS_AT_ONCE

STAMPS = ["created_at", "updated_at"]
# Quantities as strings of up to three decimals (a JSON number could lose digits).
QUANTITY: dict[str, Any] = {"max_digits": 14, "decimal_places": 3}


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A row of this module by id, among those the requesting user may read: any other id
    answers "does not exist", whether or not it does."""

    def __init__(self, policy: Policy, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        assert queryset is not None  # every field here is given its model's rows
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        return self.policy.scope(queryset, request.user, VIEW)


def _related(policy: Policy, model: type[Model], **kwargs: Any) -> ScopedRelatedField:
    return ScopedRelatedField(policy, queryset=model._default_manager.all(), **kwargs)


def _commune(**kwargs: Any) -> Any:
    return serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), allow_null=True, required=False, **kwargs
    )


class EnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    """An enterprise; ``users`` (usernames of enterprise-role accounts) is the center's to set."""

    org_unit = _commune(help_text="The commune or ward, by its official code.")
    users = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), many=True, required=False
    )

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "tax_code", "gs1_company_prefix", "gln", "org_unit", "address",
            "representative", "phone", "email", "users", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        # One enterprise per tax code: the service says so on the field.
        extra_kwargs: dict[str, dict[str, Any]] = {"tax_code": {"validators": []}}


class LocationSerializer(serializers.ModelSerializer[Location]):
    """A location; without a GLN it is given ``local_code`` LC-<commune code>-<n>."""

    enterprise = _related(EnterprisePolicy(), Enterprise)
    org_unit = _commune(help_text="The commune or ward, by its official code.")
    identifier = serializers.CharField(read_only=True, help_text="The GLN, else the local code.")
    # The ranges are the service's to check, so that its message names them.
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, allow_null=True, required=False, help_text="-90 to 90"
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, required=False, help_text="-180 to 180"
    )

    class Meta:
        model = Location
        fields = [
            "id", "enterprise", "name", "kind", "gln", "local_code", "identifier", "org_unit",
            "address", "latitude", "longitude", *STAMPS,
        ]  # fmt: skip
        read_only_fields = ["local_code", *STAMPS]
        validators: list[Any] = []


class CertificationSerializer(serializers.Serializer[dict[str, Any]]):
    """A standard or certification: VietGAP, OCOP 4 stars, organic…"""

    name = serializers.CharField(max_length=100)
    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class ProductSerializer(serializers.ModelSerializer[Product]):
    """A product. ``warnings`` are doubts about its GTIN (another company prefix, or not from
    GS1 Vietnam), never refusals. Send ``image`` as multipart/form-data."""

    enterprise = _related(EnterprisePolicy(), Enterprise)
    gtin = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="8, 12, 13 or 14 digits; answered as 14.",
    )
    certifications = CertificationSerializer(many=True, required=False)
    image = serializers.FileField(required=False, allow_null=True, use_url=False)
    net_content = serializers.DecimalField(
        max_digits=12, decimal_places=3, allow_null=True, required=False, help_text="0 or more"
    )
    digital_link_path = serializers.CharField(read_only=True, help_text="/01/{gtin}, or ''.")
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id", "enterprise", "gtin", "name", "name_en", "description", "category",
            "certifications", "net_content", "net_content_unit", "image", "digital_link_path",
            "warnings", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        validators: list[Any] = []

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, product: Product) -> list[str]:
        return product.gtin_warnings()


class BatchSerializer(serializers.ModelSerializer[Batch]):
    product = _related(ProductPolicy(), Product)
    origin = _related(LocationPolicy(), Location, allow_null=True, required=False)
    quantity = serializers.DecimalField(**QUANTITY, help_text="0 or more")
    digital_link_path = serializers.CharField(
        read_only=True, help_text="/01/{gtin}/10/{lot}, or '' when the product has no GTIN."
    )

    class Meta:
        model = Batch
        fields = [
            "id", "product", "lot", "production_date", "expiry_date", "quantity",
            "quantity_unit", "origin", "digital_link_path", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        validators: list[Any] = []


class SerialSerializer(serializers.ModelSerializer[Serial]):
    product = _related(ProductPolicy(), Product)
    batch = _related(BatchPolicy(), Batch, allow_null=True, required=False)
    digital_link_path = serializers.CharField(read_only=True)

    class Meta:
        model = Serial
        fields = ["id", "product", "batch", "serial", "digital_link_path", "created_at"]
        read_only_fields = ["created_at"]
        validators: list[Any] = []


class SerialBulkSerializer(serializers.Serializer[dict[str, Any]]):
    """Many serial numbers of one product (and optionally batch): a list, or a range from
    ``first`` to ``last`` (same beginning, trailing digits). All or none."""

    product = _related(ProductPolicy(), Product)
    batch = _related(BatchPolicy(), Batch, allow_null=True, required=False)
    serials = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=SERIALS_AT_ONCE,
    )
    first = serializers.CharField(required=False, max_length=20)
    last = serializers.CharField(required=False, max_length=20)


class SerialBulkResultSerializer(serializers.Serializer[dict[str, Any]]):
    created = serializers.IntegerField(help_text="How many serial numbers were registered.")
    first = serializers.CharField(allow_null=True)
    last = serializers.CharField(allow_null=True)


class ProductLinkSerializer(serializers.ModelSerializer[ProductLink]):
    """A typed link (GS1 Web Vocabulary) of a product's QR code."""

    product = _related(ProductPolicy(), Product)

    class Meta:
        model = ProductLink
        fields = [
            "id", "product", "link_type", "href", "title", "language", "media_type",
            "is_default", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        validators: list[Any] = []
