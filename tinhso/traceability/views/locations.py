"""Pages of locations: the list of those the user may read, adding one to an enterprise and
editing one."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tinhso.core.policies import ADD, CHANGE, VIEW
from tinhso.core.views import ScopedObjectMixin, ScopedView
from tinhso.traceability import services
from tinhso.traceability.filtersets import LocationFilterSet
from tinhso.traceability.forms import LocationForm
from tinhso.traceability.models import Enterprise, Location
from tinhso.traceability.tables import LocationTable
from tinhso.traceability.views.common import (
    ChildCreateMixin,
    RegistryFormView,
    drop_filters,
    enterprise_policy,
    location_policy,
    own_only,
)

PAGE_SIZE = 100


class LocationListView(ScopedView):
    """Farms, plants, warehouses and shops, by enterprise, kind and commune."""

    policy = location_policy
    template_name = "traceability/location_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        locations = location_policy.scope(
            Location.objects.select_related("enterprise", "org_unit"), user, VIEW
        )
        filters = LocationFilterSet(request.GET, queryset=locations, request=request)
        exclude: tuple[str, ...] = ()
        if own_only(location_policy, user):
            drop_filters(filters, "enterprise")
            exclude = ("enterprise",)
        writable = set(location_policy.enterprises(user, CHANGE).values_list("pk", flat=True))
        table = LocationTable(filters.qs, editable=writable, exclude=exclude)
        tables.RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        addable = list(location_policy.enterprises(user, ADD).order_by("name")[:2])
        context = {
            "filter": filters,
            "table": table,
            "add_to": addable[0] if len(addable) == 1 else None,
        }
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{template}#table"
        return render(request, template, context)


class LocationCreateView(ChildCreateMixin, RegistryFormView):
    """Add a location to an enterprise: the enterprise itself, or the center."""

    parent_policy = enterprise_policy
    policy = location_policy
    policy_action = ADD
    model = Enterprise
    form_class = LocationForm
    success_message = _("The location was recorded.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return {"org_unit": self.get_object().org_unit}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("New location of %(enterprise)s") % {"enterprise": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> Location:
        return services.create_location(
            actor=self.request.user, enterprise=self.get_object(), **data
        )


class LocationEditView(ScopedObjectMixin, RegistryFormView):
    """Change a location: the enterprise itself, or the center."""

    policy = location_policy
    policy_action = CHANGE
    model = Location
    form_class = LocationForm
    success_message = _("The location was saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return LocationForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        location = self.get_object()
        context["title"] = _("Edit %(location)s") % {"location": location}
        context["subtitle"] = location.identifier
        return context

    def perform(self, data: dict[str, Any]) -> Location:
        return services.update_location(actor=self.request.user, location=self.get_object(), **data)
