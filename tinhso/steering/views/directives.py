"""Directives: the list, one directive with its tasks as a tree, the center's form, and the
attached document, downloaded only by those who may read the directive."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.selectors import history_of
from tinhso.core.policies import ADD, CHANGE, VIEW
from tinhso.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ScopedView,
    ServiceFormView,
)
from tinhso.steering import services
from tinhso.steering.filtersets import DirectiveFilterSet
from tinhso.steering.forms.directives import DirectiveForm
from tinhso.steering.models import Directive, Task
from tinhso.steering.permissions import DirectivePolicy
from tinhso.steering.views.common import (
    TaskRow,
    download,
    rows_of,
    task_policy,
)

policy = DirectivePolicy()
FORM_TEMPLATE = "steering/workflow_form.html"
MAX_INDENT = 3  # tree-depth-1 … tree-depth-3 in site.css
NOWRAP = {"td": {"class": "text-nowrap"}}


class DirectiveTable(tables.Table):  # type: ignore[misc]
    number = tables.Column(verbose_name=gettext_lazy("Number"), attrs=NOWRAP)
    date = tables.DateColumn(verbose_name=gettext_lazy("Date"), short=True, attrs=NOWRAP)
    type = tables.Column(verbose_name=gettext_lazy("Type"))
    issuing_body = tables.Column(verbose_name=gettext_lazy("Issuing body"))
    summary = tables.Column(verbose_name=gettext_lazy("Summary"), orderable=False, default="—")
    task_count = tables.Column(verbose_name=gettext_lazy("Tasks"))

    class Meta:
        model = Directive
        fields = ["number", "date", "type", "issuing_body", "summary", "task_count"]
        attrs = {"class": "table table-hover table-sm bg-white", "data-testid": "directive-table"}
        empty_text = gettext_lazy("No directive matches.")

    def render_number(self, record: Directive) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.number)

    def render_summary(self, value: str) -> str:
        return value if len(value) <= 120 else f"{value[:119]}…"


class DirectiveListView(ScopedListView):
    """Every directive, newest first, with the number of its tasks the user may see."""

    policy = policy
    model = Directive
    table_class = DirectiveTable
    filterset_class = DirectiveFilterSet
    template_name = "steering/directive_list.html"

    def get_queryset(self) -> QuerySet[Directive]:
        reach = task_policy.scope(Task.objects.all(), self.request.user, VIEW)
        seen = Count("tasks", filter=Q(tasks__in=reach.values("pk")))
        directives: QuerySet[Directive] = super().get_queryset()
        return directives.annotate(task_count=seen).order_by("-date", "number")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["can_add"] = policy.can(self.request.user, ADD)
        return context


class DirectiveDetailView(ScopedDetailView):
    """A directive's facts and document, and the tasks it assigns (those the user may see) as
    a tree by parent."""

    policy = policy
    model = Directive
    template_name = "steering/directive_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        directive, user = self.object, self.request.user
        tasks = task_policy.scope(directive.tasks.select_related("lead_unit"), user, VIEW)
        context["tree"] = task_tree(rows_of(tasks.order_by("pk")))
        context["can_change"] = policy.can(user, CHANGE, directive)
        context["can_add_task"] = task_policy.can(user, ADD)
        context["entries"] = history_of(directive, user)
        return context


def task_tree(rows: list[TaskRow]) -> list[tuple[TaskRow, int]]:
    """The rows in tree order (each parent before its children, siblings by id) with their
    indentation; a task whose parent is out of sight starts a tree of its own."""
    by_id = {row.task.pk: row for row in rows}
    children: dict[int | None, list[TaskRow]] = {}
    for row in sorted(rows, key=lambda row: row.task.pk):
        parent = row.task.parent_id if row.task.parent_id in by_id else None
        children.setdefault(parent, []).append(row)
    ordered: list[tuple[TaskRow, int]] = []

    def visit(parent: int | None, depth: int) -> None:
        for row in children.get(parent, []):
            ordered.append((row, min(depth, MAX_INDENT)))
            visit(row.task.pk, depth + 1)

    visit(None, 0)
    return ordered


class DirectiveCreateView(ServiceFormView):
    policy = policy
    policy_action = ADD
    form_class = DirectiveForm
    template_name = FORM_TEMPLATE
    cancel_url_name = "steering:directive_list"
    success_message = gettext_lazy("The directive was recorded.")  # type: ignore[assignment]
    extra_context = {"title": gettext_lazy("New directive"), "multipart": True}

    def perform(self, data: dict[str, Any]) -> Directive:
        attachment = data.pop("attachment")
        return services.create_directive(actor=self.request.user, attachment=attachment, **data)


class DirectiveEditView(ScopedObjectMixin, ServiceFormView):
    policy = policy
    policy_action = CHANGE
    model = Directive
    form_class = DirectiveForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The directive was saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return DirectiveForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        directive = self.get_object()
        context["title"] = _("Edit directive %(number)s") % {"number": directive.number}
        context["multipart"] = True
        context["directive"] = directive
        return context

    def perform(self, data: dict[str, Any]) -> Directive:
        attachment = data.pop("attachment")
        return services.update_directive(
            actor=self.request.user, directive=self.get_object(), attachment=attachment, **data
        )


class DirectiveAttachmentView(ScopedView):
    """The directive's attached document, as a download, to whoever may read the directive."""

    policy = policy

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        directives = policy.scope(Directive.objects.exclude(attachment=""), request.user, VIEW)
        return download(get_object_or_404(directives, pk=pk).attachment)
