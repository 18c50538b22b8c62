"""Pages of the Resolution-57 steering committees: how many agencies and communes/wards have set
one up (of how many there are), the register itself, and the units still without one. The
center records and edits them; leaders read everything; a unit reporter reads their subtree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.selectors import history_of
from tinhso.core.policies import ADD, CHANGE, VIEW
from tinhso.core.views import ScopedDetailView, ScopedObjectMixin, ScopedView, ServiceFormView
from tinhso.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import services
from tinhso.steering.forms.committees import CommitteeForm
from tinhso.steering.models import SteeringCommittee
from tinhso.steering.permissions import SteeringCommitteePolicy

committee_policy = SteeringCommitteePolicy()
PAGE_SIZE = 100
NOWRAP = {"td": {"class": "text-nowrap"}}

AGENCIES = "agencies"
LOCALITIES = "localities"
OTHERS = "others"
GROUPS: dict[str, frozenset[str]] = {
    AGENCIES: frozenset({OrgUnitKind.AGENCY}),
    LOCALITIES: frozenset(LOCAL_KINDS),
}


@dataclass(frozen=True)
class Coverage:
    """How many units of one kind have a committee, and which have none yet."""

    key: str
    label: str | Promise  # in a sentence: "11 of 12 agencies"
    title: str | Promise  # as a heading
    covered: int
    total: int
    missing: list[OrgUnit]


def coverage(user: Any) -> list[Coverage]:
    """Agencies, then communes/wards (in force, within the user's reach): how many have set up
    a committee, of how many, and those that have not."""
    units = committee_policy.reachable_units(OrgUnit.objects.active(), user, VIEW)
    units = units.annotate(
        has_committee=Exists(SteeringCommittee.objects.filter(org_unit=OuterRef("pk")))
    ).filter(kind__in=GROUPS[AGENCIES] | GROUPS[LOCALITIES])
    labels = {AGENCIES: gettext_lazy("agencies"), LOCALITIES: gettext_lazy("communes and wards")}
    titles = {AGENCIES: gettext_lazy("Agencies"), LOCALITIES: gettext_lazy("Communes and wards")}
    listed = list(units.order_by("path"))
    result = []
    for key, kinds in GROUPS.items():
        group = [unit for unit in listed if unit.kind in kinds]
        missing = [unit for unit in group if not unit.has_committee]  # type: ignore[attr-defined]
        covered = len(group) - len(missing)
        result.append(Coverage(key, labels[key], titles[key], covered, len(group), missing))
    return result


def member_list(members: str) -> list[str]:
    """The members, one a line or separated by semicolons as decisions often list them."""
    return [
        name.strip() for line in members.splitlines() for name in line.split(";") if name.strip()
    ]


class CommitteeFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """Narrow the register to agencies, to communes/wards, or to other units."""

    group = django_filters.ChoiceFilter(
        label=gettext_lazy("Units"),
        empty_label=gettext_lazy("All units"),
        choices=[
            (AGENCIES, gettext_lazy("Agencies")),
            (LOCALITIES, gettext_lazy("Communes and wards")),
            (OTHERS, gettext_lazy("Other units")),
        ],
        method="filter_group",
    )
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="filter_q", help_text="")

    class Meta:
        model = SteeringCommittee
        fields = ["q", "group"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["group"].widget.attrs["class"] = "form-select"
        self.form.fields["q"].widget.attrs.update(
            {"class": "form-control", "placeholder": _("Unit, decision or head")}
        )

    def filter_group(
        self, queryset: QuerySet[SteeringCommittee], name: str, value: str
    ) -> QuerySet[SteeringCommittee]:
        if value == OTHERS:
            return queryset.exclude(org_unit__kind__in=GROUPS[AGENCIES] | GROUPS[LOCALITIES])
        return queryset.filter(org_unit__kind__in=GROUPS.get(value, ()))

    def filter_q(
        self, queryset: QuerySet[SteeringCommittee], name: str, value: str
    ) -> QuerySet[SteeringCommittee]:
        return queryset.filter(
            Q(org_unit__name__icontains=value)
            | Q(decision_number__icontains=value)
            | Q(head__icontains=value)
        )


class CommitteeTable(tables.Table):  # type: ignore[misc]
    unit = tables.Column(
        verbose_name=gettext_lazy("Unit"), accessor="org_unit__name", order_by=("org_unit__path",)
    )
    kind = tables.Column(verbose_name=gettext_lazy("Kind"), accessor="org_unit__kind", attrs=NOWRAP)
    decision_number = tables.Column(verbose_name=gettext_lazy("Decision number"))
    decision_date = tables.DateColumn(
        verbose_name=gettext_lazy("Decision date"), short=True, attrs=NOWRAP
    )
    head = tables.Column(verbose_name=gettext_lazy("Head"))
    members = tables.Column(verbose_name=gettext_lazy("Members"), orderable=False, default="—")

    class Meta:
        model = SteeringCommittee
        fields = ["unit", "kind", "decision_number", "decision_date", "head", "members"]
        attrs = {
            "class": "table table-hover table-sm bg-white align-middle",
            "data-testid": "committee-table",
        }
        row_attrs = {"data-unit": lambda record: record.org_unit.code}
        empty_text = gettext_lazy("No committee is recorded yet.")

    def render_unit(self, record: SteeringCommittee) -> SafeString:
        unit = record.org_unit
        ended = (
            format_html(' <span class="badge text-bg-secondary">{}</span>', _("Ended"))
            if not unit.is_active
            else ""
        )
        url = reverse("steering:committee_detail", kwargs={"pk": record.pk})
        return format_html('<a href="{}">{}</a>{}', url, unit.name, ended)

    def render_kind(self, record: SteeringCommittee) -> str:
        return str(record.org_unit.get_kind_display())

    def render_members(self, value: str) -> SafeString:
        names = member_list(value)
        shown = Truncator("; ".join(names)).chars(90)
        return format_html(
            '<span class="badge text-bg-light border">{}</span> <span class="small">{}</span>',
            len(names),
            shown,
        )


class CommitteeListView(ScopedView):
    """The counts, the register and the units without a committee."""

    policy = committee_policy
    template_name = "steering/committee_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        committees = committee_policy.scope(
            SteeringCommittee.objects.select_related("org_unit"), user, VIEW
        ).order_by("org_unit__path")
        filters = CommitteeFilterSet(request.GET, queryset=committees)
        table = CommitteeTable(filters.qs)
        tables.RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        context = {
            "coverage": coverage(user),
            "filter": filters,
            "table": table,
            "can_add": committee_policy.can(user, ADD),
        }
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{template}#table"
        return render(request, template, context)


class CommitteeDetailView(ScopedDetailView):
    """One committee's record and its history. Out of reach: 404."""

    policy = committee_policy
    model = SteeringCommittee
    queryset = SteeringCommittee.objects.select_related("org_unit")
    template_name = "steering/committee_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        committee, user = self.object, self.request.user
        context["members"] = member_list(committee.members)
        context["entries"] = history_of(committee, user)
        context["can_change"] = committee_policy.can(user, CHANGE, committee)
        return context


def committee_url(committee: SteeringCommittee) -> str:
    return reverse("steering:committee_detail", kwargs={"pk": committee.pk})


class CommitteeCreateView(ServiceFormView):
    """Record a unit's committee; ``?unit=<code>`` chooses the unit."""

    policy = committee_policy
    policy_action = ADD
    form_class = CommitteeForm
    template_name = "steering/committee_form.html"
    cancel_url_name = "steering:committee_list"
    success_message = gettext_lazy("The steering committee was recorded.")  # type: ignore[assignment]
    extra_context = {"title": gettext_lazy("Record a steering committee")}

    def units(self) -> QuerySet[OrgUnit]:
        """Units in force, within reach, without a committee yet."""
        units = OrgUnit.objects.active().filter(steering_committee__isnull=True)
        return committee_policy.reachable_units(units, self.request.user, ADD).order_by("path")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "units": self.units()}

    def get_initial(self) -> dict[str, Any]:
        code = self.request.GET.get("unit")
        unit = self.units().filter(code=code).first() if code else None
        return {"org_unit": unit} if unit else {}

    def perform(self, data: dict[str, Any]) -> SteeringCommittee:
        return services.record_steering_committee(actor=self.request.user, **data)

    def get_success_url_for(self, result: Any) -> str:
        return committee_url(result)


class CommitteeEditView(ScopedObjectMixin, ServiceFormView):
    """Change a committee's decision, head or members; its unit stays."""

    policy = committee_policy
    policy_action = CHANGE
    model = SteeringCommittee
    form_class = CommitteeForm
    template_name = "steering/committee_form.html"
    success_message = gettext_lazy("The steering committee was saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return CommitteeForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        committee = self.get_object()
        context["title"] = _("Steering committee of %(unit)s") % {"unit": committee.org_unit}
        context["cancel_url"] = committee_url(committee)
        return context

    def perform(self, data: dict[str, Any]) -> SteeringCommittee:
        return services.update_steering_committee(
            actor=self.request.user, committee=self.get_object(), **data
        )

    def get_success_url_for(self, result: Any) -> str:
        return committee_url(result)
