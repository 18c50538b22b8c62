from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DirectiveType(models.TextChoices):
    PLAN = "plan", _("Plan")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    DECISION = "decision", _("Decision")
    DIRECTIVE = "directive", pgettext_lazy("directive type", "Directive")
    RESOLUTION = "resolution", _("Resolution")
    CONCLUSION = "conclusion", _("Conclusion")


class TaskLevel(models.TextChoices):
    """Who assigned the task, from the top down; a sub-task is never above its parent."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    UNIT = "unit", _("Unit")


LEVEL_RANK = {TaskLevel.CENTRAL: 0, TaskLevel.PROVINCE: 1, TaskLevel.UNIT: 2}


class Recurrence(models.TextChoices):
    NONE = "none", _("One-off")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class Review(models.TextChoices):
    """The center's answer to an extension request or a reported completion."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class TaskStatus(models.TextChoices):
    """Derived from the deadline, the progress reports and the date; never stored or typed."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    CANCELLED = "cancelled", _("Cancelled")


# Neither done nor cancelled: the tasks still to be worked on, reported on and reminded of.
OPEN_STATUSES = frozenset(
    {TaskStatus.OVERDUE, TaskStatus.AT_RISK, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED}
)
