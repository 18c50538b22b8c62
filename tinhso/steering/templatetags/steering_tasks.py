"""Template helpers of the task pages: the status badge, the percent bar, and the home page's
card of overdue and at-risk tasks."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q
from django.utils.safestring import SafeString

from tinhso.core.dates import local_date
from tinhso.core.policies import VIEW
from tinhso.core.roles import Role
from tinhso.steering.choices import Review, TaskStatus
from tinhso.steering.models import ExtensionRequest, ProgressReport, Task
from tinhso.steering.permissions import DECIDE, REPORT
from tinhso.steering.selectors import task_states
from tinhso.steering.views import common

register = template.Library()

STATE_FIELDS = ("pk", "deadline", "recurrence", "first_due", "last_due", "cancelled_on")


@register.simple_tag
def status_badge(status: TaskStatus) -> SafeString:
    return common.status_badge(TaskStatus(status))


@register.simple_tag
def percent_bar(percent: int) -> SafeString:
    return common.percent_bar(percent)


@register.inclusion_tag("steering/_home_card.html", takes_context=True)
def task_alerts(context: dict[str, Any]) -> dict[str, Any]:
    """Overdue and at-risk tasks among those the user reports on (every task for the center),
    and for the center the reviews waiting; nothing for users who see no tasks."""
    user = context["request"].user
    if not common.task_policy.can(user, REPORT):
        return {"show": False}
    today = local_date()
    tasks = common.task_policy.scope(Task.objects.all(), user, REPORT)
    tasks = tasks.filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=today))
    states = task_states(tasks.only(*STATE_FIELDS), today).values()
    waiting = None
    if common.record_policy.can(user, DECIDE):
        completions = ProgressReport.objects.filter(marks_done=True, review=Review.PENDING)
        extensions = ExtensionRequest.objects.filter(status=Review.PENDING)
        waiting = completions.count() + extensions.count()
    return {
        "show": True,
        "overdue": sum(1 for state in states if state.status == TaskStatus.OVERDUE),
        "at_risk": sum(1 for state in states if state.status == TaskStatus.AT_RISK),
        "waiting": waiting,
        "can_view": common.task_policy.can(user, VIEW),
        "reporter": getattr(user, "role", None) is Role.UNIT_REPORTER,
    }
