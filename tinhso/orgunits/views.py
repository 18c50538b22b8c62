"""Pages of the org tree."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.audit.selectors import history_of
from tinhso.core.policies import ADD, CHANGE
from tinhso.core.progress import start_tracked_task
from tinhso.core.roles import Role
from tinhso.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ScopedView,
    ServiceFormView,
)
from tinhso.orgunits import services
from tinhso.orgunits.filtersets import OrgUnitFilterSet
from tinhso.orgunits.forms import (
    AgenciesImportForm,
    AgencyForm,
    LoadProvinceForm,
    OrgUnitEditForm,
    SuccessionForm,
)
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.official import all_province_codes
from tinhso.orgunits.permissions import IMPORT, LOAD, MERGE, OrgUnitPolicy
from tinhso.orgunits.tables import OrgUnitTable
from tinhso.orgunits.tasks import load_provinces_task

policy = OrgUnitPolicy()


class OrgUnitListView(ScopedListView):
    policy = policy
    model = OrgUnit
    table_class = OrgUnitTable
    filterset_class = OrgUnitFilterSet
    queryset = OrgUnit.objects.select_related("parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = policy.can(user, ADD)
        context["can_import"] = policy.can(user, IMPORT)
        context["can_load"] = policy.can(user, LOAD)
        return context


class OrgUnitDetailView(ScopedDetailView):
    policy = policy
    model = OrgUnit
    slug_field = "code"
    slug_url_kwarg = "code"
    queryset = OrgUnit.objects.select_related("parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit, user = self.object, self.request.user
        context["children"] = unit.children.order_by("code")
        context["successions"] = unit.successions.select_related("successor")
        context["predecessions"] = unit.predecessions.select_related("predecessor")
        context["entries"] = history_of(unit, user)
        context["can_change"] = policy.can(user, CHANGE, unit)
        context["can_merge"] = policy.can(user, MERGE, unit) and unit.is_active
        return context


class AgencyCreateView(ServiceFormView):
    policy = policy
    policy_action = ADD
    form_class = AgencyForm
    cancel_url_name = "orgunits:list"
    success_message = gettext_lazy("The unit was created.")
    extra_context = {"title": gettext_lazy("New agency or unit")}

    def perform(self, data: dict[str, Any]) -> OrgUnit:
        return services.create_org_unit(actor=self.request.user, **data)


class OrgUnitEditView(ScopedObjectMixin, ServiceFormView):
    policy = policy
    policy_action = CHANGE
    model = OrgUnit
    lookup = "code"
    form_class = OrgUnitEditForm
    cancel_url_name = "orgunits:list"
    success_message = gettext_lazy("The unit was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        unit = self.get_object()
        kwargs["contact_only"] = self.request.user.role != Role.ADMINISTRATOR  # type: ignore[union-attr]
        kwargs["initial"] = {name: getattr(unit, name) for name in OrgUnitEditForm.base_fields}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit %(unit)s") % {"unit": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> OrgUnit:
        return services.update_org_unit(actor=self.request.user, unit=self.get_object(), **data)


class SuccessionView(ScopedObjectMixin, ServiceFormView):
    policy = policy
    policy_action = MERGE
    model = OrgUnit
    lookup = "code"
    form_class = SuccessionForm
    cancel_url_name = "orgunits:list"
    success_message = gettext_lazy("The merger was recorded; the unit's history is kept.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Record that %(unit)s was merged") % {"unit": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> OrgUnit:
        unit = self.get_object()
        services.record_succession(actor=self.request.user, predecessors=[unit], **data)
        return unit


class AgenciesImportView(ScopedView):
    """Upload a CSV, see the dry run, then confirm; the checked file waits in the session."""

    policy = policy
    policy_action = IMPORT
    template_name = "orgunits/agencies_import.html"
    session_key = "orgunits_agencies_csv"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": AgenciesImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        if "confirm" in request.POST:
            return self._import(request)
        form = AgenciesImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data["file"].read()
        summary = services.import_agencies(actor=request.user, data=data, dry_run=True)
        if summary.ok:
            request.session[self.session_key] = base64.b64encode(data).decode()
        return render(request, self.template_name, {"form": form, "summary": summary})

    def _import(self, request: HttpRequest) -> HttpResponse:
        stored = request.session.pop(self.session_key, None)
        if stored is None:
            messages.error(request, _("Upload the file again: the checked file is no longer here."))
            return redirect("orgunits:import")
        summary = services.import_agencies(actor=request.user, data=base64.b64decode(stored))
        if not summary.ok:
            return render(
                request, self.template_name, {"form": AgenciesImportForm(), "summary": summary}
            )
        messages.success(
            request,
            _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
        )
        return redirect("orgunits:list")


class LoadProvinceView(ServiceFormView):
    """Start loading provinces from the official list in the background, then watch it."""

    policy = policy
    policy_action = LOAD
    form_class = LoadProvinceForm
    cancel_url_name = "orgunits:list"
    extra_context = {"title": gettext_lazy("Load a province from the official list")}

    def perform(self, data: dict[str, Any]) -> str:
        codes = all_province_codes() if data["province"] == "all" else [data["province"]]
        label = _("Load provinces: %(codes)s") % {"codes": ", ".join(codes)}
        progress = start_tracked_task(
            actor=self.request.user, label=label, task=load_provinces_task,
            province_codes=codes, actor_id=self.request.user.pk,
        )  # fmt: skip
        return reverse("core:task_progress", kwargs={"pk": progress.pk})

    def get_success_url_for(self, result: Any) -> str:
        return str(result)
