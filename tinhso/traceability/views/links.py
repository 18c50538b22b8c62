"""Pages of a product's Digital Link targets: add, edit and remove a link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.views import ScopedObjectMixin, ScopedView
from tinhso.traceability import services
from tinhso.traceability.forms import ProductLinkForm
from tinhso.traceability.models import Product, ProductLink
from tinhso.traceability.views.common import (
    ChildCreateMixin,
    RegistryFormView,
    link_policy,
    product_policy,
)


class LinkCreateView(ChildCreateMixin, RegistryFormView):
    """Add a link to a product: the enterprise itself, or the center."""

    parent_policy = product_policy
    parent_enterprise = "enterprise"
    policy = link_policy
    policy_action = ADD
    model = Product
    form_class = ProductLinkForm
    success_message = _("The link was added.")  # type: ignore[assignment]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("New link of %(product)s") % {"product": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> ProductLink:
        return services.create_product_link(
            actor=self.request.user, product=self.get_object(), **data
        )


class LinkEditView(ScopedObjectMixin, RegistryFormView):
    """Change a product's link: the enterprise itself, or the center."""

    policy = link_policy
    policy_action = CHANGE
    model = ProductLink
    form_class = ProductLinkForm
    success_message = _("The link was saved.")  # type: ignore[assignment]

    def get_initial(self) -> dict[str, Any]:
        return ProductLinkForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        link = self.get_object()
        context["title"] = _("Edit the link %(title)s") % {"title": link.title}
        context["subtitle"] = link.product.name
        return context

    def perform(self, data: dict[str, Any]) -> ProductLink:
        return services.update_product_link(actor=self.request.user, link=self.get_object(), **data)


class LinkDeleteView(ScopedObjectMixin, ScopedView):
    """Ask, then remove a product's link (the audit trail keeps it)."""

    policy = link_policy
    policy_action = DELETE
    model = ProductLink

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        link = self.get_object()
        return render(request, "traceability/link_delete.html", {"object": link})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        link = self.get_object()
        product = link.product
        services.delete_product_link(actor=request.user, link=link)
        messages.success(request, _("The link was removed."))
        return redirect(f"{product.get_absolute_url()}#links")
