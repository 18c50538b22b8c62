"""Pages of the holiday calendar: the days off, year by year, that deadlines counted in working
days skip besides weekends. Everyone who works here reads it; the center keeps it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.dates import local_date
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.views import ScopedObjectMixin, ScopedView, ServiceFormView
from tinhso.steering import services
from tinhso.steering.forms.holidays import HolidayForm
from tinhso.steering.models import Holiday
from tinhso.steering.permissions import HolidayPolicy

holiday_policy = HolidayPolicy()
SATURDAY = 5


def list_url(year: int) -> str:
    return f"{reverse('steering:holiday_list')}?year={year}"


def chosen_year(value: str | None, default: int) -> int:
    """The year asked for, if it is one; else ``default``."""
    try:
        year = int(value or "")
    except ValueError:
        return default
    return year if dt.MINYEAR < year < dt.MAXYEAR else default


class HolidayListView(ScopedView):
    """The days off of one year (the current one by default), with a choice of years."""

    policy = holiday_policy
    template_name = "steering/holiday_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = local_date()
        year = chosen_year(request.GET.get("year"), today.year)
        recorded = {day.year for day in Holiday.objects.dates("date", "year")}
        holidays = Holiday.objects.filter(date__year=year).order_by("date")
        user = request.user
        context = {
            "year": year,
            "years": sorted(recorded | {today.year, today.year + 1, year}),
            "holidays": [(h, h.date.weekday() >= SATURDAY) for h in holidays],
            "can_add": holiday_policy.can(user, ADD),
            "can_change": holiday_policy.can(user, CHANGE),
            "can_delete": holiday_policy.can(user, DELETE),
        }
        return render(request, self.template_name, context)


class HolidayCreateView(ServiceFormView):
    policy = holiday_policy
    policy_action = ADD
    form_class = HolidayForm
    template_name = "steering/holiday_form.html"
    success_message = gettext_lazy("The day off was added.")  # type: ignore[assignment]
    extra_context = {"title": gettext_lazy("Add a day off")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = chosen_year(self.request.GET.get("year"), local_date().year)
        context["cancel_url"] = list_url(year)
        return context

    def perform(self, data: dict[str, Any]) -> Holiday:
        return services.create_holiday(actor=self.request.user, **data)

    def get_success_url_for(self, result: Any) -> str:
        return list_url(result.date.year)


class HolidayEditView(ScopedObjectMixin, ServiceFormView):
    policy = holiday_policy
    policy_action = CHANGE
    model = Holiday
    form_class = HolidayForm
    template_name = "steering/holiday_form.html"
    success_message = gettext_lazy("The day off was saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return HolidayForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        holiday = self.get_object()
        context["title"] = _("Edit the day off %(name)s") % {"name": holiday.name}
        context["cancel_url"] = list_url(holiday.date.year)
        return context

    def perform(self, data: dict[str, Any]) -> Holiday:
        return services.update_holiday(actor=self.request.user, holiday=self.get_object(), **data)

    def get_success_url_for(self, result: Any) -> str:
        return list_url(result.date.year)


class HolidayDeleteView(ScopedObjectMixin, ScopedView):
    """Remove a day entered by mistake, on POST (the list's button asks first); audited."""

    policy = holiday_policy
    policy_action = DELETE
    model = Holiday
    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        holiday = self.get_object()
        year = holiday.date.year
        services.delete_holiday(actor=request.user, holiday=holiday)
        messages.success(request, _("The day off was deleted."))
        return redirect(list_url(year))
