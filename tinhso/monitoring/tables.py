"""Tables of the monitoring metadata lists."""

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from tinhso.monitoring.models import (
    Category,
    DataElement,
    DataSet,
    Indicator,
    IndicatorGroup,
    Target,
    ValidationRule,
)

ATTRS = {"class": "table table-hover table-sm bg-white"}


def _linked(url_name: str, label: Any, **kwargs: Any) -> tables.Column:
    """A column linking to the object's page, addressed by its code."""
    link = (f"monitoring:{url_name}", {"code": tables.A("code")})
    return tables.Column(linkify=link, verbose_name=label, **kwargs)


class CategoryTable(tables.Table):  # type: ignore[misc]
    code = _linked("category_detail", _("Code"))
    name = _linked("category_detail", _("Name"))
    options = tables.ManyToManyColumn(verbose_name=_("Options"), orderable=False)

    class Meta:
        model = Category
        fields = ["code", "name", "options"]
        attrs = {**ATTRS, "data-testid": "category-table"}


class DataElementTable(tables.Table):  # type: ignore[misc]
    code = _linked("element_detail", _("Code"))
    name = _linked("element_detail", _("Name"))
    national_code = tables.Column(verbose_name=_("National code"), default="—")
    value_type = tables.Column(verbose_name=_("Value type"))
    aggregation = tables.Column(verbose_name=_("Aggregation"))
    category = tables.Column(
        verbose_name=_("Disaggregation"), order_by=("category__code",), default="—"
    )
    unit = tables.Column(verbose_name=_("Unit of measure"), default="—")

    class Meta:
        model = DataElement
        fields = ["code", "name", "national_code", "value_type", "aggregation", "category", "unit"]
        attrs = {**ATTRS, "data-testid": "element-table"}


class IndicatorGroupTable(tables.Table):  # type: ignore[misc]
    code = _linked("group_detail", _("Code"))
    name = _linked("group_detail", _("Name"))
    national_code = tables.Column(verbose_name=_("National code"), default="—")
    indicator_count = tables.Column(verbose_name=_("Indicators"))

    class Meta:
        model = IndicatorGroup
        fields = ["code", "name", "national_code", "indicator_count"]
        attrs = {**ATTRS, "data-testid": "group-table"}


class IndicatorTable(tables.Table):  # type: ignore[misc]
    code = _linked("indicator_detail", _("Code"))
    name = _linked("indicator_detail", _("Name"))
    national_code = tables.Column(verbose_name=_("National code"), default="—")
    groups = tables.ManyToManyColumn(verbose_name=_("Groups"), orderable=False)
    unit = tables.Column(verbose_name=_("Unit of measure"), default="—")
    direction = tables.Column(verbose_name=_("Direction"))

    class Meta:
        model = Indicator
        fields = ["code", "name", "national_code", "groups", "unit", "direction"]
        attrs = {**ATTRS, "data-testid": "indicator-table"}


class ValidationRuleTable(tables.Table):  # type: ignore[misc]
    code = _linked("rule_detail", _("Code"))
    name = _linked("rule_detail", _("Message"))
    left = tables.Column(verbose_name=_("Left side"), orderable=False)
    operator = tables.Column(verbose_name=_("Operator"), orderable=False)
    right = tables.Column(verbose_name=_("Right side"), orderable=False)

    class Meta:
        model = ValidationRule
        fields = ["code", "name", "left", "operator", "right"]
        attrs = {**ATTRS, "data-testid": "rule-table"}

    def render_operator(self, record: ValidationRule) -> str:
        return record.operator  # the symbol reads better between two expressions than words


class DataSetTable(tables.Table):  # type: ignore[misc]
    code = _linked("dataset_detail", _("Code"))
    name = _linked("dataset_detail", _("Name"))
    period_type = tables.Column(verbose_name=_("Period type"))
    element_count = tables.Column(verbose_name=_("Data elements"))
    unit_count = tables.Column(verbose_name=_("Reporting units"))
    deadline_days = tables.Column(verbose_name=_("Deadline (days)"))

    class Meta:
        model = DataSet
        fields = ["code", "name", "period_type", "element_count", "unit_count", "deadline_days"]
        attrs = {**ATTRS, "data-testid": "dataset-table"}


TARGET_LINK = ("monitoring:target_detail", {"pk": tables.A("pk")})


class TargetTable(tables.Table):  # type: ignore[misc]
    indicator = tables.Column(
        verbose_name=_("Indicator"), linkify=TARGET_LINK, order_by=("indicator__code",)
    )
    org_unit = tables.Column(verbose_name=_("Org unit"), order_by=("org_unit__path",))
    year = tables.Column(verbose_name=_("Year"), linkify=TARGET_LINK)
    value = tables.Column(verbose_name=_("Target"))
    baseline = tables.Column(verbose_name=_("Baseline"), default="—")
    baseline_year = tables.Column(verbose_name=_("Baseline year"), default="—")

    class Meta:
        model = Target
        fields = ["indicator", "org_unit", "year", "value", "baseline", "baseline_year"]
        attrs = {**ATTRS, "data-testid": "target-table"}

    def render_value(self, value: Any) -> str:
        return shown_number(value)

    def render_baseline(self, value: Any) -> str:
        return shown_number(value)

    def render_year(self, value: int) -> str:
        return str(value)  # not 2.030: a year takes no thousands separator

    def render_baseline_year(self, value: int) -> str:
        return str(value)


def shown_number(number: Decimal | None) -> str:
    """A stored decimal in the page's language without trailing zeros: 95.500000 is "95,5"."""
    if number is None:
        return "—"
    return formats.number_format(Decimal(format(number.normalize(), "f")))
