"""Pages of enterprises: the register with its counts, one enterprise's page (its profile,
locations, products and accounts), registering one, editing it and linking its accounts."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tinhso.core.policies import ADD, CHANGE, VIEW, Scope
from tinhso.core.views import ScopedDetailView, ScopedObjectMixin, ScopedView
from tinhso.traceability import services
from tinhso.traceability.filtersets import EnterpriseFilterSet
from tinhso.traceability.forms import (
    EnterpriseForm,
    EnterpriseRegisterForm,
    EnterpriseUsersForm,
    ProfileForm,
)
from tinhso.traceability.models import Enterprise
from tinhso.traceability.permissions import LINK_USERS
from tinhso.traceability.selectors import products_with_counts, with_counts
from tinhso.traceability.tables import EnterpriseTable
from tinhso.traceability.views.common import (
    RegistryFormView,
    enterprise_policy,
    history,
    location_policy,
    product_policy,
)

PAGE_SIZE = 50


class EnterpriseListView(ScopedView):
    """The enterprises this user may read, with their locations, products and batches."""

    policy = enterprise_policy
    template_name = "traceability/enterprise_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        enterprises = enterprise_policy.scope(
            with_counts(Enterprise.objects.select_related("org_unit")), request.user, VIEW
        )
        filters = EnterpriseFilterSet(request.GET, queryset=enterprises, request=request)
        table = EnterpriseTable(filters.qs)
        tables.RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        context = {
            "filter": filters,
            "table": table,
            "can_add": enterprise_policy.can(request.user, ADD),
        }
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{template}#table"
        return render(request, template, context)


class EnterpriseDetailView(ScopedDetailView):
    """An enterprise's profile, accounts, locations and products. Out of reach: 404."""

    policy = enterprise_policy
    model = Enterprise
    queryset = Enterprise.objects.select_related("org_unit")
    template_name = "traceability/enterprise_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        enterprise, user = self.object, self.request.user
        products = products_with_counts(enterprise.products.order_by("name"))
        context.update(
            locations=list(enterprise.locations.select_related("org_unit").order_by("name")),
            products=list(products),
            accounts=list(enterprise.users.order_by("username")),
            can_change=enterprise_policy.can(user, CHANGE, enterprise),
            can_link=enterprise_policy.can(user, LINK_USERS, enterprise),
            can_add_location=location_policy.can_in(user, ADD, enterprise),
            can_change_location=location_policy.can_in(user, CHANGE, enterprise),
            can_add_product=product_policy.can_in(user, ADD, enterprise),
            **history(enterprise, user),
        )
        return context


class EnterpriseCreateView(RegistryFormView):
    """Register an enterprise and the accounts that act for it. Center."""

    policy = enterprise_policy
    policy_action = ADD
    form_class = EnterpriseRegisterForm
    cancel_url_name = "traceability:enterprise_list"
    success_message = _("The enterprise was registered.")  # type: ignore[assignment]
    extra_context = {"title": _("Register an enterprise")}

    def perform(self, data: dict[str, Any]) -> Enterprise:
        return services.register_enterprise(actor=self.request.user, **data)


class EnterpriseEditView(ScopedObjectMixin, RegistryFormView):
    """Change an enterprise: the center everything, the enterprise its profile."""

    policy = enterprise_policy
    policy_action = CHANGE
    model = Enterprise
    success_message = _("The enterprise was saved.")  # type: ignore[assignment]

    def get_form_class(self) -> type[forms.Form]:
        if enterprise_policy.scope_for(self.request.user, CHANGE) is Scope.ALL:
            return EnterpriseForm
        return ProfileForm

    def get_initial(self) -> dict[str, Any]:
        return self.get_form_class().initial_from(self.get_object())  # type: ignore[attr-defined,no-any-return]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit %(enterprise)s") % {"enterprise": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> Enterprise:
        return services.update_enterprise(
            actor=self.request.user, enterprise=self.get_object(), **data
        )


class EnterpriseUsersView(ScopedObjectMixin, RegistryFormView):
    """Choose the enterprise-role accounts that act for an enterprise. Center."""

    policy = enterprise_policy
    policy_action = LINK_USERS
    model = Enterprise
    form_class = EnterpriseUsersForm
    success_message = _("The accounts of the enterprise were saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        users: QuerySet[Any] = self.get_object().users.all()
        return {"users": users}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Accounts of %(enterprise)s") % {"enterprise": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> Enterprise:
        enterprise: Enterprise = self.get_object()
        services.link_enterprise_users(actor=self.request.user, enterprise=enterprise, **data)
        return enterprise
