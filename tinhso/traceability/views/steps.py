"""Recording a supply-chain step of a batch (harvest, processing, packing, shipping, receiving)
as an EPCIS 2.0 event, through the same capture service as the REST interface."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.core.policies import ADD, VIEW
from tinhso.epcis import services as epcis_services
from tinhso.epcis.permissions import EventPolicy
from tinhso.traceability.events import build_event
from tinhso.traceability.forms_steps import StepForm
from tinhso.traceability.models import Batch
from tinhso.traceability.views.common import RegistryFormView, batch_policy


class StepCreateView(RegistryFormView):
    """The form of one step of a batch: its enterprise's users and the center (which captures
    for an enterprise); others who may read the batch are refused (403), the rest see nothing
    (404). The event is owned by the batch's enterprise."""

    policy = EventPolicy()
    policy_action = ADD
    form_class = StepForm
    template_name = "traceability/step_form.html"
    success_message = _("The step was recorded.")  # type: ignore[assignment]

    def get_object(self) -> Batch:
        """The batch, among those the user may read (else 404), if the user may capture events
        for its enterprise (else 403)."""
        if not hasattr(self, "_object"):
            batches = batch_policy.scope(
                Batch.objects.select_related("product__enterprise", "origin"),
                self.request.user,
                VIEW,
            )
            batch = get_object_or_404(batches, pk=self.kwargs["pk"])
            if not self.policy.can(self.request.user, ADD, batch.product.enterprise):
                raise PermissionDenied
            self._object = batch
        batch_found: Batch = self._object
        return batch_found

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("object", self.get_object())
        context = super().get_context_data(**kwargs)
        batch = self.get_object()
        context["title"] = gettext("Record a step of batch %(lot)s") % {"lot": batch.lot}
        context["subtitle"] = batch.product.name
        return context

    def get_initial(self) -> dict[str, Any]:
        batch: Batch = self.get_object()
        return {"quantity": _plain(batch.quantity), "location": batch.origin}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "batch": self.get_object()}

    def perform(self, data: dict[str, Any]) -> Batch:
        batch: Batch = self.get_object()
        event = build_event(
            step=data["step"], batch=batch, moment=data["moment"], location=data["location"],
            quantity=data["quantity"], destination=data["destination_id"], note=data["note"],
        )  # fmt: skip
        job, event_id = epcis_services.capture_event(
            actor=self.request.user, event=event, owner=batch.product.enterprise
        )
        if event_id is None:
            raise ValidationError(
                [f"{problem.get('field')}: {problem.get('message')}" for problem in job.errors]
            )
        return batch


def _plain(amount: Decimal) -> Decimal:
    """Without trailing zeros: "350", not "350,000" (which a Vietnamese reader takes for 350
    thousand), and never in exponent form (``Decimal("350.000").normalize()`` is ``3.5E+2``)."""
    whole = amount.to_integral_value()
    return whole if amount == whole else amount.normalize()
