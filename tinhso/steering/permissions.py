"""Who may read and change directives, tasks, progress, budgets and steering committees.

The center (staff and administrators) manages everything; leaders read everything; a unit
reporter reads and reports on the tasks whose lead or co-operating unit is in their subtree;
enterprises see nothing here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, Q, QuerySet

from tinhso.core.policies import (
    ADD,
    CHANGE,
    DELETE,
    READ_ALL_REPORTER_UNIT,
    VIEW,
    Policy,
    Rules,
    Scope,
)
from tinhso.core.roles import Role

CANCEL = "cancel"
REPORT = "report"  # post progress, mark done, ask for an extension
DECIDE = "decide"  # accept or return an extension or a reported completion

_CENTER = {Role.ADMINISTRATOR: Scope.ALL, Role.CENTER_STAFF: Scope.ALL}
_READ_ALL = {**_CENTER, Role.LEADER: Scope.ALL, Role.UNIT_REPORTER: Scope.ALL}


class DirectivePolicy(Policy):
    """Directives are public to everyone who works here; the center records them."""

    rules: ClassVar[Rules] = {VIEW: _READ_ALL, ADD: _CENTER, CHANGE: _CENTER}


class TaskPolicy(Policy):
    """Tasks: a reporter's reach is a task whose lead unit or any co-operating unit is in their
    subtree. ``task`` is the lookup from the policed model to its task ("" for Task itself)."""

    rules: ClassVar[Rules] = {
        VIEW: READ_ALL_REPORTER_UNIT,
        ADD: _CENTER,
        CHANGE: _CENTER,
        CANCEL: _CENTER,
        REPORT: {**_CENTER, Role.UNIT_REPORTER: Scope.UNIT},
        DECIDE: _CENTER,
    }
    task: ClassVar[str] = ""

    def scope(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        scope = self.scope_for(user, action)
        if scope is Scope.ALL:
            return queryset
        unit = getattr(user, "org_unit", None)
        if scope is not Scope.UNIT or unit is None:
            return queryset.none()
        return queryset.filter(self._reach(unit.path))

    def can(self, user: Any, action: str, obj: Model | None = None) -> bool:
        scope = self.scope_for(user, action)
        if scope is Scope.NONE:
            return False
        if obj is None or scope is Scope.ALL:
            return True
        unit = getattr(user, "org_unit", None)
        if unit is None:
            return False
        return type(obj)._default_manager.filter(self._reach(unit.path), pk=obj.pk).exists()

    def _reach(self, path: str) -> Q:
        from tinhso.steering.models import Task

        co_led = Task.co_units.through.objects.filter(orgunit__path__startswith=path)
        prefix = self.task
        return Q(**{f"{prefix}lead_unit__path__startswith": path}) | Q(
            **{f"{prefix}pk__in": co_led.values("task_id")}
        )


class TaskRecordPolicy(TaskPolicy):
    """Progress reports and extension requests, reached through their task."""

    task = "task__"
    rules: ClassVar[Rules] = {VIEW: READ_ALL_REPORTER_UNIT, DECIDE: _CENTER}


class ProgrammePolicy(Policy):
    """Programmes: read by everyone who works here; the center records them."""

    rules: ClassVar[Rules] = {VIEW: _READ_ALL, ADD: _CENTER, CHANGE: _CENTER}


class AllocationPolicy(Policy):
    """Allocations: a reporter reads those of units in their subtree; the center records them."""

    rules: ClassVar[Rules] = {VIEW: READ_ALL_REPORTER_UNIT, ADD: _CENTER, CHANGE: _CENTER}
    unit_path = "org_unit__path"


class DisbursementPolicy(Policy):
    """Disbursements follow their allocation's unit; the center records them."""

    rules: ClassVar[Rules] = {VIEW: READ_ALL_REPORTER_UNIT, ADD: _CENTER}
    unit_path = "allocation__org_unit__path"


class SteeringCommitteePolicy(Policy):
    """Committees: a reporter reads those of their subtree; the center records them."""

    rules: ClassVar[Rules] = {VIEW: READ_ALL_REPORTER_UNIT, ADD: _CENTER, CHANGE: _CENTER}
    unit_path = "org_unit__path"


class HolidayPolicy(Policy):
    """The holiday calendar: read by everyone who works here; kept by the center."""

    rules: ClassVar[Rules] = {VIEW: _READ_ALL, ADD: _CENTER, CHANGE: _CENTER, DELETE: _CENTER}
