"""The steering dashboard (with its XLSX download) and the Decree 30 progress report page, for
everyone who may read tasks, each seeing the tasks within their reach."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from tinhso.core.dates import local_date
from tinhso.core.decree30.report import DOCX
from tinhso.core.policies import VIEW
from tinhso.core.sheets import XLSX
from tinhso.core.views import PolicyMixin, ScopedView
from tinhso.steering import dashboard
from tinhso.steering.dashboard import STATUS_ORDER, SteeringDashboard
from tinhso.steering.permissions import TaskPolicy
from tinhso.steering.report import wording
from tinhso.steering.report.document import progress_report
from tinhso.steering.report.forms import ProgressReportForm, year_choices
from tinhso.steering.report.workbook import build_xlsx, file_name

OVERDUE_SHOWN = 50


class DashboardView(PolicyMixin, TemplateView):
    """KPI cards, on-time rate by unit, the unit × month heatmap, the overdue list, tasks per
    directive and the budget for ``?year=`` (default this year), ``?directive=`` and
    ``?programme=`` (ids); ``?format=xlsx`` downloads every panel as a workbook."""

    policy = TaskPolicy()
    policy_action = VIEW
    template_name = "steering/dashboard.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = local_date()
        board = dashboard.build(
            user=request.user, year=_year(request.GET.get("year"), today), today=today,
            directive_id=_id(request.GET.get("directive")),
            programme_id=_id(request.GET.get("programme")),
        )  # fmt: skip
        if request.GET.get("format") == "xlsx":
            return attachment(build_xlsx(board), XLSX, file_name(board, "xlsx"))
        return self.render_to_response(self.get_context_data(board=board))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        board: SteeringDashboard = kwargs["board"]
        context.update(
            years=[year for year, _label in year_choices(board.today)],
            charts=charts(board),
            statuses=STATUS_ORDER,
            overdue_shown=OVERDUE_SHOWN,
            months=[month_label(month, board.year) for month in dashboard.MONTHS],
            download_query=_query(self.request, format="xlsx"),
            rules={
                "year": wording.year_rule(),
                "on_time": wording.on_time_rule(),
                "overdue": wording.overdue_rule(),
                "monitored": wording.monitored_rule(),
            },
            monitored_days=dashboard.MONITORED_DAYS,
        )
        return context


class ReportView(ScopedView):
    """The progress report's form (GET) and the DOCX it asks for (POST)."""

    policy = TaskPolicy()
    policy_action = VIEW
    template_name = "steering/report.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, ProgressReportForm(user=request.user, today=local_date()))

    def post(self, request: HttpRequest) -> HttpResponse:
        today = local_date()
        form = ProgressReportForm(request.POST, user=request.user, today=today)
        if not form.is_valid():
            return self._page(request, form)
        data = form.cleaned_data
        body = progress_report(
            actor=request.user, year=data["year"], details=form.details(), today=today,
            directive_id=data["directive"].pk if data["directive"] else None,
            programme_id=data["programme"].pk if data["programme"] else None,
        )  # fmt: skip
        return attachment(body, DOCX, f"bao-cao-tien-do-nhiem-vu-{data['year']}.docx")

    def _page(self, request: HttpRequest, form: ProgressReportForm) -> HttpResponse:
        return render(request, self.template_name, {"form": form})


def attachment(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def month_label(month: int, year: int) -> str:
    return f"{month}/{year}"


# The charts' specs, drawn by steering-dashboard.js ----------------------------------------------


def charts(board: SteeringDashboard) -> dict[str, Any]:
    """The chart specs the page's script draws, by the data-chart name of their element."""
    return {"units": _units_chart(board), "heatmap": _heatmap_chart(board),
            "directives": _directives_chart(board)}  # fmt: skip


def _units_chart(board: SteeringDashboard) -> dict[str, Any]:
    rated = [line for line in board.units if line.rank is not None]
    overall = board.totals.on_time_rate
    return {
        "type": "ranking",
        "categories": [line.unit.name for line in rated],
        "name": _("On-time rate (%)"),
        "data": [float(line.tally.on_time_rate or 0) for line in rated],
        "details": [
            _("%(on_time)s of %(judged)s done on time")
            % {"on_time": line.tally.on_time, "judged": line.tally.judged}
            for line in rated
        ],
        "overall": None if overall is None else float(overall),
        "labels": {"overall": _("Overall")},
    }


def _heatmap_chart(board: SteeringDashboard) -> dict[str, Any]:
    """Cells [month, unit, on-time rate or null, tasks due, done on time, late or overdue]."""
    cells = [
        [month, y, _float(cell.on_time_rate), cell.total, cell.on_time, cell.late_or_overdue]
        for y, row in enumerate(board.heatmap)
        for month, cell in enumerate(row.months)
        if cell.total
    ]
    return {
        "type": "heatmap",
        "months": [str(month) for month in dashboard.MONTHS],
        "units": [row.unit.name for row in board.heatmap],
        "cells": cells,
        "labels": {
            "month": _("Month of %(year)s") % {"year": board.year},
            "due": _("Tasks due"), "on_time": _("Done on time"),
            "late": _("Late or overdue"), "rate": _("On-time rate (%)"),
            "not_judged": _("Nothing due or done yet"),
        },
    }  # fmt: skip


def _directives_chart(board: SteeringDashboard) -> dict[str, Any]:
    lines = board.per_directive
    return {
        "type": "stacked",
        "categories": [line.directive.number for line in lines],
        "series": [
            {"key": status.value, "name": str(status.label),
             "data": [line.tally.of(status) for line in lines]}
            for status in STATUS_ORDER
        ],
    }  # fmt: skip


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _query(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for name, value in changes.items():
        params[name] = value
    return params.urlencode()


def _year(text: str | None, today: dt.date) -> int:
    years = [year for year, _label in year_choices(today)]
    if text and text.isdigit() and int(text) in years:
        return int(text)
    return today.year


def _id(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 10 else None
