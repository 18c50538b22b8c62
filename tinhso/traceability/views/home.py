"""The module's front door (each role to its own page), "My enterprise" and the center's
overview by commune and product type."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.core.policies import VIEW
from tinhso.core.views import ScopedView
from tinhso.traceability.choices import ProductCategory
from tinhso.traceability.forms import CommuneField
from tinhso.traceability.permissions import OVERVIEW, PROFILE
from tinhso.traceability.selectors import enterprise_of, overview
from tinhso.traceability.views.common import enterprise_policy


class TraceabilityHomeView(ScopedView):
    """/traceability/: an enterprise to its own page, the center and leaders to the overview,
    a unit reporter to the enterprises of their commune."""

    policy = enterprise_policy
    policy_action = VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        if enterprise_policy.can(request.user, PROFILE):
            return redirect("traceability:mine")
        if enterprise_policy.can(request.user, OVERVIEW):
            return redirect("traceability:overview")
        return redirect("traceability:enterprise_list")


class MyEnterpriseView(ScopedView):
    """The enterprise this account acts for; a word on what to do when there is none yet."""

    policy = enterprise_policy
    policy_action = PROFILE

    def get(self, request: HttpRequest) -> HttpResponse:
        enterprise = enterprise_of(request.user)
        if enterprise is None:
            return render(request, "traceability/not_linked.html")
        return redirect(enterprise.get_absolute_url())


class OverviewFilter(BootstrapMixin, forms.Form):
    commune = CommuneField(
        label=_("Commune or ward"), to_field_name="code", empty_label=_("All communes")
    )
    category = forms.ChoiceField(
        label=_("Product type"),
        required=False,
        choices=[("", _("All types")), *ProductCategory.choices],
    )


class OverviewView(ScopedView):
    """Enterprises, products and batches by commune and by product type, with the enterprises
    using traceability and the products with a QR code. Center and leaders."""

    policy = enterprise_policy
    policy_action = OVERVIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        form = OverviewFilter(request.GET or None)
        chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
        counts = overview(commune=chosen.get("commune"), category=chosen.get("category", ""))
        context = {"overview": counts, "filter_form": form}
        return render(request, "traceability/overview.html", context)
