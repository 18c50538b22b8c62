"""GET /api/v1/steering/dashboard: the task dashboard's figures, as the page shows them, for
systems that chart them elsewhere (the province's IOC wall, a national system)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tinhso.core.dates import local_date
from tinhso.core.policies import VIEW
from tinhso.steering import dashboard
from tinhso.steering.choices import TaskStatus
from tinhso.steering.dashboard import SteeringDashboard, Tally, TaskLine
from tinhso.steering.permissions import TaskPolicy

RATE: dict[str, Any] = {"max_digits": 5, "decimal_places": 1, "allow_null": True}
MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 0}


class DashboardQuerySerializer(serializers.Serializer[None]):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Default: this year."
    )
    directive = serializers.IntegerField(required=False, min_value=1, help_text="Directive id.")
    programme = serializers.IntegerField(required=False, min_value=1, help_text="Programme id.")


class TallySerializer(serializers.Serializer[None]):
    total = serializers.IntegerField()
    by_status = serializers.DictField(
        child=serializers.IntegerField(), help_text=f"Keys: {', '.join(TaskStatus.values)}."
    )
    on_time_rate = serializers.DecimalField(
        **RATE, help_text="Done on time ÷ (done + overdue), in %; null when nothing is judged."
    )


class UnitSerializer(TallySerializer):
    unit = serializers.CharField(help_text="Org unit code.")
    name = serializers.CharField()


class HeatRowSerializer(serializers.Serializer[None]):
    unit = serializers.CharField(help_text="Org unit code.")
    months = TallySerializer(many=True, help_text="January to December, by due date.")


class OverdueSerializer(serializers.Serializer[None]):
    task = serializers.IntegerField()
    title = serializers.CharField()
    lead_unit = serializers.CharField(help_text="Org unit code.")
    due = serializers.DateField(help_text="Moved to the next working day if it was a day off.")
    days_overdue = serializers.IntegerField()
    working_days_overdue = serializers.IntegerField()
    percent = serializers.IntegerField(min_value=0, max_value=100)


class DirectiveLineSerializer(TallySerializer):
    directive = serializers.IntegerField()
    number = serializers.CharField()


class BudgetSerializer(serializers.Serializer[None]):
    programme = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    allocated = serializers.DecimalField(**MONEY)
    disbursed = serializers.DecimalField(**MONEY)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)


class DashboardSerializer(serializers.Serializer[dict[str, Any]]):
    year = serializers.IntegerField()
    as_of = serializers.DateField(help_text="The province's date the statuses are judged on.")
    scope_unit = serializers.CharField(
        allow_null=True, help_text="A reporter's unit; null for those who see every task."
    )
    totals = TallySerializer()
    monitored_percent = serializers.DecimalField(
        **RATE, help_text="Open tasks with a progress report in the last 30 days, in %."
    )
    overdue_from_earlier_years = serializers.IntegerField()
    units = UnitSerializer(many=True)
    heatmap = HeatRowSerializer(many=True)
    overdue = OverdueSerializer(many=True)
    per_directive = DirectiveLineSerializer(many=True)
    budget = BudgetSerializer(many=True)


class SteeringDashboardView(APIView):
    """Every figure of the task dashboard for one year, scoped as the page is."""

    policy = TaskPolicy()
    policy_action = VIEW

    @extend_schema(
        operation_id="steering_dashboard",
        summary="The task dashboard's figures",
        parameters=[DashboardQuerySerializer],
        responses={200: DashboardSerializer},
        tags=["steering"],
    )
    def get(self, request: Request) -> Response:
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = local_date()
        board = dashboard.build(
            user=request.user, year=query.validated_data.get("year", today.year), today=today,
            directive_id=query.validated_data.get("directive"),
            programme_id=query.validated_data.get("programme"),
        )  # fmt: skip
        return Response(DashboardSerializer(_body(board)).data)


def _body(board: SteeringDashboard) -> dict[str, Any]:
    return {
        "year": board.year,
        "as_of": board.today,
        "scope_unit": board.scope_unit.code if board.scope_unit else None,
        "totals": _tally(board.totals),
        "monitored_percent": board.monitored_percent,
        "overdue_from_earlier_years": board.overdue_before,
        "units": [
            {"unit": line.unit.code, "name": line.unit.name, **_tally(line.tally)}
            for line in board.units
        ],
        "heatmap": [
            {"unit": row.unit.code, "months": [_tally(month) for month in row.months]}
            for row in board.heatmap
        ],
        "overdue": [_overdue(line) for line in board.overdue],
        "per_directive": [
            {"directive": line.directive.pk, "number": line.directive.number, **_tally(line.tally)}
            for line in board.per_directive
        ],
        "budget": [
            {
                "programme": line.programme.pk if line.programme else None,
                "name": line.name,
                "allocated": line.allocated,
                "disbursed": line.disbursed,
                "percent": line.percent,
            }
            for line in board.budget
        ],
    }


def _tally(tally: Tally) -> dict[str, Any]:
    return {
        "total": tally.total,
        "by_status": {status.value: count for status, count in tally.by_status()},
        "on_time_rate": tally.on_time_rate,
    }


def _overdue(line: TaskLine) -> dict[str, Any]:
    return {
        "task": line.task.pk,
        "title": line.task.title,
        "lead_unit": line.task.lead_unit.code,
        "due": line.due,
        "days_overdue": line.days_overdue,
        "working_days_overdue": line.working_days_overdue,
        "percent": line.facts.percent,
    }
