from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    INTEGER = "integer", _("Integer")
    POSITIVE_INTEGER = "positive_integer", _("Positive integer")
    ZERO_OR_POSITIVE_INTEGER = "zero_or_positive_integer", _("Zero or positive integer")
    PERCENTAGE = "percentage", _("Percentage")
    BOOLEAN = "boolean", _("Yes/No")


class Aggregation(models.TextChoices):
    """How values combine over periods and up the org tree."""

    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LAST = "last", _("Last value")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class PeriodTypeChoice(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SIX_MONTHLY = "six_monthly", _("Six-monthly")
    YEARLY = "yearly", _("Yearly")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class RuleOperator(models.TextChoices):
    """How a validation rule compares its two sides."""

    EQUAL = "==", _("equal to")
    NOT_EQUAL = "!=", _("not equal to")
    LESS = "<", _("less than")
    LESS_OR_EQUAL = "<=", _("less than or equal to")
    GREATER = ">", _("greater than")
    GREATER_OR_EQUAL = ">=", _("greater than or equal to")
