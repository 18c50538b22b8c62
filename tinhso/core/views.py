"""Base of every page: sign-in required, the app's policy consulted, querysets scoped."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView, RedirectView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from tinhso.core import selectors
from tinhso.core.models import TaskProgress
from tinhso.core.permissions import TaskProgressPolicy
from tinhso.core.policies import VIEW, Policy
from tinhso.core.roles import Role


class PolicyMixin(LoginRequiredMixin):
    """Denies (403) a signed-in user the policy refuses; scopes ``get_queryset`` by the policy."""

    policy: ClassVar[Policy]
    policy_action: ClassVar[str] = VIEW
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not self.policy.can(request.user, self.policy_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset()  # type: ignore[misc]
        return self.policy.scope(queryset, self.request.user, self.policy_action)


class ScopedListView(PolicyMixin, SingleTableMixin, FilterView):
    """A filtered, sortable table; an htmx request gets only the table partial."""

    paginate_by = 50
    template_name_suffix = "_list"

    def get_template_names(self) -> list[str]:
        names: list[str] = super().get_template_names()
        if getattr(self.request, "htmx", False):
            return [f"{name}#table" for name in names]
        return names


class ScopedDetailView(PolicyMixin, DetailView):  # type: ignore[type-arg]
    """One object within the user's scope; out of scope answers 404."""


class ScopedView(PolicyMixin, View):
    """A page that is not a plain list or detail, guarded by the policy all the same."""


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role lands on its own home page, built from what that role may see; a leader's home
    is the operations dashboard."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.role is Role.LEADER:  # type: ignore[union-attr]
            return redirect("monitoring:dashboard")
        return super().get(request, *args, **kwargs)

    def get_template_names(self) -> list[str]:
        role = self.request.user.role  # type: ignore[union-attr]
        return [f"core/home/{role.value}.html" if role else "core/home/no_role.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["counts"] = selectors.org_tree_counts(user)
        context["recent_changes"] = selectors.recent_changes(user)
        context["unit"] = getattr(user, "org_unit", None)
        return context


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers ask for on their own (a PDF opened in a tab, say): the
    site's icon, instead of a 404 in the log each time."""

    permanent = True

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return static("tinhso/favicon.svg")


class TaskProgressView(ScopedDetailView):
    """The progress of a background task; an htmx request gets the bar alone, polled until done."""

    policy = TaskProgressPolicy()
    model = TaskProgress
    template_name = "core/task_progress.html"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return [f"{self.template_name}#progress"]
        return [self.template_name]


class ServiceFormView(PolicyMixin, FormView):  # type: ignore[type-arg]
    """A form whose cleaned data goes to a service; the service's ValidationError is shown on the
    form, field by field, and nothing is written."""

    success_message: ClassVar[str] = ""
    cancel_url_name: ClassVar[str] = "core:home"
    template_name = "components/form_page.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        object_url = getattr(context.get("object"), "get_absolute_url", None)
        context["cancel_url"] = object_url() if object_url else reverse(self.cancel_url_name)
        return context

    def perform(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.perform(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url_for(result))

    def get_success_url_for(self, result: Any) -> str:
        return str(result.get_absolute_url())


class ScopedObjectMixin:
    """For form views on one object: fetch it within the user's scope for this action, else 404."""

    model: ClassVar[type[Model]]
    lookup: ClassVar[str] = "pk"
    policy: ClassVar[Policy]
    policy_action: ClassVar[str]
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Any:
        if not hasattr(self, "_object"):
            queryset = self.policy.scope(
                self.model._default_manager.all(), self.request.user, self.policy_action
            )
            self._object = get_object_or_404(queryset, **{self.lookup: self.kwargs[self.lookup]})
        return self._object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Given before the form view's own context, so that its cancel link can lead back to it.
        kwargs.setdefault("object", self.get_object())
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        return context


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's errors on the form: on the field they name, or above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
