"""Serializers of the steering API. Units and indicators are named by code, everything else of
this module by id. Money is a string of whole đồng (a JSON number could lose digits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tinhso.monitoring.models import Indicator
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import money
from tinhso.steering.choices import TaskStatus
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    ExtensionRequest,
    Holiday,
    Programme,
    ProgressReport,
    SteeringCommittee,
    Task,
)
from tinhso.steering.selectors import TaskState, task_states

# Explicit bounds: left to the model, small integers get the database backend's limits and the
# schema would differ between SQLite and PostgreSQL.
YEAR: dict[str, Any] = {"min_value": 2000, "max_value": 2100}
PERCENT: dict[str, Any] = {"min_value": 0, "max_value": 100}
MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 0}
STAMPS = ["created_at", "updated_at"]
# Two decimals, half up (tinhso.steering.money).
PERCENT_DISBURSED = serializers.DecimalField(max_digits=7, decimal_places=2)


def _unit_codes(**kwargs: Any) -> Any:
    return serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all(), **kwargs)


def _username(source: str) -> Any:
    return serializers.CharField(source=f"{source}.username", read_only=True, default=None)


class DirectiveSerializer(serializers.ModelSerializer[Directive]):
    attachment = serializers.FileField(required=False, allow_null=True, use_url=False)

    class Meta:
        model = Directive
        fields = ["id", "number", "date", "issuing_body", "type", "summary", "attachment", *STAMPS]
        read_only_fields = STAMPS
        # One directive per number and date: the service says so on the number field.
        validators: list[Any] = []


class TaskStates(dict[int, TaskState]):
    """The states of the tasks being serialized, worked out together (a list page loads its
    page's tasks at once; a single task or a fresh one is loaded when first asked for)."""

    def load(self, tasks: Iterable[Task]) -> None:
        missing = [task for task in tasks if task.pk not in self]
        if missing:
            self.update(task_states(missing))


class TaskSerializer(serializers.ModelSerializer[Task]):
    """A task with its derived ``status``, the ``due`` date of its open deadline (a recurring
    task's current occurrence) and the latest ``percent`` reported for it."""

    lead_unit = _unit_codes()
    co_units = _unit_codes(many=True, required=False)
    indicators = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), many=True, required=False
    )
    status = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id", "directive", "parent", "level", "title", "lead_unit", "co_units", "deadline",
            "recurrence", "first_due", "last_due", "expected_product", "indicators", "programme",
            "cancelled_on", "status", "due", "percent", *STAMPS,
        ]  # fmt: skip
        read_only_fields = ["cancelled_on", *STAMPS]

    def _state(self, task: Task) -> TaskState:
        states = self.context.get("states")
        if not isinstance(states, TaskStates):
            states = TaskStates()
        if task.pk not in states:
            states.load([task])
        return states[task.pk]

    @extend_schema_field(serializers.ChoiceField(choices=TaskStatus.choices))
    def get_status(self, task: Task) -> str:
        return str(self._state(task).status)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due(self, task: Task) -> dt.date | None:
        return self._state(task).facts.due

    @extend_schema_field(serializers.IntegerField(**PERCENT))
    def get_percent(self, task: Task) -> int:
        return self._state(task).facts.percent


class ProgressReportSerializer(serializers.ModelSerializer[ProgressReport]):
    reported_by = _username("reported_by")
    reviewed_by = _username("reviewed_by")
    evidence = serializers.FileField(read_only=True, use_url=False)
    product = serializers.FileField(read_only=True, use_url=False)
    # Text, not an enum: the choices are the extension status's, and one set gets one name.
    review = serializers.CharField(
        read_only=True, help_text="'' for progress; a completion's pending, accepted or returned."
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id", "task", "percent", "narrative", "evidence", "marks_done", "product",
            "review", "review_note", "reported_by", "reported_at", "reviewed_by", "reviewed_at",
        ]  # fmt: skip
        read_only_fields = fields


class ProgressInputSerializer(serializers.Serializer[None]):
    percent = serializers.IntegerField(**PERCENT, required=False, default=0)
    narrative = serializers.CharField(required=False, default="", allow_blank=True)
    evidence = serializers.FileField(required=False, default=None)
    marks_done = serializers.BooleanField(required=False, default=False)
    product = serializers.FileField(
        required=False, default=None, help_text="Required when marks_done is true."
    )


class ExtensionRequestSerializer(serializers.ModelSerializer[ExtensionRequest]):
    requested_by = _username("requested_by")
    decided_by = _username("decided_by")

    class Meta:
        model = ExtensionRequest
        fields = [
            "id", "task", "previous_deadline", "requested_deadline", "reason", "status",
            "requested_by", "requested_at", "decided_by", "decided_at", "decision_note",
        ]  # fmt: skip
        read_only_fields = fields


class ExtensionInputSerializer(serializers.Serializer[None]):
    requested_deadline = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)


class DecisionSerializer(serializers.Serializer[None]):
    accept = serializers.BooleanField(help_text="true accepts; false returns (give a note).")
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    allocated = serializers.DecimalField(**MONEY, read_only=True)
    disbursed = serializers.DecimalField(**MONEY, read_only=True)
    percent_disbursed = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id", "name", "first_year", "last_year", "allocated", "disbursed",
            "percent_disbursed", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        extra_kwargs = {"first_year": YEAR, "last_year": YEAR}

    @extend_schema_field(PERCENT_DISBURSED)
    def get_percent_disbursed(self, programme: Programme) -> str:
        disbursed = getattr(programme, "disbursed", money.ZERO)
        return str(money.percent_disbursed(disbursed, getattr(programme, "allocated", money.ZERO)))


class AllocationSerializer(serializers.ModelSerializer[Allocation]):
    org_unit = _unit_codes(allow_null=True, required=False)
    amount = serializers.DecimalField(**MONEY)
    disbursed = serializers.DecimalField(**MONEY, read_only=True)
    remaining = serializers.SerializerMethodField()
    percent_disbursed = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = [
            "id", "programme", "year", "org_unit", "project", "amount", "disbursed",
            "remaining", "percent_disbursed",
        ]  # fmt: skip
        extra_kwargs = {"year": YEAR}

    def _disbursed(self, allocation: Allocation) -> Decimal:
        value: Decimal = getattr(allocation, "disbursed", money.ZERO)
        return value

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_remaining(self, allocation: Allocation) -> str:
        return str(money.remaining(allocation.amount, self._disbursed(allocation)))

    @extend_schema_field(PERCENT_DISBURSED)
    def get_percent_disbursed(self, allocation: Allocation) -> str:
        return str(money.percent_disbursed(self._disbursed(allocation), allocation.amount))


class DisbursementSerializer(serializers.ModelSerializer[Disbursement]):
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = Disbursement
        fields = ["id", "allocation", "date", "document_number", "amount", "note"]


class SteeringCommitteeSerializer(serializers.ModelSerializer[SteeringCommittee]):
    org_unit = _unit_codes()

    class Meta:
        model = SteeringCommittee
        fields = [
            "id", "org_unit", "decision_number", "decision_date", "head", "members", *STAMPS,
        ]  # fmt: skip
        read_only_fields = STAMPS
        validators: list[Any] = []
        extra_kwargs: dict[str, dict[str, Any]] = {"org_unit": {"validators": []}}


class HolidaySerializer(serializers.ModelSerializer[Holiday]):
    class Meta:
        model = Holiday
        fields = ["id", "date", "name"]
        extra_kwargs: dict[str, dict[str, Any]] = {"date": {"validators": []}}


# The export for national systems ----------------------------------------------------------------


class ExportProgressSerializer(serializers.Serializer[None]):
    reported_at = serializers.DateTimeField()
    reported_by = serializers.CharField()
    percent = serializers.IntegerField(**PERCENT)
    narrative = serializers.CharField()
    marks_done = serializers.BooleanField()
    review = serializers.CharField(help_text="'' for progress; pending/accepted/returned.")


class ExportDirectiveSerializer(serializers.Serializer[None]):
    number = serializers.CharField(help_text="Số hiệu, e.g. 01-KH/BCĐ.")
    date = serializers.DateField()
    issuing_body = serializers.CharField()
    type = serializers.CharField()


class ExportTaskSerializer(serializers.Serializer[None]):
    id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    directive = ExportDirectiveSerializer()
    level = serializers.CharField(help_text="central, province or unit.")
    title = serializers.CharField()
    lead_unit = serializers.CharField(help_text="Org unit code (official code for communes).")
    co_units = serializers.ListField(child=serializers.CharField())
    deadline = serializers.DateField(allow_null=True)
    recurrence = serializers.CharField(help_text="none, monthly, quarterly or yearly.")
    first_due = serializers.DateField(allow_null=True)
    last_due = serializers.DateField(
        allow_null=True, help_text="A recurring task's end: its last occurrence is due by then."
    )
    due = serializers.DateField(
        allow_null=True, help_text="The open deadline, moved off weekends and holidays."
    )
    expected_product = serializers.CharField()
    indicators = serializers.ListField(child=serializers.CharField(), help_text="Indicator codes.")
    # Text, not an enum, so that the task status enum keeps one name in the schema.
    status = serializers.CharField(help_text=f"One of: {', '.join(TaskStatus.values)}.")
    percent = serializers.IntegerField(**PERCENT)
    done_on = serializers.DateField(allow_null=True)
    cancelled_on = serializers.DateField(allow_null=True)
    progress = ExportProgressSerializer(many=True)


class TaskExportSerializer(serializers.Serializer[dict[str, Any]]):
    """The whole document: when it was made, the local date statuses are judged on, and every
    task in the caller's reach with its progress reports, oldest first."""

    schema = serializers.CharField(help_text="Always 'tinhso.steering.tasks/1'.")
    generated_at = serializers.DateTimeField()
    as_of = serializers.DateField(help_text="Local date (Asia/Ho_Chi_Minh) of the statuses.")
    province = serializers.CharField(allow_null=True, help_text="Code of the root org unit.")
    tasks = ExportTaskSerializer(many=True)
