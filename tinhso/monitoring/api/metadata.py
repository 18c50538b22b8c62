"""Monitoring metadata over REST, named as DHIS2 names its collections (``dataElements``,
``indicatorGroups``, ``validationRules``…) and addressed by code (targets by id). Everyone who
may see the figures reads; center staff and administrators write, through
tinhso.monitoring.metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from tinhso.core.api import ScopedViewSet
from tinhso.monitoring import metadata as services
from tinhso.monitoring.filtersets import (
    CategoryFilterSet,
    DataElementFilterSet,
    DataSetFilterSet,
    IndicatorFilterSet,
    IndicatorGroupFilterSet,
    TargetFilterSet,
    ValidationRuleFilterSet,
)
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    Category,
    DataElement,
    DataSet,
    Indicator,
    IndicatorGroup,
    Target,
    ValidationRule,
)
from tinhso.monitoring.permissions import MetadataPolicy
from tinhso.orgunits.models import OrgUnit

CODED = ["code", "national_code", "name", "name_en", "description"]
STAMPS = ["created_at", "updated_at"]
# The services check codes (format, uniqueness, immutability) and name the field themselves.
CODE_CHECKED_BY_SERVICE: dict[str, dict[str, Any]] = {"code": {"validators": []}}


def _codes(model: type[Model], *, read_only: bool = False, **kwargs: Any) -> Any:
    """Related metadata named by code, one or many."""
    if read_only:
        return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)
    return serializers.SlugRelatedField(
        slug_field="code", queryset=model._default_manager.all(), **kwargs
    )


# Serializers -----------------------------------------------------------------------------------


class CategoryOptionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    sort_order = serializers.IntegerField(read_only=True)


class CategorySerializer(serializers.ModelSerializer[Category]):
    options = CategoryOptionSerializer(many=True, help_text="In display order; matched by code.")

    class Meta:
        model = Category
        fields = [*CODED, "options", *STAMPS]
        read_only_fields = STAMPS
        extra_kwargs = CODE_CHECKED_BY_SERVICE


class DataElementSerializer(serializers.ModelSerializer[DataElement]):
    category = _codes(Category, allow_null=True, required=False)
    data_sets = _codes(DataSet, read_only=True, many=True)

    class Meta:
        model = DataElement
        fields = [
            *CODED, "value_type", "unit", "aggregation", "direction", "category",
            "min_value", "max_value", "data_sets", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        extra_kwargs = CODE_CHECKED_BY_SERVICE


class IndicatorGroupSerializer(serializers.ModelSerializer[IndicatorGroup]):
    indicators = _codes(Indicator, read_only=True, many=True)

    class Meta:
        model = IndicatorGroup
        fields = [*CODED, "indicators", *STAMPS]
        read_only_fields = STAMPS
        extra_kwargs = CODE_CHECKED_BY_SERVICE


# Explicit bounds for small integers: left to the model, they come from the database backend
# (SQLite and PostgreSQL differ) and the committed schema would depend on where it was made.
SMALL_COUNT = {"min_value": 0, "max_value": 10}
DAYS = {"min_value": 0, "max_value": 366}
YEAR = {"min_value": 2000, "max_value": 2100}


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    groups = _codes(IndicatorGroup, many=True, required=False)

    class Meta:
        model = Indicator
        fields = [
            *CODED, "numerator", "denominator", "factor", "decimals", "unit", "direction",
            "groups", "green_from", "amber_from", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        extra_kwargs = {**CODE_CHECKED_BY_SERVICE, "decimals": SMALL_COUNT}


class ValidationRuleSerializer(serializers.ModelSerializer[ValidationRule]):
    class Meta:
        model = ValidationRule
        fields = [*CODED, "left", "operator", "right", *STAMPS]
        read_only_fields = STAMPS
        extra_kwargs = {
            **CODE_CHECKED_BY_SERVICE,
            "name": {"help_text": "The message a reporter sees when the rule is broken."},
        }


class DataSetSerializer(serializers.ModelSerializer[DataSet]):
    elements = _codes(DataElement, many=True)
    org_units = _codes(OrgUnit, many=True, required=False)

    class Meta:
        model = DataSet
        fields = [
            *CODED, "period_type", "elements", "org_units", "deadline_days", "late_days",
            "computed", *STAMPS,
        ]  # fmt: skip
        # Set by the catalogue beside the module that feeds the set, not by API clients.
        read_only_fields = ["computed", *STAMPS]
        extra_kwargs = {**CODE_CHECKED_BY_SERVICE, "deadline_days": DAYS, "late_days": DAYS}


class TargetSerializer(serializers.ModelSerializer[Target]):
    indicator = _codes(Indicator)
    org_unit = _codes(OrgUnit)

    class Meta:
        model = Target
        fields = ["id", "indicator", "org_unit", "year", "value", "baseline", "baseline_year"]
        extra_kwargs = {"year": YEAR, "baseline_year": YEAR}
        # One target per indicator, unit and year: the service says so on the year field.
        validators: list[Any] = []


# Viewsets --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Writes:
    """The services behind an endpoint, and the keyword that names the object to them."""

    create: Callable[..., Model]
    update: Callable[..., Model]
    delete: Callable[..., None]
    argument: str


class MetadataViewSet(ScopedViewSet):
    """List, read, create, replace, patch and delete (while nothing refers to it) by code."""

    policy = MetadataPolicy()
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9._-]+"
    writes: ClassVar[Writes]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = self.service_data(dict(serializer.validated_data))
        serializer.instance = self.writes.create(actor=self.request.user, **data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = self.service_data(dict(serializer.validated_data))
        target = {self.writes.argument: serializer.instance}
        serializer.instance = self.writes.update(actor=self.request.user, **target, **data)

    def perform_destroy(self, instance: Model) -> None:
        self.writes.delete(actor=self.request.user, **{self.writes.argument: instance})

    def service_data(self, data: dict[str, Any]) -> dict[str, Any]:
        """The validated body as the service takes it."""
        return data


def _documented(name: str) -> Callable[[type[MetadataViewSet]], type[MetadataViewSet]]:
    """Summaries for the schema, and one tag for all metadata endpoints."""
    decorate: Callable[[type[MetadataViewSet]], type[MetadataViewSet]] = extend_schema_view(
        list=extend_schema(summary=f"List {name}", tags=["metadata"]),
        retrieve=extend_schema(summary=f"Read one of the {name}", tags=["metadata"]),
        create=extend_schema(summary=f"Create one of the {name}", tags=["metadata"]),
        update=extend_schema(summary=f"Replace one of the {name}", tags=["metadata"]),
        partial_update=extend_schema(summary=f"Change one of the {name}", tags=["metadata"]),
        destroy=extend_schema(
            summary=f"Delete one of the {name} that nothing refers to", tags=["metadata"]
        ),
    )
    return decorate


@_documented("disaggregation categories")
class CategoryViewSet(MetadataViewSet):
    """Disaggregation categories with their options; the built-in "default" one is not listed."""

    queryset = Category.objects.exclude(code=DEFAULT_CODE).prefetch_related("options")
    serializer_class = CategorySerializer
    filterset_class = CategoryFilterSet
    writes = Writes(
        services.create_category, services.update_category, services.delete_category, "category"
    )

    def service_data(self, data: dict[str, Any]) -> dict[str, Any]:
        if "options" in data:
            data["options"] = [services.OptionSpec(**option) for option in data["options"]]
        return data


@_documented("data elements")
class DataElementViewSet(MetadataViewSet):
    queryset = DataElement.objects.select_related("category").prefetch_related("data_sets")
    serializer_class = DataElementSerializer
    filterset_class = DataElementFilterSet
    writes = Writes(
        services.create_data_element,
        services.update_data_element,
        services.delete_data_element,
        "element",
    )


@_documented("indicator groups")
class IndicatorGroupViewSet(MetadataViewSet):
    queryset = IndicatorGroup.objects.prefetch_related("indicators")
    serializer_class = IndicatorGroupSerializer
    filterset_class = IndicatorGroupFilterSet
    writes = Writes(
        services.create_indicator_group,
        services.update_indicator_group,
        services.delete_indicator_group,
        "group",
    )


@_documented("indicators")
class IndicatorViewSet(MetadataViewSet):
    queryset = Indicator.objects.prefetch_related("groups")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    writes = Writes(
        services.create_indicator, services.update_indicator, services.delete_indicator, "indicator"
    )


@_documented("validation rules")
class ValidationRuleViewSet(MetadataViewSet):
    """Rules between values of one report (``left operator right``), checked when a unit saves
    its form; each side is an expression over data elements, as in indicators."""

    queryset = ValidationRule.objects.all()
    serializer_class = ValidationRuleSerializer
    filterset_class = ValidationRuleFilterSet
    writes = Writes(
        services.create_validation_rule,
        services.update_validation_rule,
        services.delete_validation_rule,
        "rule",
    )


@_documented("data sets")
class DataSetViewSet(MetadataViewSet):
    queryset = DataSet.objects.prefetch_related("elements", "org_units")
    serializer_class = DataSetSerializer
    filterset_class = DataSetFilterSet
    writes = Writes(
        services.create_data_set, services.update_data_set, services.delete_data_set, "data_set"
    )


@_documented("targets")
class TargetViewSet(MetadataViewSet):
    queryset: QuerySet[Target] = Target.objects.select_related("indicator", "org_unit")
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]+"
    writes = Writes(
        services.create_target, services.update_target, services.delete_target, "target"
    )


router = SimpleRouter(trailing_slash=False)
router.register("categories", CategoryViewSet, basename="category")
router.register("dataElements", DataElementViewSet, basename="data-element")
router.register("indicatorGroups", IndicatorGroupViewSet, basename="indicator-group")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("validationRules", ValidationRuleViewSet, basename="validation-rule")
router.register("dataSets", DataSetViewSet, basename="data-set")
router.register("targets", TargetViewSet, basename="target")
urlpatterns = router.urls
