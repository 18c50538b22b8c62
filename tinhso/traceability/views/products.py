"""Pages of products: the list, one product with its batches and links, registering one under
an enterprise, editing it, and its image."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tinhso.core.policies import ADD, CHANGE, DELETE, VIEW
from tinhso.core.views import ScopedDetailView, ScopedObjectMixin, ScopedView
from tinhso.traceability import services
from tinhso.traceability.filtersets import ProductFilterSet
from tinhso.traceability.forms import ProductForm
from tinhso.traceability.locks import product_locked
from tinhso.traceability.models import Enterprise, Product
from tinhso.traceability.selectors import products_with_counts
from tinhso.traceability.tables import ProductTable
from tinhso.traceability.views.common import (
    ChildCreateMixin,
    RegistryFormView,
    batch_policy,
    drop_filters,
    enterprise_policy,
    history,
    image_response,
    link_policy,
    own_only,
    product_policy,
)
from tinhso.traceability.views.labels import serial_label_pages

PAGE_SIZE = 50


class ProductListView(ScopedView):
    """The products this user may read, by enterprise, type and commune."""

    policy = product_policy
    template_name = "traceability/product_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        products = product_policy.scope(
            products_with_counts(Product.objects.select_related("enterprise")), user, VIEW
        )
        filters = ProductFilterSet(request.GET, queryset=products, request=request)
        drop_filters(filters, "gtin")  # the search box matches GTINs of any length already
        exclude: tuple[str, ...] = ()
        if own_only(product_policy, user):
            drop_filters(filters, "enterprise", "org_unit")
            exclude = ("enterprise",)
        table = ProductTable(filters.qs, exclude=exclude)
        tables.RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        addable = list(product_policy.enterprises(user, ADD).order_by("name")[:2])
        context = {
            "filter": filters,
            "table": table,
            "add_to": addable[0] if len(addable) == 1 else None,
        }
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{template}#table"
        return render(request, template, context)


class ProductDetailView(ScopedDetailView):
    """A product: identity, certifications, batches and Digital Link targets. Out of reach: 404."""

    policy = product_policy
    model = Product
    queryset = Product.objects.select_related("enterprise", "enterprise__org_unit")
    template_name = "traceability/product_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        product, user = self.object, self.request.user
        enterprise = product.enterprise
        batches = product.batches.select_related("origin").order_by("-production_date", "lot")
        context.update(
            batches=list(batches),
            links=list(product.links.all()),
            warnings=product.gtin_warnings(),
            can_change=product_policy.can_in(user, CHANGE, enterprise),
            can_add_batch=batch_policy.can_in(user, ADD, enterprise),
            can_add_link=link_policy.can_in(user, ADD, enterprise),
            can_change_link=link_policy.can_in(user, CHANGE, enterprise),
            can_delete_link=link_policy.can_in(user, DELETE, enterprise),
            serial_label_pages=serial_label_pages(product.serials.all()) if product.gtin else (),
            **history(product, user),
        )
        return context


class ProductFormMixin:
    """Passes the certifications to the form, and shows the GTIN's doubts after saving."""

    request: HttpRequest

    def certification_rows(self) -> list[dict[str, Any]] | None:
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["certifications"] = self.certification_rows()
        return kwargs

    def get_success_url_for(self, result: Product) -> str:
        for warning in result.gtin_warnings():
            messages.warning(self.request, warning)
        return result.get_absolute_url()


class ProductCreateView(ProductFormMixin, ChildCreateMixin, RegistryFormView):
    """Register a product of an enterprise: the enterprise itself, or the center."""

    parent_policy = enterprise_policy
    policy = product_policy
    policy_action = ADD
    model = Enterprise
    form_class = ProductForm
    template_name = "traceability/product_form.html"
    success_message = _("The product was registered.")  # type: ignore[assignment]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("New product of %(enterprise)s") % {"enterprise": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> Product:
        data.pop("remove_image", None)
        return services.create_product(
            actor=self.request.user, enterprise=self.get_object(), **data
        )


class ProductEditView(ProductFormMixin, ScopedObjectMixin, RegistryFormView):
    """Change a product: the enterprise itself, or the center."""

    policy = product_policy
    policy_action = CHANGE
    model = Product
    form_class = ProductForm
    template_name = "traceability/product_form.html"
    success_message = _("The product was saved.")  # type: ignore[assignment]

    def certification_rows(self) -> list[dict[str, Any]] | None:
        return ProductForm.certification_rows(self.get_object())

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "gtin_locked": product_locked(self.get_object())}

    def get_initial(self) -> dict[str, Any]:
        return ProductForm.initial_from(self.get_object())

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if not self.get_object().image:
            del form.fields["remove_image"]
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit %(product)s") % {"product": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> Product:
        return services.update_product(actor=self.request.user, product=self.get_object(), **data)


class ProductImageView(ScopedView):
    """The product's image, shown inline to those who may read the product."""

    policy = product_policy

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        product = product_policy.scope(Product.objects.all(), request.user, VIEW).filter(pk=pk)
        found = product.first()
        if found is None:
            raise Http404
        return image_response(found, public=False)
