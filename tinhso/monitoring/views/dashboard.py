"""The IOC dashboard: the leader's home, and every reader's view of their part of the province."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from tinhso.core.policies import VIEW
from tinhso.core.views import PolicyMixin
from tinhso.monitoring import dashboard
from tinhso.monitoring.demo import has_demo_data
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.monitoring.tables_export import table_download
from tinhso.orgunits.models import OrgUnit

FORMATS = ("csv", "xlsx")


class DashboardView(PolicyMixin, TemplateView):
    """KPI cards, trend and comparison charts, ranking, completeness grid and overdue reports
    for ``?ou=`` (default: the user's root) and ``?year=``; ``?download=<panel>&format=csv|xlsx``
    returns one panel's table."""

    policy = DataValuePolicy()
    policy_action = VIEW
    template_name = "monitoring/dashboard/dashboard.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        board = self._board(request)
        if key := request.GET.get("download"):
            return self._download(board, key, request.GET.get("format", "csv"))
        return self.render_to_response(self.get_context_data(board=board))

    def _board(self, request: HttpRequest) -> dashboard.Dashboard:
        today = timezone.localdate()
        unit = self._unit(request)
        year = _year(request.GET.get("year"), today.year)
        return dashboard.build(
            unit=unit,
            year=year,
            today=today,
            indicator_code=request.GET.get("indicator", ""),
            data_set_code=request.GET.get("dataset", ""),
        )

    def _unit(self, request: HttpRequest) -> OrgUnit:
        code = request.GET.get("ou")
        unit = (
            get_object_or_404(OrgUnit, code=code)
            if code
            else dashboard.reachable_root(request.user)
        )
        if unit is None:
            raise Http404
        if not dashboard.may_see(request.user, unit):
            raise PermissionDenied
        return unit

    def _download(self, board: dashboard.Dashboard, key: str, file_format: str) -> HttpResponse:
        panel = board.panels.get(key)
        if panel is None or file_format not in FORMATS:
            raise Http404
        name = f"{panel.key}-{board.unit.code}-{board.year}"
        return table_download(name, panel.title, panel.columns, panel.rows, file_format)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        board: dashboard.Dashboard = kwargs["board"]
        context["years"] = list(range(timezone.localdate().year, timezone.localdate().year - 6, -1))
        context["overdue_shown"] = dashboard.OVERDUE_SHOWN
        context["has_demo_data"] = has_demo_data()
        context["charts"] = _charts(board)
        context["query"] = _query(self.request, drop=("download", "format"))
        context["query_without_ou"] = _query(self.request, drop=("download", "format", "ou"))
        return context


def _charts(board: dashboard.Dashboard) -> dict[str, Any]:
    """The chart specs the page's script draws, by the data-chart name of their element."""
    charts = {key: panel.chart for key, panel in board.panels.items() if panel.chart is not None}
    for kpi in board.kpis:
        charts[f"kpi-{kpi.indicator.code}"] = {
            "type": "spark",
            "categories": [year for year, _value in kpi.history],
            "series": [{"data": [None if v is None else float(v) for _y, v in kpi.history]}],
        }
    return charts


def _query(request: HttpRequest, drop: tuple[str, ...]) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


def _year(text: str | None, default: int) -> int:
    if text and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return default
