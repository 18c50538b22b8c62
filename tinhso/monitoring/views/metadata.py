"""Pages where center staff define what is measured: categories, data elements, indicator
groups, indicators, validation rules, data sets and targets. Everyone who reports or reads the
figures may look; only center staff and administrators change anything, through
tinhso.monitoring.metadata."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.selectors import history_of
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ScopedView,
    ServiceFormView,
)
from tinhso.monitoring import metadata as services
from tinhso.monitoring import references
from tinhso.monitoring.filtersets import (
    CategoryFilterSet,
    DataElementFilterSet,
    DataSetFilterSet,
    IndicatorFilterSet,
    IndicatorGroupFilterSet,
    TargetFilterSet,
    ValidationRuleFilterSet,
)
from tinhso.monitoring.forms.metadata import (
    CategoryForm,
    DataElementForm,
    DataSetForm,
    IndicatorForm,
    IndicatorGroupForm,
    MetadataForm,
    TargetForm,
    ValidationRuleForm,
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
from tinhso.monitoring.tables import (
    CategoryTable,
    DataElementTable,
    DataSetTable,
    IndicatorGroupTable,
    IndicatorTable,
    TargetTable,
    ValidationRuleTable,
    shown_number,
)

policy = MetadataPolicy()
TEMPLATES = "monitoring/metadata"


def detail_url(obj: Model) -> str:
    """The page of a metadata object: by code, a target by its id."""
    if isinstance(obj, Target):
        return reverse("monitoring:target_detail", kwargs={"pk": obj.pk})
    kind = KINDS[type(obj)]
    return reverse(f"monitoring:{kind}_detail", kwargs={"code": obj.code})  # type: ignore[attr-defined]


KINDS: dict[type[Model], str] = {
    Category: "category",
    DataElement: "element",
    IndicatorGroup: "group",
    Indicator: "indicator",
    DataSet: "dataset",
    ValidationRule: "rule",
    Target: "target",
}


class SetupView(ScopedView):
    """The index of monitoring configuration: each kind of metadata and how many there are."""

    policy = policy

    def get(self, request: HttpRequest) -> HttpResponse:
        sections = [
            (gettext_lazy("Data elements"), "element", DataElement.objects.count(),
             gettext_lazy("What units report, with value type, aggregation and disaggregation.")),
            (gettext_lazy("Disaggregation categories"), "category",
             Category.objects.exclude(code=DEFAULT_CODE).count(),
             gettext_lazy("Ways to split a value, such as sex or ethnic minority.")),
            (gettext_lazy("Indicators"), "indicator", Indicator.objects.count(),
             gettext_lazy("Figures computed from data elements: numerator / denominator.")),
            (gettext_lazy("Indicator groups"), "group", IndicatorGroup.objects.count(),
             gettext_lazy("Frameworks and programmes, such as Resolution 57.")),
            (gettext_lazy("Data sets"), "dataset", DataSet.objects.count(),
             gettext_lazy("Which units report which elements, how often and by when.")),
            (gettext_lazy("Validation rules"), "rule", ValidationRule.objects.count(),
             gettext_lazy("Checks between values of one report, shown to reporters when broken.")),
            (gettext_lazy("Targets"), "target", Target.objects.count(),
             gettext_lazy("Where an indicator should be for a unit in a year, and its baseline.")),
        ]  # fmt: skip
        context = {"sections": sections, "can_add": policy.can(request.user, ADD)}
        return render(request, f"{TEMPLATES}/setup.html", context)


# Bases -----------------------------------------------------------------------------------------


class MetadataListView(ScopedListView):
    policy = policy
    template_name = f"{TEMPLATES}/list.html"
    kind: ClassVar[str]
    title: ClassVar[Promise]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["list_url"] = reverse(f"monitoring:{self.kind}_list")
        context["create_url"] = reverse(f"monitoring:{self.kind}_create")
        context["can_add"] = policy.can(self.request.user, ADD)
        return context


class MetadataDetailView(ScopedDetailView):
    policy = policy
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_template_names(self) -> list[str]:
        return [f"{TEMPLATES}/{KINDS[self.model]}_detail.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        kind = KINDS[self.model]
        lookup = {"pk": obj.pk} if kind == "target" else {"code": obj.code}
        context["list_url"] = reverse(f"monitoring:{kind}_list")
        context["edit_url"] = reverse(f"monitoring:{kind}_edit", kwargs=lookup)
        context["delete_url"] = reverse(f"monitoring:{kind}_delete", kwargs=lookup)
        context["can_change"] = policy.can(user, CHANGE, obj)
        context["can_delete"] = policy.can(user, DELETE, obj)
        context["entries"] = history_of(obj, user)
        return context


class MetadataCreateView(ServiceFormView):
    policy = policy
    policy_action = ADD
    service: ClassVar[Callable[..., Model]]  # the create_* function
    success_message = gettext_lazy("Saved.")  # type: ignore[assignment]

    def perform(self, data: dict[str, Any]) -> Model:
        return type(self).service(actor=self.request.user, **data)

    def get_success_url_for(self, result: Any) -> str:
        return detail_url(result)


class MetadataEditView(ScopedObjectMixin, ServiceFormView):
    policy = policy
    policy_action = CHANGE
    lookup = "code"
    service: ClassVar[Callable[..., Model]]  # the update_* function
    argument: ClassVar[str]
    success_message = gettext_lazy("Saved.")  # type: ignore[assignment]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        obj = self.get_object()
        kwargs["initial"] = self.form_class.initial_from(obj)  # type: ignore[union-attr]
        if issubclass(self.form_class, MetadataForm):  # type: ignore[arg-type]
            kwargs["fixed"] = services.fixed_fields(obj)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit %(object)s") % {"object": self.get_object()}
        context["cancel_url"] = detail_url(self.get_object())
        return context

    def perform(self, data: dict[str, Any]) -> Model:
        # A fixed field is disabled: it posts the current value, which the service accepts.
        target = {self.argument: self.get_object()}
        return type(self).service(actor=self.request.user, **target, **data)

    def get_success_url_for(self, result: Any) -> str:
        return detail_url(result)


class MetadataDeleteView(ScopedObjectMixin, ScopedView):
    """Delete on POST (the detail page's button asks first); refused while data refer to it."""

    policy = policy
    policy_action = DELETE
    lookup = "code"
    service: ClassVar[Callable[..., None]]  # the delete_* function
    http_method_names = ["post"]
    argument: ClassVar[str]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            type(self).service(actor=request.user, **{self.argument: obj})
        except ValidationError as exc:
            messages.error(request, _("It cannot be deleted: %(reasons)s") % {
                "reasons": " ".join(exc.messages),
            })  # fmt: skip
            return redirect(detail_url(obj))
        messages.success(request, _("Deleted."))
        return redirect(f"monitoring:{KINDS[self.model]}_list")


# Categories ------------------------------------------------------------------------------------


class CategoryListView(MetadataListView):
    model = Category
    table_class = CategoryTable
    filterset_class = CategoryFilterSet
    queryset = Category.objects.exclude(code=DEFAULT_CODE).prefetch_related("options")
    kind = "category"
    title = gettext_lazy("Disaggregation categories")


class CategoryDetailView(MetadataDetailView):
    model = Category

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        category = self.object
        context["options"] = category.options.order_by("sort_order", "code")
        context["elements"] = category.data_elements.order_by("code")
        context["can_change"] &= category.code != DEFAULT_CODE
        context["can_delete"] &= category.code != DEFAULT_CODE
        return context


class CategoryCreateView(MetadataCreateView):
    form_class = CategoryForm
    cancel_url_name = "monitoring:category_list"
    extra_context = {"title": gettext_lazy("New disaggregation category")}
    service = services.create_category


class CategoryEditView(MetadataEditView):
    model = Category
    form_class = CategoryForm
    service = services.update_category
    argument = "category"


class CategoryDeleteView(MetadataDeleteView):
    model = Category
    service = services.delete_category
    argument = "category"


# Data elements ---------------------------------------------------------------------------------


class DataElementListView(MetadataListView):
    model = DataElement
    table_class = DataElementTable
    filterset_class = DataElementFilterSet
    queryset = DataElement.objects.select_related("category")
    kind = "element"
    title = gettext_lazy("Data elements")


class DataElementDetailView(MetadataDetailView):
    model = DataElement
    queryset = DataElement.objects.select_related("category")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        element = self.object
        data_sets = element.data_sets.annotate(unit_count=Count("org_units"))
        context["data_sets"] = data_sets.order_by("code")
        context["options"] = element.category.options.all() if element.category else []
        context["indicators"] = references.indicators_using(element)
        context["rules"] = references.rules_using(element)
        context["minimum"] = shown_number(element.min_value)
        context["maximum"] = shown_number(element.max_value)
        return context


class DataElementCreateView(MetadataCreateView):
    form_class = DataElementForm
    cancel_url_name = "monitoring:element_list"
    extra_context = {"title": gettext_lazy("New data element")}
    service = services.create_data_element


class DataElementEditView(MetadataEditView):
    model = DataElement
    form_class = DataElementForm
    service = services.update_data_element
    argument = "element"


class DataElementDeleteView(MetadataDeleteView):
    model = DataElement
    service = services.delete_data_element
    argument = "element"


# Indicator groups ------------------------------------------------------------------------------


class IndicatorGroupListView(MetadataListView):
    model = IndicatorGroup
    table_class = IndicatorGroupTable
    filterset_class = IndicatorGroupFilterSet
    # Aggregates drop the model's ordering, and pagination needs one.
    queryset = IndicatorGroup.objects.annotate(indicator_count=Count("indicators")).order_by("code")
    kind = "group"
    title = gettext_lazy("Indicator groups")


class IndicatorGroupDetailView(MetadataDetailView):
    model = IndicatorGroup

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["indicators"] = self.object.indicators.order_by("code")
        return context


class IndicatorGroupCreateView(MetadataCreateView):
    form_class = IndicatorGroupForm
    cancel_url_name = "monitoring:group_list"
    extra_context = {"title": gettext_lazy("New indicator group")}
    service = services.create_indicator_group


class IndicatorGroupEditView(MetadataEditView):
    model = IndicatorGroup
    form_class = IndicatorGroupForm
    service = services.update_indicator_group
    argument = "group"


class IndicatorGroupDeleteView(MetadataDeleteView):
    model = IndicatorGroup
    service = services.delete_indicator_group
    argument = "group"


# Indicators ------------------------------------------------------------------------------------


class IndicatorListView(MetadataListView):
    model = Indicator
    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    queryset = Indicator.objects.prefetch_related("groups")
    kind = "indicator"
    title = gettext_lazy("Indicators")


class IndicatorDetailView(MetadataDetailView):
    model = Indicator

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        indicator = self.object
        targets = indicator.targets.select_related("org_unit").order_by("-year", "org_unit__path")
        context["groups"] = indicator.groups.order_by("code")
        context["targets"] = TargetTable(targets, orderable=False, exclude=["indicator"])
        context["elements"] = references.elements_named_by(indicator)
        context["factor"] = shown_number(indicator.factor)
        context["target_create_url"] = (
            reverse("monitoring:target_create") + f"?indicator={indicator.code}"
        )
        context["can_add_target"] = policy.can(self.request.user, ADD)
        return context


class IndicatorCreateView(MetadataCreateView):
    form_class = IndicatorForm
    cancel_url_name = "monitoring:indicator_list"
    extra_context = {"title": gettext_lazy("New indicator")}
    service = services.create_indicator


class IndicatorEditView(MetadataEditView):
    model = Indicator
    form_class = IndicatorForm
    service = services.update_indicator
    argument = "indicator"


class IndicatorDeleteView(MetadataDeleteView):
    model = Indicator
    service = services.delete_indicator
    argument = "indicator"


# Validation rules ------------------------------------------------------------------------------


class ValidationRuleListView(MetadataListView):
    model = ValidationRule
    table_class = ValidationRuleTable
    filterset_class = ValidationRuleFilterSet
    queryset = ValidationRule.objects.all()
    kind = "rule"
    title = gettext_lazy("Validation rules")


class ValidationRuleDetailView(MetadataDetailView):
    model = ValidationRule

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["elements"] = references.elements_named_by(self.object)
        return context


class ValidationRuleCreateView(MetadataCreateView):
    form_class = ValidationRuleForm
    cancel_url_name = "monitoring:rule_list"
    extra_context = {"title": gettext_lazy("New validation rule")}
    service = services.create_validation_rule


class ValidationRuleEditView(MetadataEditView):
    model = ValidationRule
    form_class = ValidationRuleForm
    service = services.update_validation_rule
    argument = "rule"


class ValidationRuleDeleteView(MetadataDeleteView):
    model = ValidationRule
    service = services.delete_validation_rule
    argument = "rule"


# Data sets -------------------------------------------------------------------------------------


class DataSetListView(MetadataListView):
    model = DataSet
    table_class = DataSetTable
    filterset_class = DataSetFilterSet
    queryset = DataSet.objects.annotate(
        element_count=Count("elements", distinct=True),
        unit_count=Count("org_units", distinct=True),
    ).order_by("code")
    kind = "dataset"
    title = gettext_lazy("Data sets")


class DataSetDetailView(MetadataDetailView):
    model = DataSet

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        data_set = self.object
        context["elements"] = data_set.elements.select_related("category").order_by("code")
        context["org_units"] = data_set.org_units.select_related("parent").order_by("path")
        return context


class DataSetCreateView(MetadataCreateView):
    form_class = DataSetForm
    cancel_url_name = "monitoring:dataset_list"
    extra_context = {"title": gettext_lazy("New data set")}
    service = services.create_data_set


class DataSetEditView(MetadataEditView):
    model = DataSet
    form_class = DataSetForm
    service = services.update_data_set
    argument = "data_set"


class DataSetDeleteView(MetadataDeleteView):
    model = DataSet
    service = services.delete_data_set
    argument = "data_set"


# Targets ---------------------------------------------------------------------------------------


class TargetListView(MetadataListView):
    model = Target
    table_class = TargetTable
    filterset_class = TargetFilterSet
    queryset = Target.objects.select_related("indicator", "org_unit")
    kind = "target"
    title = gettext_lazy("Targets")


class TargetDetailView(MetadataDetailView):
    model = Target
    queryset = Target.objects.select_related("indicator", "org_unit")
    slug_field = None  # type: ignore[assignment]
    slug_url_kwarg = None  # type: ignore[assignment]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.object
        context["value"] = shown_number(target.value)
        context["baseline"] = shown_number(target.baseline)
        return context


class TargetCreateView(MetadataCreateView):
    form_class = TargetForm
    cancel_url_name = "monitoring:target_list"
    extra_context = {"title": gettext_lazy("New target")}
    service = services.create_target

    def get_initial(self) -> dict[str, Any]:
        """``?indicator=CODE`` chooses the indicator, as the indicator's page links here."""
        initial = super().get_initial()
        code = self.request.GET.get("indicator")
        indicator = Indicator.objects.filter(code=code).first() if code else None
        if indicator is not None:
            initial["indicator"] = indicator
        return initial


class TargetEditView(MetadataEditView):
    model = Target
    lookup = "pk"
    form_class = TargetForm
    service = services.update_target
    argument = "target"


class TargetDeleteView(MetadataDeleteView):
    model = Target
    lookup = "pk"
    service = services.delete_target
    argument = "target"
