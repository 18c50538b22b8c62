"""Directives, the tasks they assign, progress and extensions; programmes and their money;
steering committees; and the holiday calendar that deadlines are counted against."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import TimeStampedModel
from tinhso.steering.choices import DirectiveType, Recurrence, Review, TaskLevel

# Whole đồng up to 10^18 - 1: larger than any provincial budget, and exact (never float).
MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 0}


class Holiday(models.Model):
    """A public holiday (or a compensating day off): not a working day. Kept as data because the
    calendar is set by decision each year."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class Directive(TimeStampedModel):
    """A document that assigns tasks: a plan, an official letter, a decision, a directive."""

    number = models.CharField(_("number"), max_length=100, help_text=_("e.g. 01-KH/BCĐ"))
    date = models.DateField(_("date"))
    issuing_body = models.CharField(_("issuing body"), max_length=300)
    type = models.CharField(_("type"), max_length=20, choices=DirectiveType.choices)
    summary = models.TextField(_("summary"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="steering/directives/%Y/", blank=True)

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "date"], name="directive_number_date")
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("steering:directive_detail", kwargs={"pk": self.pk})


class Programme(TimeStampedModel):
    """A funded programme over a range of years, e.g. digital transformation 2025."""

    name = models.CharField(_("name"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-first_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="programme_year_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Task(TimeStampedModel):
    """A task a directive assigns to a lead unit (with co-operating units), due by a deadline or
    again and again by a recurrence. Its status is derived (tinhso.steering.status)."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.PROTECT, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=10, choices=TaskLevel.choices)
    title = models.CharField(_("title"), max_length=500)
    lead_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    co_units = models.ManyToManyField(
        "orgunits.OrgUnit",
        verbose_name=_("co-operating units"),
        blank=True,
        related_name="co_tasks",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE
    )
    first_due = models.DateField(_("first due date"), null=True, blank=True)
    last_due = models.DateField(
        _("last due date"),
        null=True,
        blank=True,
        help_text=_("A recurring task ends with the last occurrence due on or before this date."),
    )
    expected_product = models.TextField(_("expected product"), blank=True)
    indicators = models.ManyToManyField(
        "monitoring.Indicator",
        verbose_name=_("indicators"),
        blank=True,
        related_name="steering_tasks",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["directive", "pk"]
        constraints = [
            # A one-off task has a deadline; a recurring one a first due date instead.
            models.CheckConstraint(
                condition=(
                    models.Q(recurrence=Recurrence.NONE, first_due__isnull=True)
                    & models.Q(last_due__isnull=True)
                    & models.Q(deadline__isnull=False)
                )
                | (
                    ~models.Q(recurrence=Recurrence.NONE)
                    & models.Q(first_due__isnull=False, deadline__isnull=True)
                ),
                name="task_deadline_or_recurrence",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("steering:task_detail", kwargs={"pk": self.pk})

    @property
    def is_recurring(self) -> bool:
        return self.recurrence != Recurrence.NONE


class ProgressReport(models.Model):
    """What a unit reports on a task: how far it is, with evidence; or that it is done, with the
    product. Never edited; the center accepts or returns a reported completion."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField(_("narrative"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="steering/evidence/%Y/", blank=True)
    marks_done = models.BooleanField(_("marks the task done"), default=False)
    product = models.FileField(_("product"), upload_to="steering/products/%Y/", blank=True)
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), db_index=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "reported_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="progress_percent_max"
            ),
            models.CheckConstraint(
                condition=models.Q(marks_done=False, review="")
                | models.Q(marks_done=True, percent=100) & ~models.Q(review=""),
                name="progress_done_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.percent}%"


class ExtensionRequest(models.Model):
    """A unit's request to move a one-off task's deadline; the center accepts or returns it."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="extension_requests"
    )
    previous_deadline = models.DateField(_("previous deadline"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} → {self.requested_deadline:%d/%m/%Y}"


class Allocation(models.Model):
    """Money a programme allots for one year to a unit or to a named project."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="allocations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    project = models.CharField(_("project"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount (VND)"), **MONEY)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["programme", "year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(org_unit__isnull=False) | ~models.Q(project=""),
                name="allocation_unit_or_project",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}: {self.project or self.org_unit}"


class Disbursement(models.Model):
    """Money paid out of an allocation, with the document that records it."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=100)
    amount = models.DecimalField(_("amount (VND)"), **MONEY)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_positive")
        ]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.date:%d/%m/%Y})"


class SteeringCommittee(TimeStampedModel):
    """The Resolution-57 steering committee an agency or commune has set up, one per unit."""

    org_unit = models.OneToOneField(
        "orgunits.OrgUnit",
        verbose_name=_("org unit"),
        on_delete=models.PROTECT,
        related_name="steering_committee",
    )
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    head = models.CharField(_("head"), max_length=200)
    members = models.TextField(_("members"), blank=True)

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["org_unit__path"]

    def __str__(self) -> str:
        return f"{self.org_unit} ({self.decision_number})"


class ReminderKind(models.TextChoices):
    """Why a deadline reminder went out (tinhso.steering.reminders)."""

    UPCOMING = "upcoming", _("Deadline approaching")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", _("Overdue")


class ReminderLog(models.Model):
    """A deadline reminder sent to one user about one task's due date on one local date. Its
    uniqueness is what makes the daily job idempotent: nothing is sent twice."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reminders"
    )
    due = models.DateField(_("due date"), help_text=_("The due date of the open deadline."))
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField(_("sent on"), help_text=_("The local date of the run."))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_error = models.TextField(_("e-mail error"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on", "task", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "due", "kind", "sent_on", "recipient"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} ({self.get_kind_display()}, {self.sent_on:%d/%m/%Y})"

    @property
    def key(self) -> str:
        """The key of the in-app notification this reminder sent."""
        return f"steering.reminder:{self.task_id}:{self.due}:{self.kind}:{self.sent_on}"
