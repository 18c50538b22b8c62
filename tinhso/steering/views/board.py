"""The steering board (every task in the user's reach, with its derived status, counted and
filtered by status) and a user's own list of open tasks, most urgent first."""

from __future__ import annotations

import unicodedata
from typing import Any

import django_filters
import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tinhso.core.dates import local_date
from tinhso.core.policies import ADD, VIEW
from tinhso.core.roles import Role
from tinhso.core.views import ScopedView
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.choices import OPEN_STATUSES, Review, TaskLevel, TaskStatus
from tinhso.steering.filtersets import TaskFilterSet
from tinhso.steering.models import Directive, ExtensionRequest, Programme, ProgressReport, Task
from tinhso.steering.permissions import DECIDE, REPORT
from tinhso.steering.views.common import (
    TaskRow,
    folded,
    percent_bar,
    record_policy,
    rows_of,
    status_badge,
    status_counts,
    task_policy,
)

PAGE_SIZE = 50
ATTRS = {"class": "table table-hover table-sm bg-white align-middle"}


class BoardFilterSet(TaskFilterSet):
    """The board's filters: the API's task filters, a title search, and choices limited to
    what the user's tasks use. The status is matched by the view, after counting."""

    q = django_filters.CharFilter(method="filter_later", label=_("Title"))
    directive = django_filters.ModelChoiceFilter(
        queryset=Directive.objects.none(), label=_("Directive"), empty_label=_("All directives")
    )
    lead_unit = django_filters.ModelChoiceFilter(
        to_field_name="code",
        queryset=OrgUnit.objects.none(),
        label=_("Lead unit"),
        empty_label=_("All lead units"),
    )
    level = django_filters.ChoiceFilter(
        choices=TaskLevel.choices, label=_("Level"), empty_label=_("All levels")
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.none(), label=_("Programme"), empty_label=_("All programmes")
    )

    class Meta:
        model = Task
        fields = ["q", "status", "directive", "lead_unit", "level", "programme"]

    def __init__(self, data: QueryDict, queryset: QuerySet[Task], **kwargs: Any) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
        used = {
            "directive": Directive.objects.filter(pk__in=queryset.values("directive")),
            "lead_unit": OrgUnit.objects.filter(pk__in=queryset.values("lead_unit")),
            "programme": Programme.objects.filter(pk__in=queryset.values("programme")),
        }
        for name, choices in used.items():
            self.filters[name].queryset = choices.order_by(*_ORDER[name])
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filter_status(
        self, queryset: QuerySet[Task], name: str, value: list[str]
    ) -> QuerySet[Task]:
        return queryset  # the board counts every status first, then keeps the chosen ones

    def filter_later(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset  # matched in Python (title_matches), the same on SQLite and PostgreSQL


def title_matches(query: str, title: str) -> bool:
    """Case never matters; diacritics matter only when the query has some, so "so hoa" finds
    "Số hóa" while "sổ" does not find "số"."""
    query = " ".join(query.split())
    if not query:
        return True
    if folded(query) == query.casefold():
        return folded(query) in folded(title)
    return unicodedata.normalize("NFC", query.casefold()) in unicodedata.normalize(
        "NFC", title.casefold()
    )


_ORDER = {"directive": ("-date", "number"), "lead_unit": ("path",), "programme": ("name",)}


class BoardTable(tables.Table):  # type: ignore[misc]
    """Rows are TaskRow objects, so the derived due date, percent and status sort too."""

    title = tables.Column(verbose_name=_("Task"), accessor="task__title", order_by=("sort_title",))
    directive = tables.Column(verbose_name=_("Directive"), accessor="task__directive__number")
    lead_unit = tables.Column(verbose_name=_("Lead unit"), accessor="task__lead_unit__name")
    due = tables.DateColumn(verbose_name=_("Due"), short=True, order_by=("due", "sort_title"))
    percent = tables.Column(verbose_name=_("Progress"), order_by=("percent", "sort_title"))
    status = tables.Column(verbose_name=_("Status"), order_by=("rank",))

    class Meta:
        attrs = {**ATTRS, "data-testid": "board-table"}
        row_attrs = {"data-testid": "board-row", "data-status": lambda record: record.status}
        empty_text = _("No task matches.")

    def render_title(self, record: TaskRow) -> SafeString:
        task = record.task
        recurring = task.get_recurrence_display() if task.is_recurring else ""
        return format_html(
            '<a href="{}">{}</a>{}',
            task.get_absolute_url(),
            task.title,
            format_html(' <span class="badge text-bg-light border">{}</span>', recurring)
            if recurring
            else "",
        )

    def render_directive(self, record: TaskRow) -> SafeString:
        directive = record.task.directive
        return format_html('<a href="{}">{}</a>', directive.get_absolute_url(), directive.number)

    def render_percent(self, record: TaskRow) -> SafeString:
        return percent_bar(record.percent)

    def render_status(self, record: TaskRow) -> SafeString:
        return status_badge(record.status)


def _chips(
    request: HttpRequest, counts: dict[TaskStatus, int], chosen: set[str]
) -> tuple[list[dict[str, Any]], str]:
    """One chip per status with its count; following it shows that status alone."""
    chips = []
    for status, count in counts.items():
        query = request.GET.copy()
        query.setlist("status", [status.value])
        query.pop("page", None)
        chips.append(
            {"status": status, "count": count, "url": f"?{query.urlencode()}",
             "active": chosen == {status.value}}
        )  # fmt: skip
    everything = request.GET.copy()
    everything.pop("status", None)
    everything.pop("page", None)
    return chips, f"?{everything.urlencode()}"


class BoardView(ScopedView):
    """Every task the user may see with its derived status: chips count each status (and
    filter by it), then the other filters, a title search, and a sortable, paged table."""

    policy = task_policy
    template_name = "steering/board.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        scoped = task_policy.scope(Task.objects.all(), request.user, VIEW)
        filters = BoardFilterSet(request.GET, queryset=scoped)
        rows = rows_of(filters.qs.select_related("directive", "lead_unit"))
        query = filters.form.cleaned_data.get("q") or ""
        rows = [row for row in rows if title_matches(query, row.task.title)]
        chosen = set(filters.form.cleaned_data.get("status") or [])
        shown = [row for row in rows if not chosen or row.status in chosen]
        table = BoardTable(shown, order_by=request.GET.get("sort"))
        tables.RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        chips, all_url = _chips(request, status_counts(rows), chosen)
        context = {
            "filter": filters,
            "table": table,
            "chips": chips,
            "all_url": all_url,
            "all_count": len(rows),
            "chosen": sorted(chosen),
            "can_add": task_policy.can(request.user, ADD),
        }
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{template}#results"
        return render(request, template, context)


class MyTasksView(ScopedView):
    """The open tasks the user reports on, most urgent first: for a unit reporter those their
    unit (or a unit below it) leads or co-operates on; for the center, every open task.
    Below them, what is waiting for the center's review."""

    policy = task_policy
    policy_action = REPORT
    template_name = "steering/my_tasks.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        tasks = task_policy.scope(Task.objects.all(), user, REPORT)
        tasks = tasks.exclude(cancelled_on__lte=local_date())
        rows = [
            row
            for row in rows_of(tasks.select_related("directive", "lead_unit"))
            if row.status in OPEN_STATUSES
        ]
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        unit = getattr(user, "org_unit", None)
        reporter = getattr(user, "role", None) is Role.UNIT_REPORTER
        context = {
            "page": page,
            "rows": [(row, reporter and _leads(row.task, unit)) for row in page],
            "reporter": reporter,
            "counts": status_counts(rows),
            "can_decide": record_policy.can(user, DECIDE),
            **_waiting(user),
        }
        return render(request, self.template_name, context)


def _leads(task: Task, unit: OrgUnit | None) -> bool:
    return unit is not None and task.lead_unit.path.startswith(unit.path)


def _waiting(user: Any) -> dict[str, Any]:
    """The user's completions and extension requests that the center has not decided yet."""
    completions = record_policy.scope(
        ProgressReport.objects.filter(marks_done=True, review=Review.PENDING), user, VIEW
    )
    extensions = record_policy.scope(
        ExtensionRequest.objects.filter(status=Review.PENDING), user, VIEW
    )
    return {
        "waiting_completions": list(
            completions.select_related("task").order_by("reported_at", "pk")[:PAGE_SIZE]
        ),
        "waiting_extensions": list(
            extensions.select_related("task").order_by("requested_at", "pk")[:PAGE_SIZE]
        ),
    }
