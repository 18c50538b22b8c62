"""The DHIS2 data model, as a province needs it: what is measured (data elements, indicators),
who reports what when (data sets), the reported values, their approval, and the targets."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import TimeStampedModel
from tinhso.monitoring.choices import (
    Aggregation,
    Direction,
    PeriodTypeChoice,
    RuleOperator,
    SubmissionStatus,
    ValueType,
)
from tinhso.orgunits.models import code_validator


class CodedModel(TimeStampedModel):
    """Metadata with a provincial code, the national code where one exists, and two names."""

    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    national_code = models.CharField(
        _("national code"),
        max_length=64,
        blank=True,
        help_text=_("The code in the national framework (e.g. Resolution 71/NQ-CP), if any."),
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


DEFAULT_CODE = "default"


class Category(CodedModel):
    """A way to split a value, e.g. by sex or by ethnic minority. The category and option coded
    "default" (created by a migration) stand for "not split"."""

    class Meta(CodedModel.Meta):
        verbose_name = _("disaggregation category")
        verbose_name_plural = _("disaggregation categories")


class CategoryOption(models.Model):
    """One part of a category, e.g. female."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="options")
    code = models.CharField(_("code"), max_length=64, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category option")
        verbose_name_plural = _("category options")
        ordering = ["category", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="unique_option_code")
        ]

    def __str__(self) -> str:
        return self.name


class DataElement(CodedModel):
    """One thing a unit reports, e.g. the number of startups supported."""

    value_type = models.CharField(_("value type"), max_length=32, choices=ValueType.choices)
    unit = models.CharField(_("unit of measure"), max_length=60, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("disaggregation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="data_elements",
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=20, decimal_places=4, null=True, blank=True
    )

    class Meta(CodedModel.Meta):
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")


class IndicatorGroup(CodedModel):
    """A framework or programme the indicators belong to, e.g. Resolution 57."""

    class Meta(CodedModel.Meta):
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")


class Indicator(CodedModel):
    """A figure computed from data elements: numerator / denominator × factor."""

    numerator = models.TextField(_("numerator"))
    denominator = models.TextField(_("denominator"), default="1")
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    unit = models.CharField(_("unit of measure"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    groups = models.ManyToManyField(
        IndicatorGroup, verbose_name=_("groups"), blank=True, related_name="indicators"
    )
    # Progress towards the target at or above which the indicator is green, and amber.
    green_from = models.DecimalField(
        _("green from (%)"), max_digits=6, decimal_places=2, default=100
    )
    amber_from = models.DecimalField(
        _("amber from (%)"), max_digits=6, decimal_places=2, default=80
    )

    class Meta(CodedModel.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


class ValidationRule(CodedModel):
    """A rule between values of one report, e.g. online dossiers ≤ dossiers received, checked
    when a unit saves its form. Sides are expressions over data elements, as in indicators; the
    name is the message a reporter sees when the rule is broken."""

    left = models.TextField(_("left side"))
    operator = models.CharField(_("operator"), max_length=2, choices=RuleOperator.choices)
    right = models.TextField(_("right side"))

    class Meta(CodedModel.Meta):
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")


class DataSet(CodedModel):
    """What a set of units reports each period, and by when."""

    period_type = models.CharField(
        _("period type"), max_length=16, choices=PeriodTypeChoice.choices
    )
    elements = models.ManyToManyField(
        DataElement, verbose_name=_("data elements"), related_name="data_sets"
    )
    org_units = models.ManyToManyField(
        "orgunits.OrgUnit", verbose_name=_("reporting units"), related_name="data_sets", blank=True
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days after the period)"), default=15
    )
    # A report submitted within deadline_days is on time; within this many more days, late.
    late_days = models.PositiveSmallIntegerField(_("late after the deadline (days)"), default=30)
    # Set by the catalogue, beside the code that feeds the set (tinhso.monitoring.feeds): a
    # person switching it on would not make any module write the values.
    computed = models.BooleanField(
        _("filled by the platform"),
        default=False,
        help_text=_(
            "Its values are counted by another module of the platform (e.g. the traceability "
            "registry) and written every day; nobody enters them, and no report is ever overdue."
        ),
    )

    class Meta(CodedModel.Meta):
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")


class DataValue(models.Model):
    """One reported number: data element × org unit × period × disaggregation option."""

    data_element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="data_values"
    )
    period = models.CharField(_("period"), max_length=8)
    period_type = models.CharField(max_length=16, choices=PeriodTypeChoice.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    # Elements without a disaggregation store their values under the "default" option, as
    # DHIS2 does; one plain unique key then serves upserts on every database.
    option = models.ForeignKey(CategoryOption, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/", blank=True)
    # Raised on every change, so that a stale form cannot overwrite a newer value unseen.
    version = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["data_element", "org_unit", "period", "option"], name="unique_data_value"
            )
        ]
        indexes = [
            models.Index(fields=["data_element", "period_start", "period_end"]),
            models.Index(fields=["org_unit", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.data_element.code} {self.org_unit.code} {self.period} = {self.value}"


class Submission(models.Model):
    """A unit's report of one data set for one period: draft, submitted, approved or returned."""

    data_set = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="submissions")
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.CharField(_("period"), max_length=8)
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for return"), blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "org_unit", "period"], name="unique_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_set.code} {self.org_unit.code} {self.period}"

    @property
    def is_locked(self) -> bool:
        """Approved values change only after an audited unlock."""
        return self.status == SubmissionStatus.APPROVED


class Target(models.Model):
    """Where an indicator should be for a unit in a year, with the baseline it started from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=24, decimal_places=6)
    baseline = models.DecimalField(
        _("baseline"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "org_unit", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org_unit", "year"], name="unique_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.org_unit.code} {self.year}: {self.value}"


class DataImport(models.Model):
    """One bulk load of values (dataValueSets JSON/CSV or a form template): who, what, the
    outcome. A bulk load is audited once, here, rather than value by value."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    file_format = models.CharField(_("format"), max_length=16)
    dry_run = models.BooleanField(_("dry run"), default=False)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    ignored = models.PositiveIntegerField(_("ignored"), default=0)
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)

    class Meta:
        verbose_name = _("data import")
        verbose_name_plural = _("data imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_format} {self.source} {self.created_at:%Y-%m-%d %H:%M}"
