"""Pages of batches and serial numbers: a batch with its serials, recording and editing one,
and adding serial numbers in bulk (a range or a pasted list)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tinhso.core.policies import ADD, CHANGE
from tinhso.core.views import ScopedDetailView, ScopedObjectMixin
from tinhso.traceability import services
from tinhso.traceability.forms import BatchForm, SerialsForm
from tinhso.traceability.gs1.digital_link import parse_digital_link
from tinhso.traceability.locks import batch_locked
from tinhso.traceability.models import Batch, Product
from tinhso.traceability.resolver.journey import Journey, journey_of
from tinhso.traceability.resolver.selectors import Resolved
from tinhso.traceability.views.common import (
    ChildCreateMixin,
    RegistryFormView,
    batch_policy,
    history,
    product_policy,
    serial_policy,
)

SERIALS_PER_PAGE = 200


class BatchDetailView(ScopedDetailView):
    """A batch: its product, dates, quantity, origin, Digital Link, the steps recorded (as its
    consumer page shows them) and serial numbers."""

    policy = batch_policy
    model = Batch
    queryset = Batch.objects.select_related(
        "product", "product__enterprise", "origin", "origin__org_unit"
    )
    template_name = "traceability/batch_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        batch, user = self.object, self.request.user
        enterprise = batch.product.enterprise
        serials = Paginator(batch.serials.order_by("serial"), SERIALS_PER_PAGE)
        context.update(
            serials=serials.get_page(self.request.GET.get("page")),
            journey=batch_journey(batch),
            can_change=batch_policy.can_in(user, CHANGE, enterprise),
            can_add_serials=serial_policy.can_in(user, ADD, enterprise),
            **history(batch, user),
        )
        return context


def batch_journey(batch: Batch) -> Journey | None:
    """The journey the consumer page of ``batch`` shows, so that the enterprise sees on the
    batch's own page exactly what a consumer will; None for a product without a GTIN."""
    if not batch.digital_link_path:
        return None
    return journey_of(Resolved(parse_digital_link(batch.digital_link_path), batch.product, batch))


class BatchCreateView(ChildCreateMixin, RegistryFormView):
    """Record a batch of a product: the enterprise itself, or the center."""

    parent_policy = product_policy
    parent_enterprise = "enterprise"
    policy = batch_policy
    policy_action = ADD
    model = Product
    form_class = BatchForm
    success_message = _("The batch was recorded.")  # type: ignore[assignment]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "enterprise": self.get_object().enterprise}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("New batch of %(product)s") % {"product": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> Batch:
        return services.create_batch(actor=self.request.user, product=self.get_object(), **data)


class BatchEditView(ScopedObjectMixin, RegistryFormView):
    """Change a batch: the enterprise itself, or the center."""

    policy = batch_policy
    policy_action = CHANGE
    model = Batch
    form_class = BatchForm
    success_message = _("The batch was saved.")  # type: ignore[assignment]

    def get_form_kwargs(self) -> dict[str, Any]:
        batch = self.get_object()
        kwargs = super().get_form_kwargs()
        return {**kwargs, "enterprise": batch.product.enterprise, "lot_locked": batch_locked(batch)}

    def get_initial(self) -> dict[str, Any]:
        return BatchForm.initial_from(self.get_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        batch = self.get_object()
        context["title"] = _("Edit batch %(lot)s") % {"lot": batch.lot}
        context["subtitle"] = batch.product.name
        return context

    def perform(self, data: dict[str, Any]) -> Batch:
        return services.update_batch(actor=self.request.user, batch=self.get_object(), **data)


class SerialsAddView(ChildCreateMixin, RegistryFormView):
    """Add serial numbers to a batch, as a range or a pasted list; all or none."""

    parent_policy = batch_policy
    parent_enterprise = "product.enterprise"
    policy = serial_policy
    policy_action = ADD
    model = Batch
    form_class = SerialsForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        batch = self.get_object()
        context["title"] = _("Serial numbers of batch %(lot)s") % {"lot": batch.lot}
        context["subtitle"] = batch.product.name
        return context

    def perform(self, data: dict[str, Any]) -> Batch:
        batch: Batch = self.get_object()
        added = services.add_serials(
            actor=self.request.user, product=batch.product, batch=batch, serials=data["serials"]
        )
        self.added = len(added)
        return batch

    def get_success_url_for(self, result: Batch) -> str:
        message = ngettext(
            "%(count)d serial number was added.", "%(count)d serial numbers were added.", self.added
        )
        messages.success(self.request, message % {"count": self.added})
        return result.get_absolute_url()
