"""Forms of the monitoring metadata pages. They only shape the input; the services in
tinhso.monitoring.metadata validate it and say which field is wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.monitoring.choices import (
    Aggregation,
    Direction,
    PeriodTypeChoice,
    RuleOperator,
    ValueType,
)
from tinhso.monitoring.metadata import FIRST_YEAR, LAST_YEAR, OptionSpec
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    Category,
    DataElement,
    Indicator,
    IndicatorGroup,
)
from tinhso.orgunits.models import OrgUnit

OPTION_SEPARATOR = "|"


class CodedChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.name}"


class CodedMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.name}"


class MetadataForm(BootstrapMixin, forms.Form):
    """Code, national code, names and description; ``fixed`` fields are shown read-only, with
    the reason as their help text (a disabled field keeps the object's value)."""

    code = forms.CharField(label=_("Code"), max_length=64)
    national_code = forms.CharField(
        label=_("National code"),
        max_length=64,
        required=False,
        help_text=_("The code in the national framework (e.g. Resolution 71/NQ-CP), if any."),
    )
    name = forms.CharField(label=_("Name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, fixed: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, reason in (fixed or {}).items():
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = reason

    @classmethod
    def initial_from(cls, obj: Model) -> dict[str, Any]:
        """The form's values for an existing object; many-to-many fields as lists."""
        initial = {}
        for name in cls.base_fields:
            value = getattr(obj, name)
            initial[name] = list(value.all()) if hasattr(value, "all") else value
        return initial


class CategoryForm(MetadataForm):
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One option a line, in order: code | name | English name (optional), "
            "e.g. FEMALE | Nữ | Female."
        ),
    )

    @classmethod
    def initial_from(cls, obj: Model) -> dict[str, Any]:
        initial = {name: getattr(obj, name) for name in MetadataForm.base_fields}
        assert isinstance(obj, Category)
        initial["options"] = "\n".join(
            f" {OPTION_SEPARATOR} ".join(filter(None, (o.code, o.name, o.name_en)))
            for o in obj.options.order_by("sort_order", "code")
        )
        return initial

    def clean_options(self) -> list[OptionSpec]:
        specs = []
        for line in self.cleaned_data["options"].splitlines():
            if line.strip():
                parts = [part.strip() for part in line.split(OPTION_SEPARATOR, 2)]
                specs.append(OptionSpec(*parts + [""] * (3 - len(parts))))
        return specs


class DataElementForm(MetadataForm):
    value_type = forms.ChoiceField(label=_("Value type"), choices=ValueType.choices)
    unit = forms.CharField(label=_("Unit of measure"), max_length=60, required=False)
    aggregation = forms.ChoiceField(
        label=_("Aggregation"),
        choices=Aggregation.choices,
        help_text=_("How values combine over periods and up the org tree."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    category = CodedChoiceField(
        label=_("Disaggregation"),
        queryset=Category.objects.exclude(code=DEFAULT_CODE),
        required=False,
        empty_label=_("Not disaggregated"),
    )
    min_value = forms.DecimalField(
        label=_("Minimum"), max_digits=20, decimal_places=4, required=False
    )
    max_value = forms.DecimalField(
        label=_("Maximum"), max_digits=20, decimal_places=4, required=False
    )


class IndicatorGroupForm(MetadataForm):
    pass


EXPRESSION_HELP = _(
    "Data elements as #{CODE} or #{CODE.OPTION}; + - * / ( ), numbers, "
    "if, isNull, isNotNull, greatest, least, firstNonNull."
)


class IndicatorForm(MetadataForm):
    numerator = forms.CharField(
        label=_("Numerator"), widget=forms.Textarea(attrs={"rows": 2}), help_text=EXPRESSION_HELP
    )
    denominator = forms.CharField(
        label=_("Denominator"),
        initial="1",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("1 for a plain count or sum."),
    )
    factor = forms.DecimalField(
        label=_("Factor"),
        max_digits=12,
        decimal_places=4,
        initial=1,
        help_text=_("100 for a percentage."),
    )
    decimals = forms.IntegerField(label=_("Decimals"), min_value=0, max_value=6, initial=1)
    unit = forms.CharField(label=_("Unit of measure"), max_length=60, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    groups = CodedMultipleChoiceField(
        label=_("Groups"), queryset=IndicatorGroup.objects.all(), required=False
    )
    green_from = forms.DecimalField(
        label=_("Green from (%)"), max_digits=6, decimal_places=2, initial=100
    )
    amber_from = forms.DecimalField(
        label=_("Amber from (%)"), max_digits=6, decimal_places=2, initial=80
    )


class ValidationRuleForm(MetadataForm):
    left = forms.CharField(
        label=_("Left side"), widget=forms.Textarea(attrs={"rows": 2}), help_text=EXPRESSION_HELP
    )
    operator = forms.ChoiceField(label=_("Operator"), choices=RuleOperator.choices)
    right = forms.CharField(
        label=_("Right side"), widget=forms.Textarea(attrs={"rows": 2}), help_text=EXPRESSION_HELP
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A rule's name is what a reporter reads beside the figures that break it.
        self.fields["name"].label = _("Message")
        self.fields["name"].help_text = _("What a reporter sees when the rule is broken.")


class DataSetForm(MetadataForm):
    period_type = forms.ChoiceField(label=_("Period type"), choices=PeriodTypeChoice.choices)
    elements = CodedMultipleChoiceField(
        label=_("Data elements"),
        queryset=DataElement.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    org_units = CodedMultipleChoiceField(
        label=_("Reporting units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline (days after the period)"), min_value=0, max_value=366, initial=15
    )
    late_days = forms.IntegerField(
        label=_("Late after the deadline (days)"),
        min_value=0,
        max_value=366,
        initial=30,
        help_text=_("Within the deadline a report is on time; within this many more days, late."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = [unit.pk for unit in self.initial.get("org_units", [])]
        field = self.fields["org_units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _units_in_force_or(chosen)


class TargetForm(BootstrapMixin, forms.Form):
    indicator = CodedChoiceField(label=_("Indicator"), queryset=Indicator.objects.all())
    org_unit = CodedChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("The year the target is for, e.g. 2030."),
    )
    value = forms.DecimalField(label=_("Target"), max_digits=24, decimal_places=6)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=24, decimal_places=6, required=False
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.initial.get("org_unit")
        field = self.fields["org_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _units_in_force_or([unit.pk] if isinstance(unit, OrgUnit) else [])

    @classmethod
    def initial_from(cls, obj: Model) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in cls.base_fields}


def _units_in_force_or(chosen: list[int]) -> QuerySet[OrgUnit]:
    """Units in force, and those already chosen even if they have ended since."""
    return OrgUnit.objects.filter(Q(valid_to__isnull=True) | Q(pk__in=chosen)).order_by("path")
