"""What the registry's pages share: the policies, the "new row under a parent" guard, the
history box, the service-form base with the module's form template, and a product's image as
a response."""

from __future__ import annotations

import mimetypes
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from tinhso.audit.permissions import AuditEntryPolicy
from tinhso.audit.selectors import history_of
from tinhso.core.policies import VIEW, Policy, Scope
from tinhso.core.views import ScopedObjectMixin, ServiceFormView
from tinhso.traceability.models import Product
from tinhso.traceability.permissions import RegistryPolicy
from tinhso.traceability.services import (  # the services' own policies: one instance each
    batch_policy,
    enterprise_policy,
    link_policy,
    location_policy,
    product_policy,
    serial_policy,
)

__all__ = [
    "batch_policy",
    "enterprise_policy",
    "link_policy",
    "location_policy",
    "product_policy",
    "serial_policy",
]

audit_policy = AuditEntryPolicy()


def history(obj: Model, user: Any) -> dict[str, Any]:
    """The object's audit history for those who read the trail (an enterprise does not)."""
    if not audit_policy.can(user, VIEW):
        return {"show_history": False, "entries": []}
    return {"show_history": True, "entries": history_of(obj, user)}


def image_response(product: Product, *, public: bool) -> FileResponse:
    """The product's image, inline, its type guessed from its name; 404 when it has none or
    its file is gone. ``public``: shared caches may keep it (the resolver's public image)."""
    if not product.image:
        raise Http404
    try:
        handle = product.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = mimetypes.guess_type(product.image.name or "")[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def own_only(policy: Policy, user: Any) -> bool:
    """Whether ``user`` reads only their own enterprise's rows (an enterprise account): its
    lists need no enterprise or commune column or filter."""
    return policy.scope_for(user, VIEW) is Scope.OWN


def drop_filters(filters: Any, *names: str) -> None:
    for name in names:
        filters.form.fields.pop(name, None)


class RegistryFormView(ServiceFormView):
    """A registry form page: the module's template (tabs, file uploads, certifications)."""

    template_name = "traceability/form.html"
    cancel_url_name = "traceability:home"


class ChildCreateMixin(ScopedObjectMixin):
    """A form that adds a row under a parent (an enterprise, a product, a batch): the parent is
    fetched among those the user may read (else 404), then the row's own policy must let the
    user add rows of the parent's enterprise (else 403). The parent is the page's ``object``;
    ``parent_enterprise`` is the attribute path from the parent to its enterprise."""

    parent_policy: ClassVar[Policy]
    parent_enterprise: ClassVar[str] = ""
    policy: ClassVar[RegistryPolicy]

    def get_object(self) -> Any:
        if not hasattr(self, "_object"):
            parents = self.parent_policy.scope(
                self.model._default_manager.all(), self.request.user, VIEW
            )
            parent = get_object_or_404(parents, pk=self.kwargs["pk"])
            enterprise = parent
            for name in filter(None, self.parent_enterprise.split(".")):
                enterprise = getattr(enterprise, name)
            if not self.policy.can_in(self.request.user, self.policy_action, enterprise):
                raise PermissionDenied
            self._object = parent
        return self._object
