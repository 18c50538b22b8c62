"""Pages of programmes and their money: each programme with what it allotted and paid out, its
allocations by year and by unit or project, its disbursements and the tasks it funds. Money is
Decimal VND throughout (tinhso.steering.money), shown the Vietnamese way: 81.600.000.000 đ.

The center records everything; leaders read everything; a unit reporter reads every programme
but only the allocations and disbursements of their own subtree, and the totals they see are
those of that subtree, so that a page always adds up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.selectors import history_of
from tinhso.core.policies import ADD, CHANGE, VIEW, Scope
from tinhso.core.views import ScopedDetailView, ScopedObjectMixin, ScopedView, ServiceFormView
from tinhso.steering import money, services
from tinhso.steering.forms.money import AllocationForm, DisbursementForm, ProgrammeForm
from tinhso.steering.models import MONEY, Allocation, Disbursement, Programme
from tinhso.steering.permissions import (
    AllocationPolicy,
    DisbursementPolicy,
    ProgrammePolicy,
    TaskPolicy,
)
from tinhso.steering.selectors import allocations_with_totals, programmes_with_totals
from tinhso.steering.views.common import rows_of, status_badge

programme_policy = ProgrammePolicy()
allocation_policy = AllocationPolicy()
disbursement_policy = DisbursementPolicy()
task_policy = TaskPolicy()

BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6
TENTH = Decimal("0.1")


# Showing money ---------------------------------------------------------------------------------


def grouped(amount: Decimal) -> str:
    """Whole đồng with the page language's thousands separator: 81.600.000.000 in Vietnamese."""
    return str(formats.number_format(amount, decimal_pos=0, force_grouping=True))


def vnd(amount: Decimal) -> str:
    """An exact amount with its currency: 81.600.000.000 đ."""
    return _("%(amount)s VND") % {"amount": grouped(amount)}


def short_vnd(amount: Decimal) -> str:
    """An amount rounded for a summary (half up): 81,6 tỷ, 250 triệu; small amounts exact."""
    scales = ((BILLION, _("%(amount)s billion VND")), (MILLION, _("%(amount)s million VND")))
    for unit, message in scales:
        if abs(amount) >= unit:
            rounded = (amount / unit).quantize(TENTH, rounding=ROUND_HALF_UP)
            places = 0 if rounded == rounded.to_integral_value() else 1
            shown = formats.number_format(rounded, decimal_pos=places, force_grouping=True)
            return message % {"amount": shown}
    return vnd(amount)


def shown_percent(percent: Decimal) -> str:
    """A percentage with its two decimals: 83,33%."""
    return f"{formats.number_format(percent, decimal_pos=2)}%"


@dataclass(frozen=True)
class Sums:
    """Money allotted and paid out, with what remains and the share paid (money.py rules)."""

    allocated: Decimal
    disbursed: Decimal

    @property
    def remaining(self) -> Decimal:
        return money.remaining(self.allocated, self.disbursed)

    @property
    def percent(self) -> Decimal:
        return money.percent_disbursed(self.disbursed, self.allocated)

    @property
    def allocated_vnd(self) -> str:
        return vnd(self.allocated)

    @property
    def disbursed_vnd(self) -> str:
        return vnd(self.disbursed)

    @property
    def remaining_vnd(self) -> str:
        return vnd(self.remaining)

    @property
    def percent_shown(self) -> str:
        return shown_percent(self.percent)

    @property
    def allocated_short(self) -> str:
        return short_vnd(self.allocated)

    @property
    def disbursed_short(self) -> str:
        return short_vnd(self.disbursed)

    @property
    def remaining_short(self) -> str:
        return short_vnd(self.remaining)


def added(sums: Iterable[Sums]) -> Sums:
    """The exact totals of several sums."""
    sums = list(sums)
    return Sums(money.total(s.allocated for s in sums), money.total(s.disbursed for s in sums))


def allocation_label(allocation: Allocation) -> str:
    """Who or what the money is for: the unit, the project, or both."""
    unit = allocation.org_unit.name if allocation.org_unit else ""
    return " — ".join(part for part in (unit, allocation.project) if part)


# Reads within the user's reach -----------------------------------------------------------------

_MONEY_FIELD = DecimalField(**MONEY)


def _sum_within(rows: QuerySet[Any], outer: str) -> Coalesce:
    total = (
        rows.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=_MONEY_FIELD), Value(money.ZERO, output_field=_MONEY_FIELD)
    )


def programmes_in_reach(user: Any, year: int | None = None) -> QuerySet[Programme]:
    """Every programme the user may read (those running in ``year`` if given), annotated with
    ``allocated`` and ``disbursed`` over the allocations they may read (all of them, except for
    a unit reporter), of ``year`` only if given."""
    programmes: QuerySet[Programme] = programme_policy.scope(Programme.objects.all(), user, VIEW)
    if year is None and allocation_policy.scope_for(user, VIEW) is Scope.ALL:
        return programmes_with_totals(programmes)
    allocations = allocation_policy.scope(Allocation.objects.all(), user, VIEW)
    disbursements = disbursement_policy.scope(Disbursement.objects.all(), user, VIEW)
    if year is not None:
        programmes = programmes.filter(first_year__lte=year, last_year__gte=year)
        allocations = allocations.filter(year=year)
        disbursements = disbursements.filter(allocation__year=year)
    return programmes.annotate(
        allocated=_sum_within(allocations, "programme"),
        disbursed=_sum_within(disbursements, "allocation__programme"),
    )


def programme_years(user: Any) -> list[int]:
    """Every year some programme the user may read runs in."""
    programmes = programme_policy.scope(Programme.objects.all(), user, VIEW)
    years: set[int] = set()
    for first, last in programmes.values_list("first_year", "last_year"):
        years.update(range(first, last + 1))
    return sorted(years)


def allocations_in_reach(user: Any, **lookup: Any) -> QuerySet[Allocation]:
    """The allocations the user may read, with ``disbursed``, by year then unit."""
    allocations = Allocation.objects.filter(**lookup).select_related("org_unit", "programme")
    scoped = allocation_policy.scope(allocations, user, VIEW)
    # Projects without a unit first, on every database.
    unit = F("org_unit__path").asc(nulls_first=True)
    return allocations_with_totals(scoped).order_by("year", unit, "project", "pk")


@dataclass(frozen=True)
class AllocationRow:
    allocation: Allocation
    sums: Sums

    @property
    def label(self) -> str:
        return allocation_label(self.allocation)


def allocation_rows(allocations: Iterable[Allocation]) -> list[AllocationRow]:
    return [AllocationRow(a, Sums(a.amount, a.disbursed)) for a in allocations]  # type: ignore[attr-defined]


def by_year(rows: Iterable[AllocationRow]) -> list[tuple[int, Sums]]:
    """The rows' totals year by year."""
    years: dict[int, list[Sums]] = defaultdict(list)
    for row in rows:
        years[row.allocation.year].append(row.sums)
    return [(year, added(sums)) for year, sums in sorted(years.items())]


def funded_tasks(programme: Programme, user: Any) -> list[dict[str, Any]]:
    """The tasks the programme funds that the user may read, with their derived status."""
    tasks = task_policy.scope(programme.tasks.select_related("lead_unit", "directive"), user, VIEW)
    return [
        {"row": row, "url": row.task.get_absolute_url(), "badge": status_badge(row.status)}
        for row in rows_of(tasks)
    ]


# Pages -----------------------------------------------------------------------------------------


class ProgrammeListView(ScopedView):
    """Every programme with its years, the money allotted and paid out, and the grand totals."""

    policy = programme_policy
    template_name = "steering/programme_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        years = programme_years(user)
        year = _chosen(request.GET.get("year"), years)
        programmes = programmes_in_reach(user, year).order_by("-first_year", "name")
        rows = [(p, Sums(p.allocated, p.disbursed)) for p in programmes]  # type: ignore[attr-defined]
        context = {
            "rows": rows,
            "totals": added(sums for _p, sums in rows),
            "years": years,
            "year": year,
            "partial": allocation_policy.scope_for(user, VIEW) is not Scope.ALL,
            "can_add": programme_policy.can(user, ADD),
        }
        return render(request, self.template_name, context)


def _chosen(value: str | None, years: list[int]) -> int | None:
    """The year asked for if some programme runs in it; else None (every year)."""
    return next((year for year in years if str(year) == value), None)


class ProgrammeDetailView(ScopedDetailView):
    """A programme: its money by year and by unit or project, its disbursements, the tasks it
    funds and its history."""

    policy = programme_policy
    model = Programme
    template_name = "steering/programme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        programme, user = self.object, self.request.user
        rows = allocation_rows(allocations_in_reach(user, programme=programme))
        disbursements = disbursement_policy.scope(
            Disbursement.objects.filter(allocation__programme=programme), user, VIEW
        )
        context.update(
            rows=rows,
            years=by_year(rows),
            totals=added(row.sums for row in rows),
            partial=allocation_policy.scope_for(user, VIEW) is not Scope.ALL,
            disbursements=[
                (d, allocation_label(d.allocation), vnd(d.amount))
                for d in disbursements.select_related("allocation__org_unit").order_by(
                    "-date", "-pk"
                )
            ],
            tasks=funded_tasks(programme, user),
            entries=history_of(programme, user),
            can_change=programme_policy.can(user, CHANGE, programme),
            can_add_allocation=allocation_policy.can(user, ADD),
            can_change_allocation=allocation_policy.can(user, CHANGE),
            can_disburse=disbursement_policy.can(user, ADD),
        )
        return context


class AllocationDetailView(ScopedDetailView):
    """One allocation: its money, its disbursements and its history. Out of reach: 404."""

    policy = allocation_policy
    model = Allocation
    template_name = "steering/allocation_detail.html"

    def get_queryset(self) -> QuerySet[Allocation]:
        return allocations_in_reach(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        allocation, user = self.object, self.request.user
        disbursements = allocation.disbursements.order_by("-date", "-pk")
        context.update(
            row=allocation_rows([allocation])[0],
            disbursements=[(d, vnd(d.amount)) for d in disbursements],
            entries=history_of(allocation, user),
            can_change=allocation_policy.can(user, CHANGE, allocation),
            can_disburse=disbursement_policy.can(user, ADD),
        )
        return context


def programme_url(programme: Programme | int, anchor: str = "") -> str:
    pk = programme if isinstance(programme, int) else programme.pk
    url = reverse("steering:programme_detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


class ProgrammeCreateView(ServiceFormView):
    policy = programme_policy
    policy_action = ADD
    form_class = ProgrammeForm
    template_name = "steering/programme_form.html"
    cancel_url_name = "steering:programme_list"
    success_message = gettext_lazy("The programme was saved.")  # type: ignore[assignment]
    extra_context = {"title": gettext_lazy("New programme")}

    def perform(self, data: dict[str, Any]) -> Programme:
        return services.create_programme(actor=self.request.user, **data)

    def get_success_url_for(self, result: Any) -> str:
        return programme_url(result)


class ProgrammeEditView(ScopedObjectMixin, ServiceFormView):
    policy = programme_policy
    policy_action = CHANGE
    model = Programme
    form_class = ProgrammeForm
    template_name = "steering/programme_form.html"
    success_message = gettext_lazy("The programme was saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return ProgrammeForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit %(programme)s") % {"programme": self.get_object()}
        context["cancel_url"] = programme_url(self.get_object())
        return context

    def perform(self, data: dict[str, Any]) -> Programme:
        return services.update_programme(
            actor=self.request.user, programme=self.get_object(), **data
        )

    def get_success_url_for(self, result: Any) -> str:
        return programme_url(result)


class AllocationCreateView(ServiceFormView):
    """Allot a programme's money for one of its years to a unit or a project."""

    policy = allocation_policy
    policy_action = ADD
    form_class = AllocationForm
    template_name = "steering/allocation_form.html"
    success_message = gettext_lazy("The allocation was saved.")  # type: ignore[assignment]

    def programme(self) -> Programme:
        if not hasattr(self, "_programme"):
            programmes: QuerySet[Programme] = programme_policy.scope(
                Programme.objects.all(), self.request.user, VIEW
            )
            self._programme = get_object_or_404(programmes, pk=self.kwargs["pk"])
        return self._programme

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "programme": self.programme()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("New allocation of %(programme)s") % {"programme": self.programme()}
        context["cancel_url"] = programme_url(self.programme())
        return context

    def perform(self, data: dict[str, Any]) -> Allocation:
        return services.create_allocation(
            actor=self.request.user, programme=self.programme(), **data
        )

    def get_success_url_for(self, result: Any) -> str:
        return programme_url(result.programme_id, "allocations")


class AllocationEditView(ScopedObjectMixin, ServiceFormView):
    """Change an allocation; its amount cannot drop below what is already paid out."""

    policy = allocation_policy
    policy_action = CHANGE
    model = Allocation
    form_class = AllocationForm
    template_name = "steering/allocation_form.html"
    success_message = gettext_lazy("The allocation was saved.")  # type: ignore[assignment]

    def get_form_kwargs(self) -> dict[str, Any]:
        allocation = self.get_object()
        kwargs = super().get_form_kwargs()
        return {**kwargs, "programme": allocation.programme}

    def get_initial(self) -> dict[str, Any]:
        return AllocationForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        allocation = self.get_object()
        context["title"] = _("Edit the allocation %(allocation)s, %(year)s") % {
            "allocation": allocation_label(allocation), "year": allocation.year,
        }  # fmt: skip
        context["cancel_url"] = reverse("steering:allocation_detail", kwargs={"pk": allocation.pk})
        return context

    def perform(self, data: dict[str, Any]) -> Allocation:
        return services.update_allocation(
            actor=self.request.user, allocation=self.get_object(), **data
        )

    def get_success_url_for(self, result: Any) -> str:
        return programme_url(result.programme_id, "allocations")


class DisbursementCreateView(ServiceFormView):
    """Record money paid out of an allocation; the service refuses more than what remains."""

    policy = disbursement_policy
    policy_action = ADD
    form_class = DisbursementForm
    template_name = "steering/disbursement_form.html"
    success_message = gettext_lazy("The disbursement was recorded.")  # type: ignore[assignment]

    def allocation(self) -> Allocation:
        if not hasattr(self, "_allocation"):
            allocations = allocations_in_reach(self.request.user)
            self._allocation = get_object_or_404(allocations, pk=self.kwargs["pk"])
        return self._allocation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        allocation = self.allocation()
        context.update(
            title=_("Record a disbursement"),
            allocation=allocation,
            row=allocation_rows([allocation])[0],
            cancel_url=programme_url(allocation.programme_id),
        )
        return context

    def perform(self, data: dict[str, Any]) -> Disbursement:
        return services.record_disbursement(
            actor=self.request.user, allocation=self.allocation(), **data
        )

    def get_success_url_for(self, result: Any) -> str:
        return programme_url(self.allocation().programme_id, "disbursements")
