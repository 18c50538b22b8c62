"""One task: its page (facts, derived status, progress, extensions, history), the center's
form and cancellation, and reporting on it — progress, completion with the product, a request
for a later deadline — with the files reported, downloaded only by those who may see the task."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.selectors import history_of
from tinhso.core.policies import ADD, CHANGE, VIEW
from tinhso.core.views import ScopedDetailView, ScopedObjectMixin, ScopedView, ServiceFormView
from tinhso.steering import services
from tinhso.steering.choices import OPEN_STATUSES, Review, TaskLevel, TaskStatus
from tinhso.steering.forms.progress import DoneForm, ExtensionForm, ProgressForm
from tinhso.steering.forms.tasks import TaskForm
from tinhso.steering.models import Directive, ProgressReport, Task
from tinhso.steering.permissions import CANCEL, DECIDE, REPORT
from tinhso.steering.status import occurrence_count
from tinhso.steering.views.common import (
    TaskRow,
    download,
    record_policy,
    rows_of,
    task_policy,
)

FORM_TEMPLATE = "steering/workflow_form.html"


class TaskDetailView(ScopedDetailView):
    """Everything about a task: facts, derived status and due date, units, indicators, the tree
    around it, progress with its files, extension requests and the audit history; and the
    buttons this user may use."""

    policy = task_policy
    model = Task
    template_name = "steering/task_detail.html"
    queryset = Task.objects.select_related("directive", "lead_unit", "programme").prefetch_related(
        "co_units", "indicators"
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        row = rows_of([task])[0]
        visible = task_policy.scope(Task.objects.all(), user, VIEW)
        reports = list(
            task.progress_reports.select_related("reported_by", "reviewed_by").order_by(
                "-reported_at", "-pk"
            )
        )
        context.update(
            row=row,
            parent=visible.filter(pk=task.parent_id).first() if task.parent_id else None,
            children=rows_of(visible.filter(parent=task).select_related("lead_unit")),
            reports=reports,
            extensions=task.extension_requests.select_related("requested_by", "decided_by"),
            occurrences=_occurrences(task, reports),
            entries=history_of(task, user),
            **_abilities(user, task, row),
        )
        return context


def _occurrences(task: Task, reports: list[ProgressReport]) -> dict[str, int | None] | None:
    """For a recurring task: how many occurrences are done and, if it ends, how many in all."""
    if not task.is_recurring or task.first_due is None:
        return None
    done = sum(1 for r in reports if r.marks_done and r.review != Review.RETURNED)
    total = (
        occurrence_count(task.first_due, task.recurrence, task.last_due) if task.last_due else None
    )
    return {"done": done, "total": total}


def _abilities(user: Any, task: Task, row: TaskRow) -> dict[str, bool]:
    """What the buttons of the task page offer this user, given the task's state."""
    can_report = row.status in OPEN_STATUSES and task_policy.can(user, REPORT, task)
    waiting = task.extension_requests.filter(status=Review.PENDING).exists() if can_report else True
    return {
        "can_report": can_report,
        "can_extend": can_report and not task.is_recurring and not waiting,
        "can_change": task_policy.can(user, CHANGE, task),
        "can_cancel": row.status != TaskStatus.CANCELLED and task_policy.can(user, CANCEL, task),
        "can_decide": record_policy.can(user, DECIDE),
    }


# The center's form -------------------------------------------------------------------------------


class TaskCreateView(ServiceFormView):
    """A new task; ``?directive=`` and ``?parent=`` fill those fields in."""

    policy = task_policy
    policy_action = ADD
    form_class = TaskForm
    template_name = FORM_TEMPLATE
    cancel_url_name = "steering:board"
    success_message = gettext_lazy("The task was assigned.")  # type: ignore[assignment]
    extra_context = {"title": gettext_lazy("New task")}

    def _chosen(self, model: type[Directive] | type[Task], name: str) -> Any:
        value = self.request.GET.get(name, "")
        return model._default_manager.filter(pk=value).first() if value.isdigit() else None

    @cached_property
    def chosen(self) -> dict[str, Any]:
        parent = self._chosen(Task, "parent")
        directive = parent.directive if parent else self._chosen(Directive, "directive")
        level = parent.level if parent else TaskLevel.PROVINCE
        return {"directive": directive, "parent": parent, "level": level}

    def get_initial(self) -> dict[str, Any]:
        return dict(self.chosen)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "directive": self.chosen["directive"]}

    def perform(self, data: dict[str, Any]) -> Task:
        return services.create_task(actor=self.request.user, **data)


class TaskEditView(ScopedObjectMixin, ServiceFormView):
    policy = task_policy
    policy_action = CHANGE
    model = Task
    form_class = TaskForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The task was saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return TaskForm.initial_from(self.get_object())

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "task": self.get_object()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit task")
        context["task"] = self.get_object()
        return context

    def perform(self, data: dict[str, Any]) -> Task:
        return services.update_task(actor=self.request.user, task=self.get_object(), **data)


class TaskCancelView(ScopedObjectMixin, ScopedView):
    """Asks first (GET), then cancels the task from today (POST); it is kept, shown cancelled."""

    policy = task_policy
    policy_action = CANCEL
    model = Task
    template_name = "steering/task_cancel.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self.get_object()
        return render(request, self.template_name, {"task": task, "object": task})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self.get_object()
        try:
            services.cancel_task(actor=request.user, task=task)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The task was cancelled."))
        return redirect(task)


# Reporting on a task -----------------------------------------------------------------------------


class ReportFormView(ScopedObjectMixin, ServiceFormView):
    """A form about one task the user may report on (their unit's, or any for the center)."""

    policy = task_policy
    policy_action = REPORT
    model = Task
    template_name = FORM_TEMPLATE
    title: ClassVar[Any]
    submit: ClassVar[Any]

    @cached_property
    def row(self) -> TaskRow:
        return rows_of([self.get_object()])[0]

    def intro(self) -> str:
        return ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task = self.get_object()
        context.update(
            title=self.title, intro=self.intro(), task=task, row=self.row,
            cancel_url=task.get_absolute_url(), multipart=True, submit=self.submit,
        )  # fmt: skip
        return context

    def get_success_url_for(self, result: Any) -> str:
        return str(self.get_object().get_absolute_url())


class ProgressView(ReportFormView):
    form_class = ProgressForm
    title = gettext_lazy("Post progress")
    submit = gettext_lazy("Post progress")
    success_message = gettext_lazy("The progress was recorded.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return {"percent": self.row.percent}

    def perform(self, data: dict[str, Any]) -> ProgressReport:
        return services.post_progress(actor=self.request.user, task=self.get_object(), **data)


class DoneView(ReportFormView):
    form_class = DoneForm
    title = gettext_lazy("Mark the task done")
    submit = gettext_lazy("Mark done")
    success_message = gettext_lazy(  # type: ignore[assignment]
        "The task was reported done; the center will review the product."
    )

    def intro(self) -> str:
        if self.get_object().is_recurring and self.row.due:
            message = _(
                "This closes the occurrence due %(date)s at %(percent)s; the center accepts the "
                "product or returns it."
            )
            due = formats.date_format(self.row.due, "SHORT_DATE_FORMAT")
            return message % {"date": due, "percent": "100%"}
        message = _(
            "The task counts as done at %(percent)s from today; the center accepts the product "
            "or returns it."
        )
        return message % {"percent": "100%"}

    def perform(self, data: dict[str, Any]) -> ProgressReport:
        return services.post_progress(
            actor=self.request.user, task=self.get_object(), percent=100, marks_done=True, **data
        )


class ExtensionView(ReportFormView):
    form_class = ExtensionForm
    title = gettext_lazy("Ask for a later deadline")
    submit = gettext_lazy("Send the request")
    success_message = gettext_lazy(  # type: ignore[assignment]
        "The request was sent; the center will decide on it."
    )

    def intro(self) -> str:
        return _("The center accepts the new deadline or returns the request.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "multipart": False}

    def perform(self, data: dict[str, Any]) -> Any:
        return services.request_extension(actor=self.request.user, task=self.get_object(), **data)


# Files reported on tasks -------------------------------------------------------------------------


class ProgressFileView(ScopedView):
    """A progress report's evidence or product, as a download, to whoever may see its task."""

    policy = record_policy
    field: ClassVar[str]

    def reports(self) -> QuerySet[ProgressReport]:
        found = ProgressReport.objects.exclude(**{self.field: ""})
        return record_policy.scope(found, self.request.user, VIEW)

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        return download(getattr(get_object_or_404(self.reports(), pk=pk), self.field))


class EvidenceView(ProgressFileView):
    field = "evidence"


class ProductView(ProgressFileView):
    field = "product"
